// LocalSocketChannel (see LocalSocketChannel.hpp; docs/kernel/ipc.md, "Sockets").
#include "LocalSocketChannel.hpp"

#include <lib/TryNew.hpp>

namespace ts::ipc {

Result<NonnullRefPtr<LocalSocketChannel>> LocalSocketChannel::create()
{
    return make_ref<LocalSocketChannel>();
}

LocalSocketChannel::~LocalSocketChannel() TS_NO_THREAD_SAFETY_ANALYSIS
{
    m_messages.clear(); // the last reference: nobody else can reach the list
}

bool LocalSocketChannel::fits_now(size_t size) const
{
    return m_count.load() < LOCAL_QUEUE_MESSAGES && size <= LOCAL_QUEUE_BYTES - m_bytes.load();
}

void LocalSocketChannel::message_arrived()
{
    m_readable.wake_all();
    m_poll.notify();
}

void LocalSocketChannel::space_freed()
{
    // Every writer: each waits for room for its own message size.
    m_writable.wake_all();
    m_poll.notify();
}

void LocalSocketChannel::reader_closed()
{
    if (m_readers.fetch_sub(1) == 1)
        space_freed(); // writers fail with BrokenPipe now
}

void LocalSocketChannel::writer_closed()
{
    if (m_writers.fetch_sub(1) == 1)
        message_arrived(); // readers see the end of the stream now
}

Result<size_t> LocalSocketChannel::read(void* buffer, size_t size, Blocking blocking)
{
    for (;;) {
        Message* message = nullptr;
        {
            MutexGuard guard(m_lock);
            message = m_messages.pop();
            if (message) {
                m_bytes.store(m_messages.bytes());
                m_count.store(m_messages.count());
            } else if (m_writers.load() == 0) {
                return size_t(0); // end of stream
            }
        }
        if (message) {
            size_t done = message->size < size ? message->size : size;
            if (done > 0)
                __builtin_memcpy(buffer, message->data(), done);
            Message::destroy(message);
            space_freed();
            return done;
        }
        if (blocking == Blocking::DontWait)
            return Error::WouldBlock;
        if (m_readable.wait_interruptible([this] { return m_count.load() > 0 || m_writers.load() == 0; })
            == WaitQueue::Outcome::Interrupted)
            return Error::Interrupted;
    }
}

Result<size_t> LocalSocketChannel::write(const void* buffer, size_t size, Blocking blocking)
{
    if (size > LOCAL_MESSAGE_MAX)
        return Error::TooBig;
    // Fail early, before allocating, when nobody is left to read.
    if (m_readers.load() == 0)
        return Error::BrokenPipe;
    Message* message = Message::make(buffer, size);
    if (!message)
        return Error::NoMemory;
    for (;;) {
        bool queued = false;
        bool broken = false;
        {
            MutexGuard guard(m_lock);
            if (m_readers.load() == 0) {
                broken = true;
            } else if (m_messages.push(*message).is_ok()) {
                queued = true;
                m_bytes.store(m_messages.bytes());
                m_count.store(m_messages.count());
            }
        }
        if (queued) {
            message_arrived();
            return size;
        }
        if (broken || blocking == Blocking::DontWait) {
            Message::destroy(message);
            return broken ? Error::BrokenPipe : Error::WouldBlock;
        }
        if (m_writable.wait_interruptible([this, size] { return fits_now(size) || m_readers.load() == 0; })
            == WaitQueue::Outcome::Interrupted) {
            Message::destroy(message);
            return Error::Interrupted;
        }
    }
}

uint32_t LocalSocketChannel::poll_read_end(fs::PollTable* table)
{
    if (table)
        table->add(m_poll);
    uint32_t events = 0;
    if (m_count.load() > 0)
        events |= fs::POLL_READ;
    if (m_writers.load() == 0)
        events |= fs::POLL_HANGUP;
    return events;
}

uint32_t LocalSocketChannel::poll_write_end(fs::PollTable* table)
{
    if (table)
        table->add(m_poll);
    uint32_t events = 0;
    if (fits_now(LOCAL_POLL_ROOM))
        events |= fs::POLL_WRITE;
    if (m_readers.load() == 0)
        events |= fs::POLL_ERROR | fs::POLL_HANGUP;
    return events;
}

} // namespace ts::ipc
