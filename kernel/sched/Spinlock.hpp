// Spinlock: a ticket lock that keeps interrupts off while held. Only taken through
// SpinlockGuard, so a lock can never be left held on an early return.
// Layer: sched (depends on the arch facade for the interrupt state and pause).
// Issue 3 adds lock ranks and thread-safety annotations; the interface stays.
#pragma once

#include <arch/x86_64/Cpu.hpp>
#include <cstdint>

namespace ts {

class Spinlock {
public:
    constexpr Spinlock() = default;
    Spinlock(const Spinlock&) = delete;
    Spinlock& operator=(const Spinlock&) = delete;

    bool is_locked() const
    {
        return __atomic_load_n(&m_serving, __ATOMIC_RELAXED) != __atomic_load_n(&m_next, __ATOMIC_RELAXED);
    }

private:
    friend class SpinlockGuard;

    void lock()
    {
        uint32_t ticket = __atomic_fetch_add(&m_next, 1, __ATOMIC_RELAXED);
        while (__atomic_load_n(&m_serving, __ATOMIC_ACQUIRE) != ticket)
            arch::pause();
    }
    void unlock() { __atomic_store_n(&m_serving, m_serving + 1, __ATOMIC_RELEASE); }

    uint32_t m_next { 0 };
    uint32_t m_serving { 0 };
};

class SpinlockGuard {
public:
    explicit SpinlockGuard(Spinlock& lock) : m_lock(lock)
    {
        m_lock.lock();
    }
    ~SpinlockGuard() { m_lock.unlock(); }
    SpinlockGuard(const SpinlockGuard&) = delete;
    SpinlockGuard& operator=(const SpinlockGuard&) = delete;

private:
    arch::InterruptGuard m_interrupts; // constructed first: interrupts off before we spin
    Spinlock& m_lock;
};

} // namespace ts
