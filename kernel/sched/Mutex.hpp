// Mutex, Semaphore, Completion: the sleeping synchronisation primitives, all built on
// WaitQueue. Layer: sched. Use a Spinlock for short critical sections that interrupts
// also enter; use these where the holder may block or run long. All of them may sleep, so
// they assert (sched::assert_may_sleep) that the caller holds no spinlock and runs with
// interrupts on.
#pragma once

#include <lib/Atomic.hpp>

#include "Spinlock.hpp"
#include "WaitQueue.hpp"

namespace ts {

class Thread;

class TS_CAPABILITY("mutex") Mutex {
public:
    void lock() TS_ACQUIRE();
    bool try_lock();
    void unlock() TS_RELEASE();
    bool is_locked() const { return m_owner.load() != nullptr; }
    bool is_held_by_current() const;

private:
    Atomic<Thread*> m_owner { nullptr };
    WaitQueue m_waiters;
};

class TS_SCOPED_CAPABILITY MutexGuard {
public:
    explicit MutexGuard(Mutex& mutex) TS_ACQUIRE(mutex) : m_mutex(mutex) { m_mutex.lock(); }
    ~MutexGuard() TS_RELEASE() { m_mutex.unlock(); }
    MutexGuard(const MutexGuard&) = delete;
    MutexGuard& operator=(const MutexGuard&) = delete;

private:
    Mutex& m_mutex;
};

// A counting semaphore.
class Semaphore {
public:
    explicit Semaphore(uint64_t initial = 0) : m_count(initial) {}
    void down();
    bool try_down();
    void up(uint64_t n = 1);
    uint64_t count() const { return m_count.load(); }

private:
    Atomic<uint64_t> m_count;
    WaitQueue m_waiters;
};

// A one-shot event: complete() once, and every wait() before or after returns.
class Completion {
public:
    void wait();
    bool wait_until(uint64_t deadline_ns);
    void complete();
    bool is_done() const { return m_done.load(); }

private:
    Atomic<bool> m_done { false };
    WaitQueue m_waiters;
};

} // namespace ts
