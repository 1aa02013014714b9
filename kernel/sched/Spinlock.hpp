// Spinlock: a ticket lock that keeps interrupts off while held.
// Layer: sched (depends on the arch facade for the interrupt state and pause, and on the
// per-CPU block for the count of held spinlocks).
//
// Take it through SpinlockGuard, so it can never be left held on an early return. The
// only other user of lock()/unlock() is the scheduler, which hands its run queue lock
// across a context switch. Every CPU counts the spinlocks it holds, so code that may
// sleep can assert it holds none (sched::assert_may_sleep). Clang's thread-safety
// analysis checks the fields marked TS_GUARDED_BY against the guards.
#pragma once

#include <arch/x86_64/Cpu.hpp>
#include <core/Processor.hpp>
#include <cstdint>

#if defined(__clang__)
#    define TS_CAPABILITY(x) __attribute__((capability(x)))
#    define TS_SCOPED_CAPABILITY __attribute__((scoped_lockable))
#    define TS_GUARDED_BY(x) __attribute__((guarded_by(x)))
#    define TS_ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#    define TS_RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#    define TS_REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#    define TS_NO_THREAD_SAFETY_ANALYSIS __attribute__((no_thread_safety_analysis))
#else
#    define TS_CAPABILITY(x)
#    define TS_SCOPED_CAPABILITY
#    define TS_GUARDED_BY(x)
#    define TS_ACQUIRE(...)
#    define TS_RELEASE(...)
#    define TS_REQUIRES(...)
#    define TS_NO_THREAD_SAFETY_ANALYSIS
#endif

namespace ts {

// Lock ranks: a CPU may only take a lock of a higher rank than every ranked lock it holds
// (equal ranks only through lock_nested, for the scheduler's ordered double lock). The
// order is the kernel's lock hierarchy written down once; breaking it panics at the
// acquisition that would make a deadlock possible, instead of hanging some day.
enum class LockRank : uint8_t {
    Unranked = 0, // leaf locks that never nest
    // The file-system locks sit below everything: their holders may allocate, wake
    // threads and log, never the other way round.
    Namespace = 2,
    DentryCache = 3,
    PollQueue = 4,
    ShareTable = 5,
    // A user address space's page tables (mm/AddressSpace): its holder allocates pages.
    AddressSpace = 6,
    WaitQueue = 8,
    RunQueue = 16,
    Timer = 24,
    IoApic = 28,
    Mmio = 30,
    Heap = 32,
    Pmm = 40,
    // The kernel's random generator (core/Random.cpp) is a leaf: its holder computes
    // ChaCha20 blocks and reads the TSC, nothing else. Ranking it above every lock but
    // the log's means a key can be drawn with any of them held, the page allocator's
    // included (randomised placement would draw while holding Pmm).
    Random = 48,
    Log = 60,
};

[[noreturn]] void lock_rank_violation(LockRank taking, uint64_t held_mask);

class TS_CAPABILITY("spinlock") Spinlock {
public:
    constexpr Spinlock() = default;
    constexpr explicit Spinlock(LockRank rank) : m_rank(rank) {}
    Spinlock(const Spinlock&) = delete;
    Spinlock& operator=(const Spinlock&) = delete;

    bool is_locked() const
    {
        return __atomic_load_n(&m_serving, __ATOMIC_RELAXED) != __atomic_load_n(&m_next, __ATOMIC_RELAXED);
    }

    // Interrupts must already be off (SpinlockGuard turns them off first).
    void lock() TS_ACQUIRE() { acquire(false); }
    // Takes a second lock of the same rank; the caller orders such pairs itself.
    void lock_nested() TS_ACQUIRE() { acquire(true); }
    void unlock() TS_RELEASE()
    {
        Processor& cpu = this_processor();
        --cpu.spinlock_depth;
        if (m_rank != LockRank::Unranked && --cpu.held_rank_counts[static_cast<uint8_t>(m_rank)] == 0)
            cpu.held_ranks &= ~(uint64_t(1) << static_cast<uint8_t>(m_rank));
        __atomic_store_n(&m_serving, m_serving + 1, __ATOMIC_RELEASE);
    }

private:
    void acquire(bool nested)
    {
        Processor& cpu = this_processor();
        if (m_rank != LockRank::Unranked) {
            auto rank = static_cast<uint8_t>(m_rank);
            // Held ranks at or above ours (above only, for a nested same-rank lock).
            uint64_t conflicting = cpu.held_ranks >> (nested ? rank + 1 : rank);
            if (conflicting)
                lock_rank_violation(m_rank, cpu.held_ranks);
        }
        uint32_t ticket = __atomic_fetch_add(&m_next, 1, __ATOMIC_RELAXED);
        while (__atomic_load_n(&m_serving, __ATOMIC_ACQUIRE) != ticket)
            arch::pause();
        ++cpu.spinlock_depth;
        if (m_rank != LockRank::Unranked) {
            auto rank = static_cast<uint8_t>(m_rank);
            ++cpu.held_rank_counts[rank];
            cpu.held_ranks |= uint64_t(1) << rank;
        }
    }

    LockRank m_rank { LockRank::Unranked };
    uint32_t m_next { 0 };
    uint32_t m_serving { 0 };
};

class TS_SCOPED_CAPABILITY SpinlockGuard {
public:
    explicit SpinlockGuard(Spinlock& lock) TS_ACQUIRE(lock) : m_lock(lock) { m_lock.lock(); }
    ~SpinlockGuard() TS_RELEASE() { m_lock.unlock(); }
    SpinlockGuard(const SpinlockGuard&) = delete;
    SpinlockGuard& operator=(const SpinlockGuard&) = delete;

private:
    arch::InterruptGuard m_interrupts; // constructed first: interrupts off before we spin
    Spinlock& m_lock;
};

} // namespace ts
