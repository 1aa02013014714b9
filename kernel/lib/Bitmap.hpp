// Bitmap: a view over an array of 64-bit words, one bit per item. Part of kernel/lib.
// It does not own its storage, so the same code works over a buffer carved out of
// physical memory at boot and over a std::vector in a host test.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts {

class Bitmap {
public:
    static constexpr size_t npos = ~size_t(0);
    static constexpr size_t words_for(size_t bits) { return (bits + 63) / 64; }

    Bitmap() = default;
    Bitmap(uint64_t* words, size_t bits) : m_words(words), m_bits(bits) {}

    size_t size() const { return m_bits; }
    uint64_t* words() const { return m_words; }

    bool get(size_t i) const { return (m_words[i / 64] >> (i % 64)) & 1; }
    void set(size_t i) { m_words[i / 64] |= (uint64_t(1) << (i % 64)); }
    void clear(size_t i) { m_words[i / 64] &= ~(uint64_t(1) << (i % 64)); }
    void assign(size_t i, bool value) { value ? set(i) : clear(i); }

    void fill(bool value);
    void set_range(size_t start, size_t count);
    void clear_range(size_t start, size_t count);
    size_t count_set() const;
    // True when every bit in [start, start + count) is set / clear.
    bool all_set(size_t start, size_t count) const;

    // First set (or clear) bit at index >= from, or npos. Word at a time.
    size_t find_first_set(size_t from = 0) const;
    size_t find_first_clear(size_t from = 0) const;

    // First run of `count` set bits starting at an index >= from that is a multiple of
    // `align` (a power of two, in bits), or npos. Any count, including one larger than the
    // map, is safe to ask for; an align that is not a power of two finds nothing.
    size_t find_set_run(size_t count, size_t from = 0, size_t align = 1) const;

private:
    uint64_t* m_words { nullptr };
    size_t m_bits { 0 };
};

} // namespace ts
