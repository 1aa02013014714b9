// WaitQueue: see WaitQueue.hpp.
#include "WaitQueue.hpp"

#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/Cpu.hpp>
#include <core/Panic.hpp>

#include "Scheduler.hpp"
#include "Thread.hpp"

namespace ts {

namespace {

struct TimeoutContext {
    Thread* thread;
    bool fired;
};

void on_timeout(TimerEvent&, void* context)
{
    auto* timeout = static_cast<TimeoutContext*>(context);
    timeout->fired = true;
    sched::wake(*timeout->thread);
}

} // namespace

int WaitQueue::wait_once(bool (*condition)(void*), void* context, uint64_t deadline_ns, bool interruptible)
{
    sched::assert_may_sleep();
    Thread& self = current_thread();
    Waiter waiter { {}, &self, false };
    TimeoutContext timeout { &self, false };
    {
        // Interrupts off from Blocked to the switch: a preemption in between would switch
        // us out before the timeout is armed (the timer is this CPU's, so it cannot fire
        // early either).
        arch::InterruptGuard interrupts;
        {
            SpinlockGuard guard(m_lock);
            if (condition(context))
                return 1;
            if (deadline_ns && arch::monotonic_ns() >= deadline_ns)
                return -1;
            if (interruptible && self.m_interrupted.load())
                return -2;
            m_waiters.push_back(waiter);
            // Blocked before the lock drops: a waker that takes us off the list after this
            // point finds Blocked and makes us runnable, even if we have not switched out.
            self.m_state.store(ThreadState::Blocked);
            // An interrupter stores its flag, then wakes us; we stored Blocked, then look at
            // the flag (both sequentially consistent): one of us sees the other. If we see
            // it and still hold Blocked, we undo the block ourselves; if a waker already
            // took Blocked, we block and it makes us runnable at once.
            if (interruptible && self.m_interrupted.load()) {
                ThreadState expected = ThreadState::Blocked;
                if (self.m_state.compare_exchange(expected, ThreadState::Running)) {
                    m_waiters.remove(waiter);
                    return -2;
                }
            }
        }
        if (deadline_ns)
            timer_add(self.m_timer, deadline_ns, on_timeout, &timeout);
        sched::block_current();
    }
    if (deadline_ns)
        timer_cancel(self.m_timer);
    {
        SpinlockGuard guard(m_lock);
        if (waiter.node.is_linked())
            m_waiters.remove(waiter); // woken by the timeout or an interrupt, not by the queue
    }
    if (interruptible && self.m_interrupted.load())
        return -2;
    return 0;
}

size_t WaitQueue::wake(size_t limit)
{
    Thread* woken[16];
    size_t total = 0;
    for (;;) {
        size_t count = 0;
        {
            SpinlockGuard guard(m_lock);
            while (count < 16 && total + count < limit) {
                Waiter* waiter = m_waiters.pop_front();
                if (!waiter)
                    break;
                waiter->woken = true;
                // The reference keeps the thread alive until wake() below, even if a
                // timeout wakes it first and it runs to its end meanwhile.
                waiter->thread->ref();
                woken[count++] = waiter->thread;
            }
        }
        // Waking outside the queue lock keeps the lock order simple (queue locks never
        // nest inside run queue locks or the other way round).
        for (size_t i = 0; i < count; ++i) {
            sched::wake(*woken[i]);
            woken[i]->unref();
        }
        total += count;
        if (count < 16 || total >= limit)
            return total;
    }
}

size_t WaitQueue::wake_one() { return wake(1); }
size_t WaitQueue::wake_all() { return wake(~size_t(0)); }

} // namespace ts
