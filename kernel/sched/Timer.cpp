// Per-CPU timer events. See Timer.hpp. The list is kept sorted by deadline: insertion is
// O(n) in the pending events of one CPU (a handful: sleeping threads and timeouts), the
// next deadline and expiry are O(1) per event.
#include "Timer.hpp"

#include <core/Processor.hpp>

#include "Scheduler.hpp"
#include "Spinlock.hpp"

namespace ts {

namespace {

struct TimerList {
    Spinlock lock { LockRank::Timer };
    IntrusiveList<TimerEvent, &TimerEvent::node> events TS_GUARDED_BY(lock); // by deadline
};

TimerList g_lists[MAX_CPUS];

} // namespace

void timer_add(TimerEvent& event, uint64_t deadline_ns, TimerEvent::Callback callback, void* context)
{
    // Interrupts off from choosing the CPU to arming its timer: a migration in between
    // would queue the event where no timer is armed for it.
    arch::InterruptGuard interrupts;
    uint32_t cpu = this_processor().index;
    TimerList& list = g_lists[cpu];
    bool first;
    {
        SpinlockGuard guard(list.lock);
        event.deadline_ns = deadline_ns;
        event.callback = callback;
        event.context = context;
        event.cpu = cpu;
        event.pending = true;
        TimerEvent* before = nullptr;
        for (TimerEvent& other : list.events) {
            if (other.deadline_ns > deadline_ns)
                break;
            before = &other;
        }
        if (before)
            list.events.insert_after(*before, event);
        else
            list.events.push_front(event);
        first = list.events.front() == &event;
    }
    if (first)
        sched::rearm_timer();
}

bool timer_cancel(TimerEvent& event)
{
    TimerList& list = g_lists[__atomic_load_n(&event.cpu, __ATOMIC_ACQUIRE)];
    {
        SpinlockGuard guard(list.lock);
        if (event.pending) {
            list.events.remove(event);
            event.pending = false;
            // The APIC stays armed for the old deadline; the early interrupt finds nothing
            // due and re-arms, cheaper than reprogramming here (possibly another CPU's).
            return true;
        }
    }
    // Fired: wait until its callback (maybe on another CPU) has finished with it.
    while (__atomic_load_n(&event.running, __ATOMIC_ACQUIRE))
        arch::pause();
    return false;
}

void timer_run_expired(uint64_t now_ns)
{
    TimerList& list = g_lists[this_processor().index];
    for (;;) {
        TimerEvent* event;
        {
            SpinlockGuard guard(list.lock);
            event = list.events.front();
            if (!event || event->deadline_ns > now_ns)
                return;
            list.events.remove(*event);
            event->pending = false;
            event->running = true;
        }
        // Outside the lock: the callback may add timers (and usually wakes a thread).
        event->callback(*event, event->context);
        __atomic_store_n(&event->running, false, __ATOMIC_RELEASE);
    }
}

uint64_t timer_next_deadline()
{
    TimerList& list = g_lists[this_processor().index];
    SpinlockGuard guard(list.lock);
    TimerEvent* first = list.events.front();
    return first ? first->deadline_ns : ~uint64_t(0);
}

} // namespace ts
