// Sleeping primitives. See Mutex.hpp.
#include "Mutex.hpp"

#include <core/Panic.hpp>

#include "Scheduler.hpp"
#include "Thread.hpp"

namespace ts {

bool Mutex::try_lock()
{
    Thread* expected = nullptr;
    return m_owner.compare_exchange(expected, &current_thread());
}

void Mutex::lock()
{
    sched::assert_may_sleep();
    VERIFY(!is_held_by_current()); // not recursive
    // The condition both tests and takes the mutex, under the wait queue's lock, so a
    // release between a failed attempt and going to sleep cannot be missed.
    m_waiters.wait_until([this] { return try_lock(); });
}

void Mutex::unlock()
{
    VERIFY(is_held_by_current());
    m_owner.store(nullptr);
    m_waiters.wake_one();
}

bool Mutex::is_held_by_current() const { return m_owner.load() == &current_thread(); }

bool Semaphore::try_down()
{
    uint64_t count = m_count.load();
    while (count > 0) {
        if (m_count.compare_exchange(count, count - 1))
            return true;
    }
    return false;
}

void Semaphore::down()
{
    sched::assert_may_sleep();
    m_waiters.wait_until([this] { return try_down(); });
}

void Semaphore::up(uint64_t n)
{
    m_count.fetch_add(n);
    for (uint64_t i = 0; i < n; ++i) {
        if (m_waiters.wake_one() == 0)
            break;
    }
}

void Completion::wait()
{
    m_waiters.wait_until([this] { return m_done.load(); });
}

bool Completion::wait_until(uint64_t deadline_ns)
{
    return m_waiters.wait_until_deadline([this] { return m_done.load(); }, deadline_ns);
}

void Completion::complete()
{
    m_done.store(true);
    m_waiters.wake_all();
}

} // namespace ts
