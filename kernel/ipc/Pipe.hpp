// Pipe: a one-way byte stream between two open files, and the device /dev/pipe/new that
// makes them. Layer: ipc (calls lib, the sched locks and wait queues, and the fs objects:
// File, Vnode, PollQueue, devfs; nothing calls down into it but the VFS through a vnode).
//
// A Pipe is a 64 KiB ring buffer with two ends, each a vnode of its own (the read end
// allows only Perm::Read, the write end only Perm::Write) opened once as a File. Both
// ends are streams: offsets are ignored and a read waits for data.
//
//   read   returns what is buffered (at most `size` bytes, at least one); with nothing
//          buffered it waits, returns 0 (end of file) once every write end is closed, or
//          fails with Error::WouldBlock when the file was opened :nonblock.
//   write  waits while the buffer is full and returns only when every byte is in, waking
//          readers as it goes. A write of at most PIPE_ATOMIC bytes goes in at once, so
//          it is never interleaved with another writer's bytes. With every read end
//          closed it fails with Error::BrokenPipe (or returns the bytes already in, if
//          the last reader went midway: the next write fails). :nonblock: a write that
//          cannot go in without waiting fails with WouldBlock, except that a large write
//          (over PIPE_ATOMIC) returns the bytes that fitted.
//   poll   read end: POLL_READ while bytes are buffered, POLL_HANGUP once no write end is
//          left. Write end: POLL_WRITE while PIPE_ATOMIC bytes fit (so any atomic write
//          would not wait), POLL_ERROR | POLL_HANGUP once no read end is left.
//   close  the last File of an end going (Vnode::close) wakes the other side.
//
// The pipe's memory goes with its last end: each end vnode holds a reference to the
// Pipe, and each File holds its vnode. docs/kernel/ipc.md has the design.
#pragma once

#include <cstddef>
#include <cstdint>

#include <fs/File.hpp>
#include <fs/Mount.hpp>
#include <fs/PathFlags.hpp>
#include <fs/Poll.hpp>
#include <lib/Atomic.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <sched/Mutex.hpp>
#include <sched/WaitQueue.hpp>

namespace ts::ipc {

inline constexpr size_t PIPE_CAPACITY = 64 * 1024;
// Writes of at most this many bytes are never interleaved with other writers' bytes.
inline constexpr size_t PIPE_ATOMIC = 4096;

enum class Blocking : uint8_t { Wait, DontWait };

class Pipe : public RefCounted<Pipe> {
public:
    static Result<NonnullRefPtr<Pipe>> create();
    ~Pipe();

    Result<size_t> read(void* buffer, size_t size, Blocking blocking);
    Result<size_t> write(const void* buffer, size_t size, Blocking blocking);
    uint32_t poll_read_end(fs::PollTable* table);
    uint32_t poll_write_end(fs::PollTable* table);
    // Bytes buffered now (a snapshot).
    size_t buffered() const { return m_used.load(); }

    // An open File of an end appears or goes (the end vnode's open and close).
    void reader_opened() { m_readers.fetch_add(1); }
    void writer_opened() { m_writers.fetch_add(1); }
    void reader_closed();
    void writer_closed();

private:
    template<typename U, typename... Args>
    friend U* ::ts::try_new(Args&&...);
    Pipe() = default;

    Result<void> ensure_buffer_locked() TS_REQUIRES(m_lock);
    void copy_in_locked(const uint8_t* from, size_t size) TS_REQUIRES(m_lock);
    void copy_out_locked(uint8_t* to, size_t size) TS_REQUIRES(m_lock);
    void data_arrived();
    void space_freed();

    // m_lock serialises readers and writers (each copy happens whole under it). It is a
    // Mutex, not a spinlock: a copy may be 64 KiB, and the buffer is allocated under it.
    // Nothing else is ever taken inside it but the heap's lock.
    Mutex m_lock;
    // Allocated at the first write, so a pipe that never carries data costs no buffer.
    uint8_t* m_buffer TS_GUARDED_BY(m_lock) { nullptr };
    size_t m_head TS_GUARDED_BY(m_lock) { 0 }; // where the oldest byte is
    // Changed only under m_lock; atomic because wait conditions and poll read it without
    // the lock (a wait condition runs under a wait queue's spinlock, where a Mutex may
    // not be taken).
    Atomic<size_t> m_used { 0 };
    // Open Files of each end. Changed without m_lock (open and close never wait); a
    // writer that misses a reader's close still finishes its copy, whose bytes are
    // simply never read.
    Atomic<uint32_t> m_readers { 0 };
    Atomic<uint32_t> m_writers { 0 };

    WaitQueue m_readable; // readers waiting for data or for the last writer to go
    WaitQueue m_writable; // writers waiting for room or for the last reader to go
    fs::PollQueue m_poll; // pollers of either end
};

// The two ends of a new pipe, opened: `read` (Perm::Read) and `write` (Perm::Write).
// The order is FilePair's: index 0 read, index 1 write.
using PipeEnds = fs::FilePair;

// Makes a pipe and opens both ends. `flags` may hold only OpenFlag::Nonblock (else
// Error::InvalidArgument), which both files get. The files have no location unless one is
// given (the VFS passes /dev/pipe/new's): they are not reachable by any path.
Result<PipeEnds> create_pipe(fs::OpenFlag flags, fs::Location location = {});

// How many pipes exist (for tests and diagnostics).
size_t live_pipes();

// Publishes /dev/pipe/new: open_pair (open2) on it makes a pipe; a plain open fails with
// Error::NotSupported.
Result<void> pipe_device_init();

} // namespace ts::ipc
