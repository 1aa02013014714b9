// ShareTable: passing an open file to an unrelated process through a one-time key.
// Layer: fs (lib, sched locks, File).
//
// share(file) stores a reference to the file under a fresh random key (128 bits from the
// kernel's CSPRNG, written as 32 hex digits) and returns the key; claim(key), from any
// process, takes the file out again, so a key works exactly once. Keys expire: a claim
// after the deadline fails with Error::Timeout and drops the file. Keys are compared in
// constant time, so timing a failed claim tells nothing about how close a guess was.
//
// The table itself is hardware-free (the caller passes the key and the time) and is
// tested on the host; share()/claim() add the random key and the clock.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>
#include <sched/Spinlock.hpp>

#include "File.hpp"

namespace ts::fs {

inline constexpr size_t SHARE_KEY_LENGTH = 32;
inline constexpr uint64_t DEFAULT_SHARE_TIMEOUT_NS = 60ull * 1000 * 1000 * 1000;

struct ShareKey {
    char text[SHARE_KEY_LENGTH + 1] {};
    StringView view() const { return StringView(text, SHARE_KEY_LENGTH); }
};

// The key text of 16 random bytes.
ShareKey make_share_key(const uint8_t (&bytes)[16]);

class ShareTable {
public:
    static constexpr size_t CAPACITY = 256;

    ShareTable() = default;
    ~ShareTable();
    ShareTable(const ShareTable&) = delete;
    ShareTable& operator=(const ShareTable&) = delete;

    // Stores `file` under `key` until `deadline_ns`. Expired entries are dropped first;
    // Error::NoSpace when CAPACITY keys are outstanding, Error::Exists for a key in use.
    Result<void> insert(const ShareKey& key, File& file, uint64_t deadline_ns, uint64_t now_ns);
    // Takes the file out. NotFound for a key never issued or already claimed; Timeout
    // for one that expired (which is then forgotten too); BadFormat for a malformed key.
    Result<NonnullRefPtr<File>> claim(StringView key, uint64_t now_ns);
    size_t size() const;

private:
    struct Slot {
        ShareKey key;
        File* file { nullptr }; // holds one reference while set
        uint64_t deadline_ns { 0 };
    };
    size_t drop_expired_locked(uint64_t now_ns, File** released, size_t capacity) TS_REQUIRES(m_lock);

    mutable Spinlock m_lock { LockRank::ShareTable };
    Slot m_slots[CAPACITY] TS_GUARDED_BY(m_lock);
};

// The kernel's table, with keys from the CSPRNG and deadlines from the monotonic clock.
Result<ShareKey> share(File& file, uint64_t timeout_ns = DEFAULT_SHARE_TIMEOUT_NS);
Result<NonnullRefPtr<File>> claim(StringView key);

} // namespace ts::fs
