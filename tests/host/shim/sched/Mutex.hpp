// Host stand-in for kernel/sched/Mutex.hpp (see Spinlock.hpp beside it): the same Mutex
// and MutexGuard interface over std::mutex, so the VFS core compiles and runs on the host.
#pragma once

#include <atomic>
#include <mutex>
#include <thread>

#include "Spinlock.hpp"

namespace ts {

class Mutex {
public:
    void lock()
    {
        m_mutex.lock();
        m_owner.store(std::this_thread::get_id());
    }
    bool try_lock()
    {
        if (!m_mutex.try_lock())
            return false;
        m_owner.store(std::this_thread::get_id());
        return true;
    }
    void unlock()
    {
        m_owner.store(std::thread::id());
        m_mutex.unlock();
    }
    bool is_locked() const { return m_owner.load() != std::thread::id(); }
    bool is_held_by_current() const { return m_owner.load() == std::this_thread::get_id(); }

private:
    std::mutex m_mutex;
    std::atomic<std::thread::id> m_owner {};
};

class MutexGuard {
public:
    explicit MutexGuard(Mutex& mutex) : m_mutex(mutex) { m_mutex.lock(); }
    ~MutexGuard() { m_mutex.unlock(); }
    MutexGuard(const MutexGuard&) = delete;
    MutexGuard& operator=(const MutexGuard&) = delete;

private:
    Mutex& m_mutex;
};

} // namespace ts
