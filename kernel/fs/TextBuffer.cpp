// TextBuffer (see TextBuffer.hpp).
#include "TextBuffer.hpp"

#include <lib/Format.hpp>

namespace ts::fs {

bool TextBuffer::reserve(size_t needed)
{
    if (needed <= m_capacity)
        return true;
    if (needed > LIMIT) {
        m_failed = true;
        m_error = Error::TooBig;
        return false;
    }
    size_t capacity = m_capacity ? m_capacity : 256;
    while (capacity < needed)
        capacity *= 2;
    auto* data = new (std::nothrow) uint8_t[capacity];
    if (!data) {
        m_failed = true;
        m_error = Error::NoMemory;
        return false;
    }
    for (size_t i = 0; i < m_size; ++i)
        data[i] = m_data[i];
    delete[] m_data;
    m_data = data;
    m_capacity = capacity;
    return true;
}

void TextBuffer::append(const void* data, size_t size)
{
    if (m_failed || !reserve(m_size + size))
        return;
    auto* bytes = static_cast<const uint8_t*>(data);
    for (size_t i = 0; i < size; ++i)
        m_data[m_size + i] = bytes[i];
    m_size += size;
}

void TextBuffer::appendf(const char* fmt, ...)
{
    char line[256];
    va_list args;
    va_start(args, fmt);
    size_t length = vformat(line, sizeof(line), fmt, args);
    va_end(args);
    if (length < sizeof(line)) {
        append(line, length);
        return;
    }
    // Longer than the stack buffer: format again straight into the buffer.
    if (m_failed || !reserve(m_size + length + 1))
        return;
    va_start(args, fmt);
    vformat(reinterpret_cast<char*>(m_data + m_size), length + 1, fmt, args);
    va_end(args);
    m_size += length;
}

Result<void> TextBuffer::status() const
{
    if (m_failed)
        return m_error;
    return {};
}

} // namespace ts::fs
