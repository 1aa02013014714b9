// In-kernel tests of threads, the scheduler, the synchronisation primitives and timers,
// across every CPU the boot brought online.
#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/Cpu.hpp>
#include <core/Log.hpp>
#include <core/Processor.hpp>
#include <lib/Atomic.hpp>
#include <mm/Heap.hpp>
#include <mm/Pmm.hpp>
#include <sched/Mutex.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

#include "KernelTest.hpp"

namespace ts {

namespace {

// Prints each CPU's share of busy time since `before` (the utilisation the issue asks
// the 1,000-thread test to report).
struct CpuTimes {
    sched::CpuTime at[MAX_CPUS];
    void sample()
    {
        for (uint32_t i = 0; i < sched::online_cpus(); ++i)
            at[i] = sched::cpu_time(i);
    }
};

void print_utilisation(const char* what, const CpuTimes& before, const CpuTimes& after)
{
    for (uint32_t i = 0; i < sched::online_cpus(); ++i) {
        uint64_t busy = after.at[i].busy_ns - before.at[i].busy_ns;
        uint64_t idle = after.at[i].idle_ns - before.at[i].idle_ns;
        uint64_t total = busy + idle;
        log("%s: cpu%u busy %llu.%llu%% (%llu ms of %llu ms), %llu context switches", what, i,
            total ? static_cast<unsigned long long>(busy * 100 / total) : 0ull,
            total ? static_cast<unsigned long long>((busy * 1000 / total) % 10) : 0ull,
            static_cast<unsigned long long>(busy / 1000000), static_cast<unsigned long long>(total / 1000000),
            static_cast<unsigned long long>(sched::context_switches(i)));
    }
}

// --- 1,000 threads that compute, sleep and wake each other ---------------------------

constexpr size_t THREADS = 1000;

struct Crowd {
    Semaphore tokens[THREADS];
    Atomic<uint64_t> finished { 0 };
    Atomic<uint64_t> checksum { 0 };
    Atomic<uint32_t> cpus_seen_mask { 0 };
    Completion all_done;
};

struct CrowdMember {
    Crowd* crowd;
    size_t index;
};

void crowd_member(void* argument)
{
    auto& self = *static_cast<CrowdMember*>(argument);
    Crowd& crowd = *self.crowd;
    // Compute a little (a recognisable checksum), sleep a little, then pass a token to
    // the next member and wait for one from the previous: every wake-up crosses threads
    // and, with several CPUs, CPUs.
    uint64_t value = self.index;
    for (int i = 0; i < 2000; ++i)
        value = value * 6364136223846793005ull + 1442695040888963407ull;
    crowd.checksum.fetch_add(value);
    sched::sleep_ns(100000 + (self.index % 7) * 50000);
    crowd.tokens[(self.index + 1) % THREADS].up();
    crowd.tokens[self.index].down();
    crowd.cpus_seen_mask.fetch_or(1u << (this_cpu_index() & 31));
    if (crowd.finished.fetch_add(1) + 1 == THREADS)
        crowd.all_done.complete();
}

uint64_t expected_checksum()
{
    uint64_t sum = 0;
    for (size_t index = 0; index < THREADS; ++index) {
        uint64_t value = index;
        for (int i = 0; i < 2000; ++i)
            value = value * 6364136223846793005ull + 1442695040888963407ull;
        sum += value;
    }
    return sum;
}

} // namespace

KTEST(sched, thousand_threads_finish)
{
    auto* crowd = new (std::nothrow) Crowd();
    auto* members = new (std::nothrow) CrowdMember[THREADS];
    KASSERT(crowd && members);
    auto free_before = pmm::stats().free_pages;
    CpuTimes before, after;
    before.sample();
    uint64_t start = arch::monotonic_ns();
    for (size_t i = 0; i < THREADS; ++i) {
        members[i] = { crowd, i };
        auto thread = Thread::spawn("crowd", crowd_member, &members[i]);
        KASSERT(thread.is_ok());
    }
    crowd->all_done.wait();
    uint64_t elapsed = arch::monotonic_ns() - start;
    after.sample();
    KEXPECT_EQ(crowd->finished.load(), THREADS);
    KEXPECT(crowd->checksum.load() == expected_checksum());
    log("sched: %zu threads finished in %llu ms on %u CPUs", THREADS, static_cast<unsigned long long>(elapsed / 1000000),
        sched::online_cpus());
    print_utilisation("sched: 1000 threads", before, after);
    if (sched::online_cpus() > 1) {
        // With several CPUs the work spread out.
        KEXPECT(__builtin_popcount(crowd->cpus_seen_mask.load()) > 1);
    }
    // Every thread's stack comes back once the dead threads have been switched away from
    // (give the other CPUs a moment to run their final switches).
    uint64_t deadline = arch::monotonic_ns() + 2000000000ull;
    while (pmm::stats().free_pages != free_before && arch::monotonic_ns() < deadline)
        sched::sleep_ns(1000000);
    KEXPECT_EQ(pmm::stats().free_pages, free_before);
    delete[] members;
    delete crowd;
}

// --- ping-pong across CPUs: no wake-up is ever lost ---------------------------------

namespace {

constexpr uint64_t ROUNDS = 100000;

struct PingPong {
    Atomic<uint64_t> turn { 0 }; // even: ping's turn, odd: pong's
    WaitQueue ping_queue;
    WaitQueue pong_queue;
    Completion done[2];
};

void ping(void* argument)
{
    auto& pp = *static_cast<PingPong*>(argument);
    for (uint64_t round = 0; round < ROUNDS; ++round) {
        pp.ping_queue.wait_until([&] { return pp.turn.load() == 2 * round; });
        pp.turn.store(2 * round + 1);
        pp.pong_queue.wake_one();
    }
    pp.done[0].complete();
}

void pong(void* argument)
{
    auto& pp = *static_cast<PingPong*>(argument);
    for (uint64_t round = 0; round < ROUNDS; ++round) {
        pp.pong_queue.wait_until([&] { return pp.turn.load() == 2 * round + 1; });
        pp.turn.store(2 * round + 2);
        pp.ping_queue.wake_one();
    }
    pp.done[1].complete();
}

} // namespace

KTEST(sched, wait_queue_ping_pong_loses_no_wakeup)
{
    PingPong pp;
    uint32_t cpus = sched::online_cpus();
    uint32_t other = cpus > 1 ? 1 : 0;
    uint64_t start = arch::rdtsc();
    auto a = Thread::spawn_on(0, "ping", ping, &pp);
    auto b = Thread::spawn_on(other, "pong", pong, &pp);
    KASSERT(a.is_ok() && b.is_ok());
    pp.done[0].wait();
    pp.done[1].wait();
    uint64_t cycles = arch::rdtsc() - start;
    KEXPECT_EQ(pp.turn.load(), 2 * ROUNDS);
    log("sched: %llu ping-pong rounds between cpu0 and cpu%u, %llu TSC cycles per round trip",
        static_cast<unsigned long long>(ROUNDS), other, static_cast<unsigned long long>(cycles / ROUNDS));
    a.value()->join();
    b.value()->join();
}

// --- a spinlock hammered from every CPU -----------------------------------------

namespace {

// 20,000 increments in total, split over the threads: enough to make lost updates certain
// without mutual exclusion, few enough that a ticket lock handed between many vCPUs that
// share two host cores (QEMU TCG) finishes in seconds.
constexpr uint64_t TOTAL_INCREMENTS = 20000;

struct Hammer {
    Spinlock lock;
    uint64_t counter { 0 }; // guarded by lock
    Atomic<uint32_t> done { 0 };
    Completion all_done;
    uint32_t threads { 0 };
    uint64_t per_thread { 0 };
};

void hammer(void* argument)
{
    auto& h = *static_cast<Hammer*>(argument);
    for (uint64_t i = 0; i < h.per_thread; ++i) {
        SpinlockGuard guard(h.lock);
        // A non-atomic read-modify-write: only mutual exclusion keeps the count exact.
        uint64_t value = h.counter;
        asm volatile("" : : : "memory");
        h.counter = value + 1;
    }
    if (h.done.fetch_add(1) + 1 == h.threads)
        h.all_done.complete();
}

} // namespace

KTEST(sync, spinlock_counter_exact_from_all_cpus)
{
    Hammer h;
    uint32_t cpus = sched::online_cpus();
    h.threads = cpus < 2 ? 2 : cpus;
    h.per_thread = TOTAL_INCREMENTS / h.threads;
    for (uint32_t i = 0; i < h.threads; ++i)
        KASSERT(Thread::spawn_on(i % cpus, "hammer", hammer, &h).is_ok());
    h.all_done.wait();
    KEXPECT_EQ(h.counter, h.per_thread * h.threads);
}

// --- mutex and semaphore --------------------------------------------------------

namespace {

struct Shared {
    Mutex mutex;
    uint64_t value { 0 };
    Semaphore finished;
};

void mutex_worker(void* argument)
{
    auto& s = *static_cast<Shared*>(argument);
    for (int i = 0; i < 2000; ++i) {
        MutexGuard guard(s.mutex);
        uint64_t v = s.value;
        if (i % 64 == 0)
            sched::yield(); // holding a mutex across a switch is allowed
        s.value = v + 1;
    }
    s.finished.up();
}

} // namespace

KTEST(sync, mutex_excludes_across_sleeps)
{
    Shared s;
    constexpr int WORKERS = 8;
    for (int i = 0; i < WORKERS; ++i)
        KASSERT(Thread::spawn("mutex", mutex_worker, &s).is_ok());
    for (int i = 0; i < WORKERS; ++i)
        s.finished.down();
    KEXPECT_EQ(s.value, 2000u * WORKERS);
    KEXPECT(!s.mutex.is_locked());
}

// --- timers ---------------------------------------------------------------------

KTEST(time, sleeps_never_end_early)
{
    const uint64_t durations[] = { 1000, 50000, 1000000, 3000000, 20000000 };
    for (uint64_t ns : durations) {
        for (int repeat = 0; repeat < 5; ++repeat) {
            uint64_t start = arch::monotonic_ns();
            sched::sleep_ns(ns);
            uint64_t slept = arch::monotonic_ns() - start;
            if (slept < ns)
                ktest_context.fail(__FILE__, __LINE__, "slept %llu ns of %llu", static_cast<unsigned long long>(slept),
                    static_cast<unsigned long long>(ns));
        }
    }
}

KTEST(time, completion_timeout_expires)
{
    Completion never;
    uint64_t start = arch::monotonic_ns();
    KEXPECT(!never.wait_until(start + 5000000));
    KEXPECT(arch::monotonic_ns() - start >= 5000000);
}

// --- FPU state is per thread ----------------------------------------------------

namespace {

struct FpuCheck {
    uint64_t seed;
    bool intact;
    Completion done;
};

void fpu_worker(void* argument)
{
    auto& check = *static_cast<FpuCheck*>(argument);
    // Park a value in xmm0 and xmm7, switch away many times, read them back. The other
    // worker does the same with its own values on the same CPU.
    asm volatile("movq %0, %%xmm0; movq %0, %%xmm7" : : "r"(check.seed) : "xmm0", "xmm7");
    bool intact = true;
    for (int i = 0; i < 200; ++i) {
        sched::yield();
        uint64_t a, b;
        asm volatile("movq %%xmm0, %0; movq %%xmm7, %1" : "=r"(a), "=r"(b));
        intact &= a == check.seed && b == check.seed;
    }
    check.intact = intact;
    check.done.complete();
}

} // namespace

KTEST(sched, fpu_state_survives_switches)
{
    FpuCheck a { 0x1111222233334444ull, false, {} };
    FpuCheck b { 0x5555666677778888ull, false, {} };
    KASSERT(Thread::spawn_on(0, "fpu-a", fpu_worker, &a).is_ok());
    KASSERT(Thread::spawn_on(0, "fpu-b", fpu_worker, &b).is_ok());
    a.done.wait();
    b.done.wait();
    KEXPECT(a.intact);
    KEXPECT(b.intact);
}

// --- context switch cost (a benchmark printed by the test) ------------------------

namespace {

struct SwitchBench {
    Atomic<uint64_t> turn { 0 };
    WaitQueue queues[2];
    uint64_t rounds;
    Completion done;
};

void switch_side(SwitchBench& bench, uint64_t side)
{
    for (uint64_t round = 0; round < bench.rounds; ++round) {
        bench.queues[side].wait_until([&] { return bench.turn.load() % 2 == side; });
        bench.turn.fetch_add(1);
        bench.queues[1 - side].wake_one();
    }
}

void switch_a(void* argument) { switch_side(*static_cast<SwitchBench*>(argument), 0); }
void switch_b(void* argument)
{
    auto& bench = *static_cast<SwitchBench*>(argument);
    switch_side(bench, 1);
    bench.done.complete();
}

uint64_t measure_switch(uint32_t cpu_a, uint32_t cpu_b)
{
    SwitchBench bench;
    bench.rounds = 20000;
    uint64_t start = arch::rdtsc();
    auto a = Thread::spawn_on(cpu_a, "switch-a", switch_a, &bench);
    auto b = Thread::spawn_on(cpu_b, "switch-b", switch_b, &bench);
    if (a.is_error() || b.is_error())
        return 0;
    bench.done.wait();
    a.value()->join();
    uint64_t cycles = arch::rdtsc() - start;
    // Each round is two hand-overs (a to b, b to a).
    return cycles / (2 * bench.rounds);
}

} // namespace

KTEST(bench, context_switch)
{
    uint64_t same = measure_switch(0, 0);
    KEXPECT(same > 0);
    log("bench: context switch (wait-queue hand-over, same CPU): %llu TSC cycles", static_cast<unsigned long long>(same));
    if (sched::online_cpus() > 1) {
        uint64_t cross = measure_switch(0, 1);
        KEXPECT(cross > 0);
        log("bench: context switch (wait-queue hand-over, cpu0 <-> cpu1): %llu TSC cycles",
            static_cast<unsigned long long>(cross));
    }
}

} // namespace ts
