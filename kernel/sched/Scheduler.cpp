// Scheduler: see Scheduler.hpp. Locking rules:
//   - A RunQueue's fields are guarded by its lock. The lock is taken with interrupts off
//     and, during a context switch, handed from the outgoing thread to the incoming one:
//     schedule() locks, switch_context() swaps stacks, finish_switch() unlocks.
//   - Two run queue locks are only ever held together by the work stealer, and then in
//     CPU index order.
//   - WaitQueue and timer locks are never taken while a run queue lock is held, except the
//     timer lock read in rearm_timer() (a leaf).
//   - A thread's m_on_queue and m_cpu change only under the lock of the queue it is on;
//     m_state changes under that lock too, except Blocked (set by the thread itself before
//     it calls block_current) and the Blocked->Waking CAS, which elects a single waker.
#include "Scheduler.hpp"

#include <arch/x86_64/Apic.hpp>
#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/Context.hpp>
#include <arch/x86_64/Cpu.hpp>
#include <arch/x86_64/Fpu.hpp>
#include <arch/x86_64/Interrupts.hpp>
#include <arch/x86_64/UserMode.hpp>
#include <arch/x86_64/Vectors.hpp>
#include <core/Log.hpp>
#include <core/Panic.hpp>
#include <core/Processor.hpp>
#include <mm/AddressSpace.hpp>
#include <mm/TlbShootdown.hpp>

#include "Thread.hpp"

namespace ts {

struct RunQueue {
    Spinlock lock { LockRank::RunQueue };
    sched::EevdfQueue queue TS_GUARDED_BY(lock);
    Thread* current TS_GUARDED_BY(lock) { nullptr };
    Thread* idle { nullptr };
    Thread* switched_from { nullptr }; // set before a switch, read by finish_switch
    uint64_t run_start_ns TS_GUARDED_BY(lock) { 0 };
    bool need_resched { false };
    // Read without the lock by other CPUs choosing where to place or steal threads.
    uint32_t runnable { 0 }; // queued threads, the running one included
    uint32_t waiting { 0 };  // queued and not running: what a thief may take
    uint64_t busy_ns { 0 };
    uint64_t idle_ns { 0 };
    uint64_t switches { 0 };
};

namespace sched {

namespace {

constexpr uint64_t CACHE_HOT_NS = 2'000'000; // a thread that ran this recently stays put

RunQueue g_run_queues[MAX_CPUS];
uint32_t g_online = 0;

RunQueue& this_queue() { return *this_processor().run_queue; }

Thread& thread_of(SchedEntity& entity)
{
    // The entity is a member of Thread; recover the thread from it (container_of). The
    // offset is measured on a real object address, never on null.
    alignas(Thread) static unsigned char probe_storage[sizeof(Thread)];
    auto* probe = reinterpret_cast<Thread*>(probe_storage);
    auto offset = reinterpret_cast<char*>(&probe->m_entity) - reinterpret_cast<char*>(probe);
    return *reinterpret_cast<Thread*>(reinterpret_cast<char*>(&entity) - offset);
}

void publish_load(RunQueue& rq) TS_REQUIRES(rq.lock)
{
    auto load = rq.queue.load();
    __atomic_store_n(&rq.runnable, load.runnable, __ATOMIC_RELAXED);
    __atomic_store_n(&rq.waiting, load.waiting, __ATOMIC_RELAXED);
}

// Charges the running thread for the time since it was last charged. Returns true when
// its request (slice) is complete.
bool update_current(RunQueue& rq, uint64_t now) TS_REQUIRES(rq.lock)
{
    uint64_t ran = now > rq.run_start_ns ? now - rq.run_start_ns : 0;
    rq.run_start_ns = now;
    Thread* current = rq.current;
    if (!current)
        return false;
    if (current == rq.idle) {
        rq.idle_ns += ran;
        return false;
    }
    rq.busy_ns += ran;
    current->m_total_runtime_ns += ran;
    if (!current->m_on_queue)
        return true;
    return rq.queue.account(current->m_entity, ran);
}

void arm_locked(RunQueue& rq, uint64_t now) TS_REQUIRES(rq.lock)
{
    uint64_t deadline = timer_next_deadline();
    Thread* current = rq.current;
    // A slice end matters only when someone else is waiting for the CPU.
    if (current && current != rq.idle && current->m_on_queue && rq.queue.load().waiting > 0) {
        uint64_t slice_end = now + rq.queue.time_until_slice_end(current->m_entity);
        if (slice_end < deadline)
            deadline = slice_end;
    }
    if (deadline == ~uint64_t(0))
        arch::lapic_timer_cancel();
    else
        arch::lapic_timer_arm(deadline);
}

void finish_switch() TS_NO_THREAD_SAFETY_ANALYSIS
{
    RunQueue& rq = this_queue();
    Thread* prev = rq.switched_from;
    rq.switched_from = nullptr;
    Thread* dead = nullptr;
    if (prev) {
        if (prev->m_state.load() == ThreadState::Dead)
            dead = prev;
        prev->m_on_cpu.store(false);
    }
    arm_locked(rq, arch::monotonic_ns());
    rq.lock.unlock();
    if (dead)
        dead->unref(); // the scheduler's reference: may free the stack we just left
}

// The heart: choose the next thread on this CPU and switch to it.
void schedule() TS_NO_THREAD_SAFETY_ANALYSIS
{
    arch::InterruptGuard interrupts;
    Processor& cpu = this_processor();
    RunQueue& rq = *cpu.run_queue;
    rq.lock.lock();
    uint64_t now = arch::monotonic_ns();
    update_current(rq, now);
    rq.need_resched = false;

    Thread* prev = rq.current;
    if (prev != rq.idle && prev->m_on_queue) {
        ThreadState state = prev->m_state.load();
        if (state == ThreadState::Blocked || state == ThreadState::Waking) {
            rq.queue.dequeue(prev->m_entity, DequeueReason::Sleep);
            prev->m_on_queue = false;
        } else if (state == ThreadState::Dead) {
            rq.queue.dequeue(prev->m_entity, DequeueReason::Exit);
            prev->m_on_queue = false;
        }
    }
    SchedEntity* chosen = rq.queue.pick();
    Thread* next = chosen ? &thread_of(*chosen) : rq.idle;
    publish_load(rq);

    if (next == prev) {
        if (prev->m_state.load() == ThreadState::Runnable)
            prev->m_state.store(ThreadState::Running);
        arm_locked(rq, now);
        rq.lock.unlock();
        return;
    }
    if (prev == rq.idle && __atomic_load_n(&cpu.idle, __ATOMIC_SEQ_CST)) {
        // Leaving idle from inside an interrupt taken in hlt: shootdowns may have skipped
        // this CPU, so catch up before running a thread.
        __atomic_store_n(&cpu.idle, false, __ATOMIC_SEQ_CST);
        tlb::catch_up_after_idle();
    }
    if (prev->m_state.load() == ThreadState::Running)
        prev->m_state.store(ThreadState::Runnable);
    next->m_state.store(ThreadState::Running);
    next->m_on_cpu.store(true);
    next->m_cpu = cpu.index;
    prev->m_last_ran_ns = now;
    rq.current = next;
    rq.switched_from = prev;
    ++rq.switches;
    cpu.current_thread = next;
    prev->m_interrupt_depth = cpu.interrupt_depth;
    cpu.interrupt_depth = next->m_interrupt_depth;

    arch::fpu_save(prev->m_fpu_state);
    arch::fpu_restore(next->m_fpu_state);
    if (next->has_own_stack())
        arch::set_kernel_stack(next->kernel_stack_top());
    if (prev->m_address_space.ptr() != next->m_address_space.ptr())
        vmm::switch_address_space(prev->m_address_space.ptr(), next->m_address_space.ptr());
    if (prev->m_fs_base != next->m_fs_base)
        arch::set_fs_base(next->m_fs_base);
    arch::switch_context(&prev->m_saved_rsp, next->m_saved_rsp);
    // Back on prev's stack, perhaps much later and on another CPU.
    finish_switch();
}

// Chooses the CPU for a thread that becomes runnable.
uint32_t select_cpu(Thread& thread, uint64_t now)
{
    if (thread.m_affinity >= 0)
        return static_cast<uint32_t>(thread.m_affinity);
    uint32_t count = __atomic_load_n(&g_online, __ATOMIC_ACQUIRE);
    uint32_t least = 0;
    uint32_t least_load = ~0u;
    for (uint32_t i = 0; i < count; ++i) {
        if (!__atomic_load_n(&processor(i).online, __ATOMIC_ACQUIRE))
            continue;
        uint32_t load = __atomic_load_n(&g_run_queues[i].runnable, __ATOMIC_RELAXED);
        if (load < least_load) {
            least = i;
            least_load = load;
        }
    }
    uint32_t last = thread.m_cpu;
    bool hot = now - thread.m_last_ran_ns < CACHE_HOT_NS;
    if (last < count && __atomic_load_n(&processor(last).online, __ATOMIC_ACQUIRE)
        && __atomic_load_n(&g_run_queues[last].runnable, __ATOMIC_RELAXED) <= least_load + (hot ? 1 : 0))
        return last;
    return least;
}

// Puts a runnable thread on `target`'s queue; reports whether it should preempt there.
bool enqueue_on(Thread& thread, uint32_t target, EnqueueReason reason) TS_NO_THREAD_SAFETY_ANALYSIS
{
    RunQueue& rq = g_run_queues[target];
    SpinlockGuard guard(rq.lock);
    update_current(rq, arch::monotonic_ns());
    thread.m_cpu = target;
    thread.m_state.store(ThreadState::Runnable);
    rq.queue.enqueue(thread.m_entity, reason);
    thread.m_on_queue = true;
    publish_load(rq);
    bool preempt = rq.current == rq.idle || rq.queue.should_preempt(rq.current->m_entity, thread.m_entity);
    if (preempt)
        rq.need_resched = true;
    else if (target == this_processor().index)
        arm_locked(rq, arch::monotonic_ns()); // someone now waits: the slice end matters
    return preempt;
}

void kick(uint32_t target, bool preempt)
{
    if (!preempt)
        return;
    bool here, may_switch;
    {
        bool enabled = arch::interrupts_enabled();
        arch::InterruptGuard interrupts; // read this CPU's state without migrating
        here = target == this_processor().index;
        may_switch = enabled && this_processor().interrupt_depth == 0;
        // On this CPU but unable to switch now: have the timer fire at once, so the switch
        // happens as soon as interrupts are back on.
        if (here && !may_switch)
            arch::lapic_timer_arm(0);
    }
    if (!here)
        arch::lapic_send_ipi(processor(target).apic_id, arch::VECTOR_IPI_RESCHEDULE);
    else if (may_switch)
        schedule();
}

// Idle CPUs take a waiting thread from the busiest queue.
bool steal() TS_NO_THREAD_SAFETY_ANALYSIS
{
    uint32_t self = this_processor().index;
    uint32_t count = __atomic_load_n(&g_online, __ATOMIC_ACQUIRE);
    uint32_t victim = self;
    uint32_t most = 0;
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t waiting = __atomic_load_n(&g_run_queues[i].waiting, __ATOMIC_RELAXED);
        if (i != self && waiting > most) {
            most = waiting;
            victim = i;
        }
    }
    if (victim == self)
        return false;
    RunQueue& mine = g_run_queues[self];
    RunQueue& theirs = g_run_queues[victim];
    arch::InterruptGuard interrupts;
    RunQueue& first = self < victim ? mine : theirs;
    RunQueue& second = self < victim ? theirs : mine;
    first.lock.lock();
    second.lock.lock_nested(); // same rank: ordered by CPU index
    Thread* taken = nullptr;
    theirs.queue.for_each_waiting([&](SchedEntity& entity) {
        Thread& candidate = thread_of(entity);
        if (candidate.m_on_cpu.load() || candidate.m_affinity >= 0)
            return true; // still switching out over there, or bound to its CPU
        taken = &candidate;
        return false;
    });
    if (taken) {
        theirs.queue.dequeue(taken->m_entity, DequeueReason::Migrate);
        taken->m_cpu = self;
        mine.queue.enqueue(taken->m_entity, EnqueueReason::Migrate);
        publish_load(theirs);
        publish_load(mine);
    }
    second.lock.unlock();
    first.lock.unlock();
    return taken != nullptr;
}

[[noreturn]] void idle_loop()
{
    RunQueue& rq = this_queue();
    for (;;) {
        // Lines logged where no thread could be woken are announced from here.
        log_notify_deferred();
        arch::disable_interrupts();
        bool work = __atomic_load_n(&rq.runnable, __ATOMIC_RELAXED) > 0 || rq.need_resched;
        if (!work)
            work = steal();
        if (work) {
            arch::enable_interrupts();
            schedule();
            continue;
        }
        __atomic_store_n(&this_processor().idle, true, __ATOMIC_SEQ_CST);
        // sti takes effect after the next instruction, so no interrupt slips in between
        // the check above and the halt: a wake-up IPI ends the hlt.
        asm volatile("sti; hlt" : : : "memory");
        arch::disable_interrupts();
        __atomic_store_n(&this_processor().idle, false, __ATOMIC_SEQ_CST);
        tlb::catch_up_after_idle(); // shootdowns skipped this CPU while it slept
        arch::enable_interrupts();
    }
}

void on_timer_interrupt(arch::InterruptFrame&) TS_NO_THREAD_SAFETY_ANALYSIS
{
    uint64_t now = arch::monotonic_ns();
    timer_run_expired(now);
    RunQueue& rq = this_queue();
    bool resched;
    {
        SpinlockGuard guard(rq.lock);
        resched = update_current(rq, now) || rq.need_resched || (rq.current == rq.idle && rq.queue.load().runnable > 0);
        if (!resched)
            arm_locked(rq, now);
    }
    if (resched)
        schedule();
}

void on_tlb_ipi(arch::InterruptFrame&) { tlb::handle_ipi(); }

void on_reschedule_ipi(arch::InterruptFrame&)
{
    this_queue().need_resched = true;
    schedule();
}

void idle_entry(void*) { idle_loop(); }

Result<void> init_cpu(uint32_t index, bool boot)
{
    Processor& cpu = processor(index);
    RunQueue& rq = g_run_queues[index];
    cpu.run_queue = &rq;
    // An AP's start-up context becomes its idle thread; the boot CPU's start-up context
    // becomes "main", so its idle thread needs a stack of its own.
    auto idle = TRY(Thread::create("idle", boot ? idle_entry : nullptr, nullptr, 0, true));
    rq.idle = &idle.leak_ref();
    rq.idle->m_cpu = index;
    if (boot) {
        // The boot context becomes a thread on its current stack.
        auto main = TRY(Thread::create("main", nullptr, nullptr, 0, false));
        Thread* thread = &main.leak_ref();
        thread->m_cpu = index;
        thread->m_state.store(ThreadState::Running);
        thread->m_on_cpu.store(true);
        SpinlockGuard guard(rq.lock);
        rq.queue.enqueue(thread->m_entity, EnqueueReason::New);
        thread->m_on_queue = true;
        rq.queue.pick();
        rq.current = thread;
        rq.run_start_ns = arch::monotonic_ns();
        publish_load(rq);
        cpu.current_thread = thread;
    } else {
        SpinlockGuard guard(rq.lock);
        rq.current = rq.idle;
        rq.idle->m_state.store(ThreadState::Running);
        rq.idle->m_on_cpu.store(true);
        rq.run_start_ns = arch::monotonic_ns();
        cpu.current_thread = rq.idle;
    }
    __atomic_store_n(&cpu.online, true, __ATOMIC_RELEASE);
    uint32_t online = index + 1;
    uint32_t seen = __atomic_load_n(&g_online, __ATOMIC_ACQUIRE);
    while (seen < online && !__atomic_compare_exchange_n(&g_online, &seen, online, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) { }
    return {};
}

} // namespace

void init_boot_cpu()
{
    arch::set_interrupt_handler(arch::VECTOR_TIMER, on_timer_interrupt);
    arch::set_interrupt_handler(arch::VECTOR_IPI_RESCHEDULE, on_reschedule_ipi);
    arch::set_interrupt_handler(arch::VECTOR_IPI_TLB, on_tlb_ipi);
    if (auto r = init_cpu(0, true); r.is_error())
        panic("sched: cannot set up the boot CPU: %s", error_name(r.error()));
}

void run_ap(uint32_t index)
{
    if (auto r = init_cpu(index, false); r.is_error())
        panic("sched: cannot set up CPU %u: %s", index, error_name(r.error()));
    idle_loop();
}

void yield()
{
    {
        arch::InterruptGuard interrupts; // stay on this CPU while we use its queue
        RunQueue& rq = this_queue();
        SpinlockGuard guard(rq.lock);
        update_current(rq, arch::monotonic_ns());
        Thread* current = rq.current;
        if (current != rq.idle && current->m_on_queue)
            rq.queue.yield(current->m_entity);
    }
    schedule();
}

void block_current()
{
    // Callers (WaitQueue) keep interrupts off from marking themselves Blocked up to here:
    // a preemption in between would switch the thread out before its timeout was armed.
    schedule();
}

void sleep_ns(uint64_t ns)
{
    assert_may_sleep();
    Thread& self = current_thread();
    struct Sleeper {
        static void wake_up(TimerEvent&, void* context) { wake(*static_cast<Thread*>(context)); }
    };
    // Interrupts stay off from Blocked until the switch: the timer is this CPU's, so it
    // cannot fire (and find us not yet Blocked, or be lost) before we have switched away.
    arch::InterruptGuard interrupts;
    self.m_state.store(ThreadState::Blocked);
    timer_add(self.m_timer, arch::monotonic_ns() + ns, Sleeper::wake_up, &self);
    schedule();
}

void wake(Thread& thread) TS_NO_THREAD_SAFETY_ANALYSIS
{
    ThreadState expected = ThreadState::Blocked;
    if (!thread.m_state.compare_exchange(expected, ThreadState::Waking))
        return; // runnable, running, dead, or another waker got there first
    // Still on its queue means it has not switched away yet: it just keeps running.
    for (;;) {
        uint32_t cpu = __atomic_load_n(&thread.m_cpu, __ATOMIC_ACQUIRE);
        RunQueue& rq = g_run_queues[cpu];
        SpinlockGuard guard(rq.lock);
        if (thread.m_cpu != cpu)
            continue;
        if (thread.m_on_queue) {
            thread.m_state.store(ThreadState::Running);
            return;
        }
        break;
    }
    // Off its queue: wait until its old CPU has finished switching away from it.
    while (thread.m_on_cpu.load())
        arch::pause();
    uint64_t now = arch::monotonic_ns();
    uint32_t target = select_cpu(thread, now);
    bool preempt = enqueue_on(thread, target, EnqueueReason::Wakeup);
    kick(target, preempt);
}

void start(Thread& thread)
{
    uint32_t target = select_cpu(thread, arch::monotonic_ns());
    bool preempt = enqueue_on(thread, target, EnqueueReason::New);
    kick(target, preempt);
}

void exit_current()
{
    Thread& self = current_thread();
    VERIFY(!self.is_idle());
    // No preemption once Dead: a switch now would never come back to finish waking the
    // joiners.
    arch::disable_interrupts();
    self.m_state.store(ThreadState::Dead);
    self.m_exit_waiters.wake_all();
    schedule();
    VERIFY_NOT_REACHED();
}

void finish_switch_for_new_thread() { finish_switch(); }

void interrupt(Thread& thread)
{
    thread.m_interrupted.store(true);
    wake(thread); // a no-op unless it is blocked; its wait sees the flag either way
    kick(thread);
}

void kick(Thread& thread)
{
    arch::InterruptGuard interrupts;
    if (!thread.m_on_cpu.load())
        return; // it passes through the kernel before it runs again
    uint32_t cpu = thread.m_cpu;
    if (cpu != this_processor().index)
        arch::lapic_send_ipi(processor(cpu).apic_id, arch::VECTOR_IPI_RESCHEDULE);
}

void rearm_timer()
{
    arch::InterruptGuard interrupts; // stay on this CPU while we use its queue and timer
    RunQueue& rq = this_queue();
    SpinlockGuard guard(rq.lock);
    arm_locked(rq, arch::monotonic_ns());
}

void assert_may_sleep()
{
    bool enabled = arch::interrupts_enabled();
    arch::InterruptGuard interrupts; // read this CPU's counters without migrating
    Processor& cpu = this_processor();
    if (!enabled || cpu.spinlock_depth != 0 || cpu.interrupt_depth != 0
        || cpu.current_thread == cpu.run_queue->idle)
        panic("sched: sleeping where that is not allowed (interrupts %s, %u spinlocks held, interrupt depth %u%s)",
            enabled ? "on" : "off", cpu.spinlock_depth, cpu.interrupt_depth,
            cpu.current_thread == cpu.run_queue->idle ? ", idle thread" : "");
}

CpuTime cpu_time(uint32_t cpu) TS_NO_THREAD_SAFETY_ANALYSIS
{
    RunQueue& rq = g_run_queues[cpu];
    SpinlockGuard guard(rq.lock);
    // Include the interval in progress without charging anyone (this may be another CPU's
    // queue): it counts as busy unless that CPU is idling.
    uint64_t now = arch::monotonic_ns();
    uint64_t pending = now > rq.run_start_ns ? now - rq.run_start_ns : 0;
    bool idle = rq.current == nullptr || rq.current == rq.idle;
    return { rq.busy_ns + (idle ? 0 : pending), rq.idle_ns + (idle ? pending : 0) };
}

uint32_t online_cpus() { return __atomic_load_n(&g_online, __ATOMIC_ACQUIRE); }

uint64_t context_switches(uint32_t cpu) { return __atomic_load_n(&g_run_queues[cpu].switches, __ATOMIC_RELAXED); }

} // namespace sched

} // namespace ts
