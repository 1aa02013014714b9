// TextBuffer: a growable byte buffer for generated file contents (sysfs snapshots, /proc
// files). Layer: fs (lib only). Appends never fail silently: the first allocation
// failure or overflow of the limit is remembered and reported by status().
#pragma once

#include <cstdarg>
#include <cstddef>
#include <cstdint>

#include <lib/Result.hpp>
#include <lib/StringView.hpp>

namespace ts::fs {

class TextBuffer {
public:
    static constexpr size_t LIMIT = 1024 * 1024;

    TextBuffer() = default;
    ~TextBuffer() { delete[] m_data; }
    TextBuffer(const TextBuffer&) = delete;
    TextBuffer& operator=(const TextBuffer&) = delete;

    void append(const void* data, size_t size);
    void append(StringView text) { append(text.data(), text.size()); }
    void appendf(const char* fmt, ...) __attribute__((format(printf, 2, 3)));

    const uint8_t* data() const { return m_data; }
    size_t size() const { return m_size; }
    // NoMemory or TooBig if an append could not be completed.
    Result<void> status() const;

private:
    bool reserve(size_t needed);
    uint8_t* m_data { nullptr };
    size_t m_size { 0 };
    size_t m_capacity { 0 };
    Error m_error { Error::InvalidArgument };
    bool m_failed { false };
};

} // namespace ts::fs
