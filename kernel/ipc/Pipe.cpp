// Pipe, its two end vnodes and /dev/pipe/new (see Pipe.hpp; docs/kernel/ipc.md).
//
// Waiting. A reader or writer that cannot go on drops m_lock and sleeps on its wait
// queue until a condition over the atomics (m_used, m_readers, m_writers) holds. The
// other side changes those first and wakes the queue after, and WaitQueue checks the
// condition under its own lock before sleeping, so no wake-up falls between the check
// and the sleep. After waking, the sleeper takes m_lock and looks again: another reader
// or writer may have come first.
#include "Pipe.hpp"

#include <fs/Devfs.hpp>
#include <fs/Superblock.hpp>
#include <fs/Vnode.hpp>
#include <lib/TryNew.hpp>

namespace ts::ipc {

namespace {

Atomic<size_t> g_live_pipes { 0 };

size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

// The superblock of every pipe end (their inode numbers and stat's superblock_id).
class PipeSuperblock final : public fs::Superblock {
public:
    PipeSuperblock() : Superblock("pipefs", false) {}
};

Atomic<PipeSuperblock*> g_superblock { nullptr };

// Made at the first pipe and kept for good. Two first pipes may race to make it: the
// loser drops its copy.
Result<PipeSuperblock*> pipe_superblock()
{
    if (PipeSuperblock* existing = g_superblock.load())
        return existing;
    auto* made = try_new<PipeSuperblock>();
    if (!made)
        return Error::NoMemory;
    PipeSuperblock* expected = nullptr;
    if (g_superblock.compare_exchange(expected, made))
        return made;
    made->unref();
    return expected;
}

// One end of a pipe as the file system sees it: the reading end or the writing end.
class PipeEnd final : public fs::Vnode {
public:
    enum class Side : uint8_t { Read, Write };

    PipeEnd(fs::Superblock& superblock, NonnullRefPtr<Pipe> pipe, Side side)
        : Vnode(superblock, fs::VnodeKind::Device, side == Side::Read ? fs::Perm::Read : fs::Perm::Write),
          m_pipe(static_cast<NonnullRefPtr<Pipe>&&>(pipe)), m_side(side)
    {
    }

    Result<void> open(fs::File&) override
    {
        if (m_side == Side::Read)
            m_pipe->reader_opened();
        else
            m_pipe->writer_opened();
        return {};
    }
    void close(fs::File&) override
    {
        if (m_side == Side::Read)
            m_pipe->reader_closed();
        else
            m_pipe->writer_closed();
    }
    bool is_stream() const override { return true; }
    Result<size_t> read(fs::File& file, uint64_t offset, void* buffer, size_t size) override
    {
        if (m_side != Side::Read)
            return Vnode::read(file, offset, buffer, size);
        return m_pipe->read(buffer, size, blocking(file));
    }
    Result<size_t> write(fs::File& file, uint64_t offset, const void* buffer, size_t size) override
    {
        if (m_side != Side::Write)
            return Vnode::write(file, offset, buffer, size);
        return m_pipe->write(buffer, size, blocking(file));
    }
    uint32_t poll(fs::File&, fs::PollTable* table) override
    {
        return m_side == Side::Read ? m_pipe->poll_read_end(table) : m_pipe->poll_write_end(table);
    }
    fs::Stat stat() override
    {
        fs::Stat result = Vnode::stat();
        result.size = m_pipe->buffered();
        return result;
    }

private:
    static Blocking blocking(const fs::File& file) { return file.is_nonblocking() ? Blocking::DontWait : Blocking::Wait; }

    NonnullRefPtr<Pipe> m_pipe;
    Side m_side;
};

// /dev/pipe/new: a name to open pipes by. A pipe is two files, so only open_pair (the
// open2 call) works; open() has one file to give and refuses.
class PipeDevice final : public fs::Vnode {
public:
    explicit PipeDevice(fs::Superblock& superblock) : Vnode(superblock, fs::VnodeKind::Device, fs::Perm::Read | fs::Perm::Write) {}

    Result<void> open(fs::File&) override { return Error::NotSupported; }
    Result<fs::FilePair> open_pair(const fs::Location& location, fs::Perm perms, fs::OpenFlag flags) override
    {
        // Both ends are handed out, so the walk must allow both directions.
        if (!fs::has(perms, fs::Perm::Read | fs::Perm::Write))
            return Error::Permission;
        return create_pipe(flags & fs::OpenFlag::Nonblock, location);
    }
};

} // namespace

Result<NonnullRefPtr<Pipe>> Pipe::create()
{
    auto pipe = TRY(make_ref<Pipe>());
    g_live_pipes.fetch_add(1);
    return pipe;
}

Pipe::~Pipe() TS_NO_THREAD_SAFETY_ANALYSIS
{
    delete[] m_buffer;
    g_live_pipes.fetch_sub(1);
}

Result<void> Pipe::ensure_buffer_locked()
{
    if (m_buffer)
        return {};
    m_buffer = new (std::nothrow) uint8_t[PIPE_CAPACITY];
    if (!m_buffer)
        return Error::NoMemory;
    return {};
}

void Pipe::copy_in_locked(const uint8_t* from, size_t size)
{
    size_t used = m_used.load();
    size_t tail = (m_head + used) % PIPE_CAPACITY;
    size_t first = min_size(size, PIPE_CAPACITY - tail);
    __builtin_memcpy(m_buffer + tail, from, first);
    __builtin_memcpy(m_buffer, from + first, size - first);
    m_used.store(used + size);
}

void Pipe::copy_out_locked(uint8_t* to, size_t size)
{
    size_t first = min_size(size, PIPE_CAPACITY - m_head);
    __builtin_memcpy(to, m_buffer + m_head, first);
    __builtin_memcpy(to + first, m_buffer, size - first);
    m_head = (m_head + size) % PIPE_CAPACITY;
    size_t left = m_used.load() - size;
    if (left == 0)
        m_head = 0; // keeps later small writes from wrapping
    m_used.store(left);
}

void Pipe::data_arrived()
{
    m_readable.wake_all();
    m_poll.notify();
}

void Pipe::space_freed()
{
    // Every writer: they wait for different amounts of room (an atomic write for all of
    // it), so waking one could pick one that still does not fit.
    m_writable.wake_all();
    m_poll.notify();
}

void Pipe::reader_closed()
{
    if (m_readers.fetch_sub(1) == 1)
        space_freed(); // writers fail with BrokenPipe now
}

void Pipe::writer_closed()
{
    if (m_writers.fetch_sub(1) == 1)
        data_arrived(); // readers see the end of file now
}

Result<size_t> Pipe::read(void* buffer, size_t size, Blocking blocking)
{
    if (size == 0)
        return size_t(0);
    for (;;) {
        size_t done = 0;
        {
            MutexGuard guard(m_lock);
            size_t used = m_used.load();
            if (used > 0) {
                done = min_size(size, used);
                copy_out_locked(static_cast<uint8_t*>(buffer), done);
            } else if (m_writers.load() == 0) {
                return size_t(0); // end of file: empty, and nobody left to write
            }
        }
        if (done > 0) {
            space_freed();
            return done;
        }
        if (blocking == Blocking::DontWait)
            return Error::WouldBlock;
        // A note for the reader's process ends the wait (the syscall returns Interrupted).
        if (m_readable.wait_interruptible([this] { return m_used.load() > 0 || m_writers.load() == 0; })
            == WaitQueue::Outcome::Interrupted)
            return Error::Interrupted;
    }
}

Result<size_t> Pipe::write(const void* buffer, size_t size, Blocking blocking)
{
    auto* from = static_cast<const uint8_t*>(buffer);
    // An atomic write waits for room for all of it; a larger one takes any room there is.
    const size_t needed = size <= PIPE_ATOMIC ? size : 1;
    size_t done = 0;
    while (done < size) {
        size_t copied = 0;
        bool broken = false;
        {
            MutexGuard guard(m_lock);
            if (m_readers.load() == 0) {
                broken = true;
            } else {
                TRY(ensure_buffer_locked());
                size_t room = PIPE_CAPACITY - m_used.load();
                if (room >= needed) {
                    copied = min_size(room, size - done);
                    copy_in_locked(from + done, copied);
                }
            }
        }
        if (broken)
            return done > 0 ? Result<size_t>(done) : Result<size_t>(Error::BrokenPipe);
        if (copied > 0) {
            done += copied;
            data_arrived();
            continue;
        }
        if (blocking == Blocking::DontWait)
            return done > 0 ? Result<size_t>(done) : Result<size_t>(Error::WouldBlock);
        if (m_writable.wait_interruptible(
                [this, needed] { return PIPE_CAPACITY - m_used.load() >= needed || m_readers.load() == 0; })
            == WaitQueue::Outcome::Interrupted)
            return done > 0 ? Result<size_t>(done) : Result<size_t>(Error::Interrupted);
    }
    return done;
}

uint32_t Pipe::poll_read_end(fs::PollTable* table)
{
    if (table)
        table->add(m_poll);
    uint32_t events = 0;
    if (m_used.load() > 0)
        events |= fs::POLL_READ;
    if (m_writers.load() == 0)
        events |= fs::POLL_HANGUP;
    return events;
}

uint32_t Pipe::poll_write_end(fs::PollTable* table)
{
    if (table)
        table->add(m_poll);
    uint32_t events = 0;
    if (PIPE_CAPACITY - m_used.load() >= PIPE_ATOMIC)
        events |= fs::POLL_WRITE;
    if (m_readers.load() == 0)
        events |= fs::POLL_ERROR | fs::POLL_HANGUP;
    return events;
}

Result<PipeEnds> create_pipe(fs::OpenFlag flags, fs::Location location)
{
    if ((flags & ~fs::OpenFlag::Nonblock) != fs::OpenFlag::None)
        return Error::InvalidArgument;
    PipeSuperblock* superblock = TRY(pipe_superblock());
    auto pipe = TRY(Pipe::create());
    auto read_end = TRY(make_ref<PipeEnd>(*superblock, pipe, PipeEnd::Side::Read));
    auto write_end = TRY(make_ref<PipeEnd>(*superblock, pipe, PipeEnd::Side::Write));
    // If the second open fails, the first file's close drops its count again.
    auto read_file = TRY(fs::File::open(location, static_cast<NonnullRefPtr<PipeEnd>&&>(read_end), fs::Perm::Read, flags));
    auto write_file = TRY(fs::File::open(static_cast<fs::Location&&>(location), static_cast<NonnullRefPtr<PipeEnd>&&>(write_end), fs::Perm::Write, flags));
    return PipeEnds { static_cast<NonnullRefPtr<fs::File>&&>(read_file), static_cast<NonnullRefPtr<fs::File>&&>(write_file) };
}

size_t live_pipes()
{
    return g_live_pipes.load();
}

Result<void> pipe_device_init()
{
    auto device = TRY(make_ref<PipeDevice>(devfs::superblock()));
    TRY(devfs::publish("pipe/new", *device));
    return {};
}

} // namespace ts::ipc
