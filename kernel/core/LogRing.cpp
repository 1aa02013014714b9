// LogRing: see LogRing.hpp.
#include "LogRing.hpp"

namespace ts {

void LogRing::append(const char* text, size_t length)
{
    if (m_capacity == 0)
        return;
    if (length > m_capacity)
        length = m_capacity;
    for (size_t i = 0; i < length; ++i)
        m_storage[(m_write + i) % m_capacity] = text[i];
    m_write += length;
}

uint64_t LogRing::first_line_at_or_after(uint64_t position) const
{
    // The byte before `position` being a newline means `position` starts a line.
    uint64_t oldest = oldest_position();
    if (position <= oldest && oldest == 0)
        return 0;
    while (position < m_write) {
        if (position > oldest && at(position - 1) == '\n')
            return position;
        ++position;
    }
    return m_write;
}

LogRing::ReadResult LogRing::read(uint64_t position, char* buffer, size_t size) const
{
    ReadResult result { 0, position, 0 };
    uint64_t oldest = oldest_position();
    if (position < oldest) {
        uint64_t start = first_line_at_or_after(oldest);
        result.skipped = start - position;
        position = start;
    }
    if (position > m_write)
        position = m_write;
    // Copy whole lines while they fit; a first line larger than the buffer is cut.
    uint64_t line_start = position;
    size_t copied = 0;
    for (uint64_t p = position; p < m_write && copied < size; ++p) {
        buffer[copied++] = at(p);
        if (at(p) == '\n')
            line_start = p + 1;
    }
    uint64_t end = position + copied;
    if (end < m_write && line_start > position) {
        // Stopped mid-line after at least one whole line: hand out only the whole ones.
        copied = static_cast<size_t>(line_start - position);
        end = line_start;
    }
    result.bytes = copied;
    result.next = end;
    return result;
}

} // namespace ts
