// LocalSocketChannel: one direction of message traffic between local sockets: the queue
// from one end of a seqpacket connection to the other, or a datagram socket's inbox.
// Layer: ipc (lib, the sched locks and wait queues, fs::PollQueue). Stream sockets do
// not use it: each direction of a stream connection is an ipc::Pipe.
//
// It is a pipe for messages: writers put whole messages in, readers take whole messages
// out, and the open counts of each side say when a reader sees end of stream or a writer
// a broken pipe.
//
//   read   takes the oldest message and copies at most `size` bytes of it; the rest of
//          the message is dropped (a message is never split across reads). With nothing
//          queued it waits, returns 0 (end of stream) once no writer is left, or fails
//          with WouldBlock when asked not to wait. A zero-length message also reads as 0.
//   write  queues one message of `size` bytes (0 allowed, at most LOCAL_MESSAGE_MAX, else
//          TooBig), waiting while the queue is full (LOCAL_QUEUE_BYTES of payload or
//          LOCAL_QUEUE_MESSAGES messages); WouldBlock when asked not to wait. With no
//          reader left it fails with BrokenPipe.
//   poll   reading side: POLL_READ while a message is queued, POLL_HANGUP once no writer
//          is left. Writing side: POLL_WRITE while a message of LOCAL_POLL_ROOM bytes
//          fits, POLL_ERROR | POLL_HANGUP once no reader is left.
//
// Waiting works as in Pipe.cpp: conditions read only atomics (they run under a wait
// queue's spinlock, where the mutex may not be taken), the other side changes the
// atomics first and wakes after, and a woken thread takes the mutex and looks again.
#pragma once

#include <cstddef>
#include <cstdint>

#include <fs/Poll.hpp>
#include <lib/Atomic.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <sched/Mutex.hpp>
#include <sched/WaitQueue.hpp>

#include "LocalSocketMessages.hpp"
#include "Pipe.hpp"

namespace ts::ipc {

// POLL_WRITE promises that a message of this many bytes would not wait (as PIPE_ATOMIC
// does for pipes); a larger one may.
inline constexpr size_t LOCAL_POLL_ROOM = 4096;

class LocalSocketChannel : public RefCounted<LocalSocketChannel> {
public:
    static Result<NonnullRefPtr<LocalSocketChannel>> create();
    ~LocalSocketChannel();

    Result<size_t> read(void* buffer, size_t size, Blocking blocking);
    Result<size_t> write(const void* buffer, size_t size, Blocking blocking);
    uint32_t poll_read_end(fs::PollTable* table);
    uint32_t poll_write_end(fs::PollTable* table);
    // Payload bytes queued now (a snapshot).
    size_t buffered() const { return m_bytes.load(); }

    // A side appears or goes: a socket that reads from (or writes to) this channel.
    void reader_opened() { m_readers.fetch_add(1); }
    void writer_opened() { m_writers.fetch_add(1); }
    void reader_closed();
    void writer_closed();

private:
    template<typename U, typename... Args>
    friend U* ::ts::try_new(Args&&...);
    LocalSocketChannel() = default;

    // Whether a message of `size` fits, from the atomics (for wait conditions and poll).
    bool fits_now(size_t size) const;
    void message_arrived();
    void space_freed();

    // m_lock guards the list. A Mutex, like Pipe's: nothing but the heap is taken inside
    // it, and messages are allocated and copied outside it.
    Mutex m_lock;
    MessageList m_messages TS_GUARDED_BY(m_lock);
    // Mirrors of the list's totals, changed only under m_lock, read without it.
    Atomic<size_t> m_bytes { 0 };
    Atomic<size_t> m_count { 0 };
    Atomic<uint32_t> m_readers { 0 };
    Atomic<uint32_t> m_writers { 0 };

    WaitQueue m_readable; // readers waiting for a message or for the last writer to go
    WaitQueue m_writable; // writers waiting for room or for the last reader to go
    fs::PollQueue m_poll;
};

} // namespace ts::ipc
