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

class TS_CAPABILITY("spinlock") Spinlock {
public:
    constexpr Spinlock() = default;
    Spinlock(const Spinlock&) = delete;
    Spinlock& operator=(const Spinlock&) = delete;

    bool is_locked() const
    {
        return __atomic_load_n(&m_serving, __ATOMIC_RELAXED) != __atomic_load_n(&m_next, __ATOMIC_RELAXED);
    }

    // Interrupts must already be off (SpinlockGuard turns them off first).
    void lock() TS_ACQUIRE()
    {
        uint32_t ticket = __atomic_fetch_add(&m_next, 1, __ATOMIC_RELAXED);
        while (__atomic_load_n(&m_serving, __ATOMIC_ACQUIRE) != ticket)
            arch::pause();
        ++this_processor().spinlock_depth;
    }
    void unlock() TS_RELEASE()
    {
        --this_processor().spinlock_depth;
        __atomic_store_n(&m_serving, m_serving + 1, __ATOMIC_RELEASE);
    }

private:
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
