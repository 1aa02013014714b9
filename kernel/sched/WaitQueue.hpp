// WaitQueue: where threads sleep until a condition holds.
// Layer: sched. The waiting thread links a Waiter (on its own stack: no allocation) into
// the queue, marks itself Blocked, and calls the scheduler; wakers take waiters off the
// queue and make them runnable. The condition is always re-checked under the queue's lock
// before sleeping, so a wake-up between "check" and "sleep" cannot be lost:
//
//     queue.wait_until([&] { return flag.load(); });   // waiter
//     flag.store(true); queue.wake_all();              // waker
#pragma once

#include <cstdint>

#include <lib/IntrusiveList.hpp>

#include "Spinlock.hpp"

namespace ts {

class Thread;

class WaitQueue {
public:
    struct Waiter {
        ListNode node;
        Thread* thread;
        bool woken;
    };

    WaitQueue() = default;
    WaitQueue(const WaitQueue&) = delete;
    WaitQueue& operator=(const WaitQueue&) = delete;

    // Sleeps until condition() is true (checked under the queue's lock). Must be called
    // from a thread with interrupts enabled and no spinlock held.
    template<typename Condition>
    void wait_until(Condition condition)
    {
        while (!wait_once(condition_thunk<Condition>, &condition, 0)) { }
    }
    // Same, giving up at monotonic time deadline_ns; returns whether the condition held.
    template<typename Condition>
    bool wait_until_deadline(Condition condition, uint64_t deadline_ns)
    {
        for (;;) {
            int r = wait_once(condition_thunk<Condition>, &condition, deadline_ns);
            if (r != 0)
                return r > 0;
        }
    }

    // For threads of processes: also gives up when the thread is interrupted
    // (sched::interrupt: a note or kill for its process), so a blocked syscall can
    // return Interrupted and the note can be delivered. deadline_ns 0: none.
    enum class Outcome { Ready, TimedOut, Interrupted };
    template<typename Condition>
    Outcome wait_interruptible(Condition condition, uint64_t deadline_ns = 0)
    {
        for (;;) {
            int r = wait_once(condition_thunk<Condition>, &condition, deadline_ns, true);
            if (r > 0)
                return Outcome::Ready;
            if (r == -1)
                return Outcome::TimedOut;
            if (r == -2)
                return Outcome::Interrupted;
        }
    }

    // Wake one or every waiter; returns how many were woken.
    size_t wake_one();
    size_t wake_all();
    // A snapshot without the lock: only a hint (for diagnostics and tests).
    bool has_waiters() const TS_NO_THREAD_SAFETY_ANALYSIS { return !m_waiters.is_empty(); }

private:
    template<typename Condition>
    static bool condition_thunk(void* c) { return (*static_cast<Condition*>(c))(); }

    // One round: 1 = condition true, 0 = woken (check again), -1 = deadline passed,
    // -2 = interrupted (only when `interruptible`).
    int wait_once(bool (*condition)(void*), void* context, uint64_t deadline_ns, bool interruptible = false);
    size_t wake(size_t limit);

    Spinlock m_lock { LockRank::WaitQueue };
    IntrusiveList<Waiter, &Waiter::node> m_waiters TS_GUARDED_BY(m_lock);
};

} // namespace ts
