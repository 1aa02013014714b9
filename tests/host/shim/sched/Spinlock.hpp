// Host stand-in for kernel/sched/Spinlock.hpp, used only by the host build of the VFS core
// (tests/host/CMakeLists.txt puts tests/host/shim before kernel/ on its include path).
// Same names and annotations, backed by std::mutex: the host tests exercise the file
// system's logic, not the kernel's lock implementation (that runs in the in-kernel tests).
#pragma once

#include <cstdint>
#include <mutex>

#define TS_CAPABILITY(x)
#define TS_SCOPED_CAPABILITY
#define TS_GUARDED_BY(x)
#define TS_ACQUIRE(...)
#define TS_RELEASE(...)
#define TS_REQUIRES(...)
#define TS_NO_THREAD_SAFETY_ANALYSIS

namespace ts {

enum class LockRank : uint8_t {
    Unranked = 0,
    Namespace = 2,
    DentryCache = 3,
    PollQueue = 4,
    ShareTable = 5,
    WaitQueue = 8,
    RunQueue = 16,
    Timer = 24,
    IoApic = 28,
    Mmio = 30,
    Heap = 32,
    Pmm = 40,
    Log = 60,
};

class Spinlock {
public:
    constexpr Spinlock() = default;
    constexpr explicit Spinlock(LockRank) {}
    Spinlock(const Spinlock&) = delete;
    Spinlock& operator=(const Spinlock&) = delete;
    void lock() { m_mutex.lock(); }
    void unlock() { m_mutex.unlock(); }

private:
    std::mutex m_mutex;
};

class SpinlockGuard {
public:
    explicit SpinlockGuard(Spinlock& lock) : m_lock(lock) { m_lock.lock(); }
    ~SpinlockGuard() { m_lock.unlock(); }
    SpinlockGuard(const SpinlockGuard&) = delete;
    SpinlockGuard& operator=(const SpinlockGuard&) = delete;

private:
    Spinlock& m_lock;
};

} // namespace ts
