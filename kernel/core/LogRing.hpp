// LogRing: the byte ring holding the most recent kernel log lines.
// Layer: core, hardware-free (host-tested in tests/host/core). The owner serialises
// writers; readers keep their own position, so any number of them (the /dev/klog files of
// issue 4) can follow the log independently.
//
// Positions are absolute byte counts since boot (they never wrap in practice: 2^64 bytes).
// The ring holds bytes [write_position - capacity, write_position). A reader that has
// fallen further behind is moved forward to the oldest line still present (and told how
// many bytes it lost), so it never sees half a line.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts {

class LogRing {
public:
    LogRing(char* storage, size_t capacity) : m_storage(storage), m_capacity(capacity) {}

    // Appends one line; a line longer than the ring is truncated to fit.
    void append(const char* text, size_t length);

    uint64_t write_position() const { return m_write; }
    uint64_t oldest_position() const { return m_write > m_capacity ? m_write - m_capacity : 0; }

    struct ReadResult {
        size_t bytes;     // copied into the buffer
        uint64_t next;    // the position to read from next time
        uint64_t skipped; // bytes lost because the reader fell behind
    };
    // Copies whole lines starting at `position` into buffer (at least one line, cut if the
    // buffer is smaller than it).
    ReadResult read(uint64_t position, char* buffer, size_t size) const;

private:
    char at(uint64_t position) const { return m_storage[position % m_capacity]; }
    uint64_t first_line_at_or_after(uint64_t position) const;

    char* m_storage;
    size_t m_capacity;
    uint64_t m_write { 0 };
};

} // namespace ts
