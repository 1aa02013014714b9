// Poll: waiting on many files at once, with a timeout. Layer: fs (sched wait queues).
//
// Every file type that can make a reader or writer wait owns a PollQueue and calls
// notify() when its readiness may have changed (data arrived, space freed, the other end
// closed, a process exited). poll() asks each file for its ready events; if none are
// ready it registers one PollTable on every file's queue (Vnode::poll does that for its
// own queue) and sleeps until any queue notifies or the deadline passes, then asks again.
//
// One PollTable belongs to one sleeping thread and lives on its stack. Its entries are
// linked into the files' queues under each queue's spinlock, and unlinked under the
// same lock before poll() returns, so a notifier never touches a table that is gone.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Atomic.hpp>
#include <lib/IntrusiveList.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <sched/Spinlock.hpp>
#include <sched/WaitQueue.hpp>

namespace ts::fs {

class File;
class PollTable;

struct PollEntry {
    ListNode node;
    PollTable* table { nullptr };
    class PollQueue* queue { nullptr };
};

class PollQueue {
public:
    PollQueue() = default;
    ~PollQueue();
    PollQueue(const PollQueue&) = delete;
    PollQueue& operator=(const PollQueue&) = delete;

    // Wakes every poller registered here (they re-check their files). Also the place
    // blocking readers wait: wait_until() sleeps until `condition` holds.
    void notify();
    template<typename Condition>
    void wait_until(Condition condition) { m_waiters.wait_until(condition); }
    template<typename Condition>
    bool wait_until_deadline(Condition condition, uint64_t deadline_ns) { return m_waiters.wait_until_deadline(condition, deadline_ns); }
    // Gives up when the thread is interrupted (a note for its process); see WaitQueue.
    template<typename Condition>
    WaitQueue::Outcome wait_interruptible(Condition condition, uint64_t deadline_ns = 0)
    {
        return m_waiters.wait_interruptible(condition, deadline_ns);
    }

private:
    friend class PollTable;
    Spinlock m_lock { LockRank::PollQueue };
    IntrusiveList<PollEntry, &PollEntry::node> m_entries TS_GUARDED_BY(m_lock);
    WaitQueue m_waiters; // plain blocking readers and writers
};

class PollTable {
public:
    static constexpr size_t MAX_ENTRIES = 64;

    PollTable() = default;
    ~PollTable() { unregister_all(); }
    PollTable(const PollTable&) = delete;
    PollTable& operator=(const PollTable&) = delete;

    // Called by Vnode::poll implementations for each queue the file depends on.
    void add(PollQueue& queue);
    void unregister_all();
    bool overflowed() const { return m_overflow; }

private:
    friend class PollQueue;
    friend Result<size_t> poll(struct PollRequest*, size_t, uint64_t);
    void signal();

    PollEntry m_entries[MAX_ENTRIES];
    size_t m_count { 0 };
    bool m_overflow { false };
    Atomic<bool> m_signalled { false };
    WaitQueue m_wait;
};

struct PollRequest {
    File* file { nullptr };
    uint32_t events { 0 };  // PollEvents the caller cares about
    uint32_t revents { 0 }; // filled: those that hold (POLL_HANGUP/ERROR always reported)
};

inline constexpr uint64_t POLL_FOREVER = ~uint64_t(0);

// Waits until at least one request has events or `timeout_ns` passes (0: just check;
// POLL_FOREVER: no timeout). Returns how many requests have revents != 0 (0 on timeout).
// Error::InvalidArgument for too many requests (more than PollTable::MAX_ENTRIES queues).
Result<size_t> poll(PollRequest* requests, size_t count, uint64_t timeout_ns);

} // namespace ts::fs
