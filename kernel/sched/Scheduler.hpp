// Scheduler: per-CPU EEVDF run queues, the context switch, blocking and waking, the
// tickless timer and load balancing. Layer: sched.
//
// Each CPU owns a RunQueue (an EevdfQueue behind a spinlock) and an idle thread that runs
// only when the queue is empty. The local APIC timer is armed for exactly one of: the
// running thread's slice end, or the first timer event; an idle CPU with no events takes no
// timer interrupts. Wake-ups go back to the thread's last CPU while it is cache-hot and
// the CPU is not much busier than the least loaded one, else to the least loaded CPU;
// an idle CPU steals a waiting thread from the busiest before it halts.
// docs/kernel/scheduler.md ("Kernel integration") has the locking and the protocol.
#pragma once

#include <cstdint>

namespace ts {
class Thread;
}

namespace ts::sched {

// Boot CPU: turns the running boot context into a thread and creates the idle thread.
void init_boot_cpu();
// Each AP, from ap_started(): creates its idle thread and becomes it; never returns.
[[noreturn]] void run_ap(uint32_t index);

// The calling thread gives up the CPU (it stays runnable).
void yield();
// Sleeps at least `ns` nanoseconds.
void sleep_ns(uint64_t ns);
// The calling thread has set its state to Blocked (WaitQueue does this): switch away.
void block_current();
// Makes a Blocked thread runnable; a thread already runnable is left alone.
void wake(Thread& thread);
// Ends the calling thread.
[[noreturn]] void exit_current();
// Places a new thread on a run queue.
void start(Thread& thread);
// Makes a thread running on another CPU enter the kernel soon (an IPI), so it notices
// something posted for it (a note) on its way back to user mode.
void kick(Thread& thread);
// Interrupts a thread: its interruptible waits (WaitQueue::wait_interruptible) end
// with Interrupted, and if it runs on another CPU it enters the kernel soon (kick).
void interrupt(Thread& thread);
// Completes the switch into a thread that has never run (Thread.cpp's thread_start).
void finish_switch_for_new_thread();

// Re-arms this CPU's timer (after a new timer event or a change of the running thread).
void rearm_timer();
// VERIFY that the caller may sleep: a thread context, interrupts on, no spinlock held.
void assert_may_sleep();

struct CpuTime {
    uint64_t busy_ns;
    uint64_t idle_ns;
};
CpuTime cpu_time(uint32_t cpu);
uint32_t online_cpus();
uint64_t context_switches(uint32_t cpu);

} // namespace ts::sched
