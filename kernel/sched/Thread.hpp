// Thread: a kernel thread: its stack, saved context, FPU state and scheduling entity.
// Layer: sched. Threads are reference counted: the scheduler holds one reference from
// creation until the thread has died and been switched away from for the last time;
// whoever wants to join keeps another. The last reference frees the stack.
//
// State machine (transitions under the run queue lock of the thread's CPU unless noted):
//   Runnable --pick--> Running --schedule, still runnable--> Runnable
//   Running --block (the thread itself, after queueing on a WaitQueue)--> Blocked
//   Blocked --wake (CAS by exactly one waker)--> Waking --enqueue--> Runnable
//   Running --exit--> Dead
#pragma once

#include <cstdint>

#include <lib/Atomic.hpp>
#include <lib/IntrusiveList.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>

#include "Eevdf.hpp"
#include "Timer.hpp"
#include "WaitQueue.hpp"

namespace ts {

namespace vmm {
class AddressSpace;
}

enum class ThreadState : uint32_t { Runnable, Running, Blocked, Waking, Dead };

class Thread : public RefCounted<Thread> {
public:
    using Entry = void (*)(void* argument);

    // Creates a runnable kernel thread on a CPU the scheduler chooses. `nice` in -20..19.
    static Result<NonnullRefPtr<Thread>> spawn(const char* name, Entry entry, void* argument, int nice = 0);
    // The same, bound to one CPU for its whole life (tests and per-CPU work).
    static Result<NonnullRefPtr<Thread>> spawn_on(uint32_t cpu, const char* name, Entry entry, void* argument, int nice = 0);
    // A thread of a process: runs `entry` (which enters user mode) with the process's
    // address space loaded from its first instruction on. `cpu` >= 0 pins it (tests).
    static Result<NonnullRefPtr<Thread>> spawn_user(const char* name, Entry entry, void* argument,
        RefPtr<vmm::AddressSpace> space, void* process, int nice = 0, int32_t cpu = -1);
    ~Thread();

    uint64_t id() const { return m_id; }
    const char* name() const { return m_name; }
    ThreadState state() const { return m_state.load(); }
    uint32_t cpu() const { return m_cpu; }
    bool is_idle() const { return m_idle; }

    // Blocks until the thread has exited.
    void join();

    // Scheduler internals (sched/Scheduler.cpp); not for other callers.
    sched::SchedEntity m_entity;
    uint64_t m_saved_rsp { 0 };
    void* m_fpu_state { nullptr };
    Atomic<ThreadState> m_state { ThreadState::Runnable };
    uint32_t m_cpu { 0 };         // the run queue it is on, or last ran on
    Atomic<bool> m_on_cpu { false }; // running, or still switching out, on m_cpu
    bool m_on_queue { false };    // in m_cpu's run queue (under that queue's lock)
    bool m_idle { false };
    int32_t m_affinity { -1 };    // the only CPU it may run on, or -1
    uint64_t m_last_ran_ns { 0 };
    uint32_t m_interrupt_depth { 0 }; // the CPU's interrupt nesting while switched out
    uint64_t m_total_runtime_ns { 0 };
    ListNode m_wait_node;         // on a WaitQueue (under the queue's lock)
    TimerEvent m_timer;           // sleep and timeouts
    WaitQueue m_exit_waiters;

    Entry m_entry { nullptr };
    void* m_argument { nullptr };

    // User-mode state, for threads of a process (null/zero for kernel threads). The
    // scheduler loads the address space and the FS base (thread-local storage) at every
    // switch; proc/ owns the meaning of m_process.
    RefPtr<vmm::AddressSpace> m_address_space;
    uint64_t m_fs_base { 0 };
    // Set by sched::interrupt (a note for its process): interruptible waits give up.
    // Cleared by the thread on its way back to user mode.
    Atomic<bool> m_interrupted { false };
    void* m_process { nullptr };
    // The top of the kernel stack: where the CPU switches on entry from user mode.
    bool has_own_stack() const { return m_stack != nullptr; }
    uint64_t kernel_stack_top() const { return reinterpret_cast<uint64_t>(m_stack) + m_stack_pages * 4096; }

    // For the scheduler: a thread object around an existing context (the boot thread,
    // entry null: no stack of its own) or an idle thread.
    static Result<NonnullRefPtr<Thread>> create(const char* name, Entry entry, void* argument, int nice, bool idle);

private:
    Thread() = default;

    uint64_t m_id { 0 };
    char m_name[32] {};
    void* m_stack { nullptr };
    size_t m_stack_pages { 0 };
};

Thread& current_thread();

} // namespace ts
