// Poll (see Poll.hpp).
#include "Poll.hpp"

#include <arch/x86_64/Clock.hpp>

#include "File.hpp"

namespace ts::fs {

PollQueue::~PollQueue()
{
    // Every table unregisters before its poll() returns, and a file's queue dies with
    // the file, which a poller holds a reference to: nothing can be linked here now.
}

void PollQueue::notify()
{
    {
        SpinlockGuard guard(m_lock);
        for (PollEntry& entry : m_entries)
            entry.table->signal();
    }
    m_waiters.wake_all();
}

void PollTable::signal()
{
    m_signalled.store(true);
    m_wait.wake_all();
}

void PollTable::add(PollQueue& queue)
{
    if (m_count == MAX_ENTRIES) {
        m_overflow = true;
        return;
    }
    PollEntry& entry = m_entries[m_count++];
    entry.table = this;
    entry.queue = &queue;
    SpinlockGuard guard(queue.m_lock);
    queue.m_entries.push_back(entry);
}

void PollTable::unregister_all()
{
    for (size_t i = 0; i < m_count; ++i) {
        PollEntry& entry = m_entries[i];
        SpinlockGuard guard(entry.queue->m_lock);
        entry.queue->m_entries.remove(entry);
    }
    m_count = 0;
}

namespace {

size_t collect(PollRequest* requests, size_t count, PollTable* table)
{
    size_t ready = 0;
    for (size_t i = 0; i < count; ++i) {
        PollRequest& request = requests[i];
        if (!request.file) {
            request.revents = 0;
            continue;
        }
        uint32_t events = request.file->poll(table);
        request.revents = events & (request.events | POLL_HANGUP | POLL_ERROR);
        if (request.revents)
            ++ready;
    }
    return ready;
}

} // namespace

Result<size_t> poll(PollRequest* requests, size_t count, uint64_t timeout_ns)
{
    if (count > PollTable::MAX_ENTRIES)
        return Error::InvalidArgument;
    uint64_t deadline = 0;
    if (timeout_ns != POLL_FOREVER) {
        uint64_t now = arch::monotonic_ns();
        deadline = timeout_ns > ~uint64_t(0) - now ? ~uint64_t(0) - 1 : now + timeout_ns;
    }
    for (;;) {
        // Register while asking, so a notification between the answer and the sleep
        // sets m_signalled and the sleep returns at once.
        PollTable table;
        size_t ready = collect(requests, count, &table);
        if (table.overflowed())
            return Error::InvalidArgument;
        if (ready > 0 || timeout_ns == 0)
            return ready;
        // Interruptible: a note for the caller's process ends the wait.
        auto outcome = table.m_wait.wait_interruptible([&] { return table.m_signalled.load(); },
            timeout_ns == POLL_FOREVER ? 0 : deadline);
        bool signalled = outcome == WaitQueue::Outcome::Ready;
        table.unregister_all();
        if (outcome == WaitQueue::Outcome::Interrupted)
            return Error::Interrupted;
        if (!signalled) {
            // The deadline passed: one last look, without sleeping.
            return collect(requests, count, nullptr);
        }
    }
}

} // namespace ts::fs
