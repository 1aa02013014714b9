// Timer: one-shot timer events on each CPU, behind the tickless local APIC timer.
// Layer: sched. Each CPU keeps its pending events ordered by deadline; the APIC timer is
// armed for the earlier of the first event and the running thread's slice end, and
// nothing else: an idle CPU with no events takes no timer interrupts at all.
// Callbacks run in interrupt context on the CPU the event was added on, with interrupts
// off; they must not sleep.
#pragma once

#include <cstdint>

#include <lib/IntrusiveList.hpp>

namespace ts {

struct TimerEvent {
    using Callback = void (*)(TimerEvent& event, void* context);

    ListNode node;            // on its CPU's timer list (under that list's lock)
    uint64_t deadline_ns { 0 };
    Callback callback { nullptr };
    void* context { nullptr };
    uint32_t cpu { 0 };
    bool pending { false };
    bool running { false };   // the callback is executing right now
};

// Queues `event` on the calling CPU to fire at `deadline_ns` (monotonic). The event must
// not be pending already.
void timer_add(TimerEvent& event, uint64_t deadline_ns, TimerEvent::Callback callback, void* context);
// Removes a pending event; returns false if it already fired (or was never added). When it
// returns, the callback is not running anywhere, so the event and its context may go.
bool timer_cancel(TimerEvent& event);

// Called by the scheduler from the timer interrupt: fires every due event on this CPU.
void timer_run_expired(uint64_t now_ns);
// The first pending deadline on this CPU, or UINT64_MAX.
uint64_t timer_next_deadline();

} // namespace ts
