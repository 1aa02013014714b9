// Bitmap word-at-a-time algorithms. See Bitmap.hpp.
#include "Bitmap.hpp"

#include "Math.hpp"

namespace ts {

void Bitmap::fill(bool value)
{
    size_t words = words_for(m_bits);
    for (size_t i = 0; i < words; ++i)
        m_words[i] = value ? ~uint64_t(0) : 0;
}

void Bitmap::set_range(size_t start, size_t count)
{
    size_t i = start, end = start + count;
    for (; i < end && (i % 64) != 0; ++i)
        set(i);
    for (; i + 64 <= end; i += 64)
        m_words[i / 64] = ~uint64_t(0);
    for (; i < end; ++i)
        set(i);
}

void Bitmap::clear_range(size_t start, size_t count)
{
    size_t i = start, end = start + count;
    for (; i < end && (i % 64) != 0; ++i)
        clear(i);
    for (; i + 64 <= end; i += 64)
        m_words[i / 64] = 0;
    for (; i < end; ++i)
        clear(i);
}

size_t Bitmap::count_set() const
{
    size_t total = 0;
    size_t full = m_bits / 64;
    for (size_t w = 0; w < full; ++w)
        total += static_cast<size_t>(__builtin_popcountll(m_words[w]));
    for (size_t i = full * 64; i < m_bits; ++i)
        total += get(i);
    return total;
}

bool Bitmap::all_set(size_t start, size_t count) const
{
    for (size_t i = start; i < start + count; ++i) {
        if ((i % 64) == 0 && i + 64 <= start + count) {
            if (m_words[i / 64] != ~uint64_t(0))
                return false;
            i += 63;
            continue;
        }
        if (!get(i))
            return false;
    }
    return true;
}

size_t Bitmap::find_first_set(size_t from) const
{
    if (from >= m_bits)
        return npos;
    size_t w = from / 64;
    uint64_t word = m_words[w] & (~uint64_t(0) << (from % 64));
    size_t words = words_for(m_bits);
    while (true) {
        if (word != 0) {
            size_t index = w * 64 + count_trailing_zeros(word);
            return index < m_bits ? index : npos;
        }
        if (++w >= words)
            return npos;
        word = m_words[w];
    }
}

size_t Bitmap::find_first_clear(size_t from) const
{
    if (from >= m_bits)
        return npos;
    size_t w = from / 64;
    uint64_t word = ~m_words[w] & (~uint64_t(0) << (from % 64));
    size_t words = words_for(m_bits);
    while (true) {
        if (word != 0) {
            size_t index = w * 64 + count_trailing_zeros(word);
            return index < m_bits ? index : npos;
        }
        if (++w >= words)
            return npos;
        word = ~m_words[w];
    }
}

namespace {

// align_up for bit indices, or Bitmap::npos when rounding up would pass the end of size_t.
size_t round_up(size_t value, size_t align)
{
    size_t rounded = align_up(value, align);
    return rounded < value ? Bitmap::npos : rounded;
}

} // namespace

size_t Bitmap::find_set_run(size_t count, size_t from, size_t align) const
{
    if (count == 0 || count > m_bits || !is_power_of_two(align))
        return npos;
    // Candidates are compared with the last start that leaves room for the run, never by
    // computing start + count, which wraps around for counts near the top of size_t.
    size_t last_start = m_bits - count;
    size_t start = round_up(from, align);
    while (start <= last_start) {
        // Skip to the next set bit, then re-align.
        size_t first = find_first_set(start);
        if (first == npos)
            return npos;
        start = round_up(first, align);
        if (start > last_start)
            return npos;
        // Check the run; on failure restart after the first clear bit inside it.
        size_t clear_at = find_first_clear(start);
        if (clear_at == npos || clear_at - start >= count)
            return start;
        start = round_up(clear_at + 1, align);
    }
    return npos;
}

} // namespace ts
