// In-kernel tests of pipes (ipc/Pipe.hpp): data through the ring and across its wrap,
// end of file and BrokenPipe when an end closes, :nonblock, readers and writers woken by
// other threads, poll, atomic writes from two threads, /dev/pipe/new through the VFS,
// and 1,000 pipes that must give back every byte.
// Threads wait for each other through the pipe itself or through join, never by sleeping:
// a test that needs a thread asleep in the pipe first waits until its state is Blocked.
#include <arch/x86_64/Clock.hpp>
#include <fs/Dentry.hpp>
#include <fs/Poll.hpp>
#include <fs/Tmpfs.hpp>
#include <fs/Vfs.hpp>
#include <fs/VfsInit.hpp>
#include <ipc/Pipe.hpp>
#include <mm/Heap.hpp>
#include <mm/Pmm.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

#include "KernelTest.hpp"
#include "TestHelpers.hpp"

namespace ts::test {

namespace {

using namespace fs;
using ipc::PIPE_ATOMIC;
using ipc::PIPE_CAPACITY;

// The byte at position `i` of a test stream.
uint8_t pattern(size_t i)
{
    return static_cast<uint8_t>(i * 7 + (i >> 8));
}

Error error_of(const Result<size_t>& result)
{
    return result.is_error() ? result.error() : Error::InvalidArgument;
}

// Takes one end out of a pair, so the test can close it by dropping the RefPtr.
RefPtr<File> take(NonnullRefPtr<File>& end)
{
    return RefPtr<File>(static_cast<NonnullRefPtr<File>&&>(end));
}

} // namespace

KTEST(pipe, round_trip_and_boundaries)
{
    auto ends = ipc::create_pipe(OpenFlag::None);
    KASSERT(ends.is_ok());
    File& reader = *ends.value().read;
    File& writer = *ends.value().write;
    KEXPECT(reader.perms() == Perm::Read);
    KEXPECT(writer.perms() == Perm::Write);
    KEXPECT(&ends.value().at(0) == &reader && &ends.value().at(1) == &writer);
    // Each end does only its own direction; streams do not seek.
    char small[16];
    KEXPECT(error_of(reader.write("x", 1)) == Error::Permission);
    KEXPECT(error_of(writer.read(small, 1)) == Error::Permission);
    KEXPECT(reader.seek(0, SeekFrom::Start).is_error());
    // A short read takes the oldest bytes; the rest stays for the next one.
    KEXPECT_EQ(writer.write("hello, pipe", 11).value_or(0), 11u);
    KEXPECT_EQ(reader.stat().size, 11u);
    KEXPECT_EQ(reader.read(small, 0).value_or(99), 0u);
    KEXPECT_EQ(reader.read(small, 5).value_or(0), 5u);
    KEXPECT(StringView(small, 5) == "hello");
    KEXPECT_EQ(reader.read(small, sizeof(small)).value_or(0), 6u);
    KEXPECT(StringView(small, 6) == ", pipe");

    auto* out = new (std::nothrow) uint8_t[PIPE_CAPACITY];
    auto* in = new (std::nothrow) uint8_t[PIPE_CAPACITY];
    KASSERT(out && in);
    // Exactly the capacity goes in without waiting, and comes out in order.
    for (size_t i = 0; i < PIPE_CAPACITY; ++i)
        out[i] = pattern(i);
    KEXPECT_EQ(writer.write(out, PIPE_CAPACITY).value_or(0), PIPE_CAPACITY);
    KEXPECT_EQ(writer.stat().size, PIPE_CAPACITY);
    KEXPECT_EQ(reader.read(in, PIPE_CAPACITY).value_or(0), PIPE_CAPACITY);
    KEXPECT(__builtin_memcmp(in, out, PIPE_CAPACITY) == 0);
    // Across the end of the ring: 60,000 in, 59,000 out, then 10,000 more wrap round.
    size_t written = 0, read = 0;
    bool same = true;
    auto put = [&](size_t count) {
        for (size_t i = 0; i < count; ++i)
            out[i] = pattern(written + i);
        written += writer.write(out, count).value_or(0);
    };
    auto get = [&](size_t count) {
        size_t got = reader.read(in, count).value_or(0);
        for (size_t i = 0; i < got; ++i)
            same &= in[i] == pattern(read + i);
        read += got;
        return got;
    };
    put(60000);
    KEXPECT_EQ(get(59000), 59000u);
    put(10000);
    KEXPECT_EQ(written, 70000u);
    KEXPECT_EQ(get(PIPE_CAPACITY), 11000u);
    KEXPECT(same);
    KEXPECT_EQ(reader.stat().size, 0u);
    delete[] out;
    delete[] in;
}

KTEST(pipe, end_of_file_after_the_writer_closes)
{
    auto ends = ipc::create_pipe(OpenFlag::None);
    KASSERT(ends.is_ok());
    RefPtr<File> reader = take(ends.value().read);
    RefPtr<File> writer = take(ends.value().write);
    KEXPECT_EQ(poll_now(*reader, POLL_READ), 0u);
    KEXPECT_EQ(writer->write("abc", 3).value_or(0), 3u);
    writer = nullptr;
    // What was written is still read, then end of file, every time.
    KEXPECT_EQ(poll_now(*reader, POLL_READ), uint32_t(POLL_READ | POLL_HANGUP));
    char buffer[8];
    KEXPECT_EQ(reader->read(buffer, sizeof(buffer)).value_or(0), 3u);
    KEXPECT(StringView(buffer, 3) == "abc");
    KEXPECT_EQ(reader->read(buffer, sizeof(buffer)).value_or(99), 0u);
    KEXPECT_EQ(reader->read(buffer, sizeof(buffer)).value_or(99), 0u);
    KEXPECT_EQ(poll_now(*reader, POLL_READ), uint32_t(POLL_HANGUP));
    // The same with :nonblock: end of file is 0, not WouldBlock.
    auto nonblocking = ipc::create_pipe(OpenFlag::Nonblock);
    KASSERT(nonblocking.is_ok());
    RefPtr<File> nb_reader = take(nonblocking.value().read);
    { RefPtr<File> nb_writer = take(nonblocking.value().write); }
    KEXPECT_EQ(nb_reader->read(buffer, sizeof(buffer)).value_or(99), 0u);
}

KTEST(pipe, broken_pipe_after_the_reader_closes)
{
    auto ends = ipc::create_pipe(OpenFlag::None);
    KASSERT(ends.is_ok());
    RefPtr<File> reader = take(ends.value().read);
    RefPtr<File> writer = take(ends.value().write);
    KEXPECT_EQ(poll_now(*writer, POLL_WRITE), uint32_t(POLL_WRITE));
    KEXPECT_EQ(writer->write("lost", 4).value_or(0), 4u);
    reader = nullptr;
    KEXPECT(error_of(writer->write("x", 1)) == Error::BrokenPipe);
    KEXPECT(error_of(writer->write("x", 1)) == Error::BrokenPipe);
    KEXPECT(poll_now(*writer, POLL_WRITE) & POLL_ERROR);
    KEXPECT(poll_now(*writer, POLL_WRITE) & POLL_HANGUP);
    KEXPECT(StringView(error_name(Error::BrokenPipe)) == "broken pipe");
}

KTEST(pipe, nonblock_would_block_on_empty_read_and_full_write)
{
    auto ends = ipc::create_pipe(OpenFlag::Nonblock);
    KASSERT(ends.is_ok());
    File& reader = *ends.value().read;
    File& writer = *ends.value().write;
    KEXPECT(reader.is_nonblocking() && writer.is_nonblocking());
    auto* block = new (std::nothrow) uint8_t[PIPE_CAPACITY];
    KASSERT(block);
    __builtin_memset(block, 0x5a, PIPE_CAPACITY);
    KEXPECT(error_of(reader.read(block, 1)) == Error::WouldBlock);
    KEXPECT_EQ(writer.write(block, PIPE_CAPACITY).value_or(0), PIPE_CAPACITY);
    // Full: small, atomic-sized and large writes all refuse.
    KEXPECT(error_of(writer.write(block, 1)) == Error::WouldBlock);
    KEXPECT(error_of(writer.write(block, PIPE_ATOMIC)) == Error::WouldBlock);
    KEXPECT(error_of(writer.write(block, 2 * PIPE_ATOMIC)) == Error::WouldBlock);
    KEXPECT_EQ(poll_now(writer, POLL_WRITE), 0u);
    // 100 bytes free: an atomic write that does not fit refuses whole; a small one fits;
    // a large one takes what fits.
    KEXPECT_EQ(reader.read(block, 100).value_or(0), 100u);
    KEXPECT(error_of(writer.write(block, PIPE_ATOMIC)) == Error::WouldBlock);
    KEXPECT_EQ(writer.write(block, 60).value_or(0), 60u);
    KEXPECT_EQ(writer.write(block, 2 * PIPE_ATOMIC).value_or(0), 40u);
    KEXPECT_EQ(writer.stat().size, PIPE_CAPACITY);
    // Room for an atomic write again: poll says writable.
    KEXPECT_EQ(reader.read(block, PIPE_ATOMIC).value_or(0), PIPE_ATOMIC);
    KEXPECT_EQ(poll_now(writer, POLL_WRITE), uint32_t(POLL_WRITE));
    KEXPECT_EQ(writer.write(block, PIPE_ATOMIC).value_or(0), PIPE_ATOMIC);
    // Drained: WouldBlock again.
    size_t drained = 0;
    for (;;) {
        auto got = reader.read(block, PIPE_CAPACITY);
        if (got.is_error()) {
            KEXPECT(got.error() == Error::WouldBlock);
            break;
        }
        drained += got.value();
    }
    KEXPECT_EQ(drained, PIPE_CAPACITY);
    KEXPECT(ipc::create_pipe(OpenFlag::Append).is_error()); // only :nonblock means anything
    delete[] block;
}

namespace {

struct Peer {
    File* file;
    uint8_t* buffer;
    size_t size;
    Result<size_t> result { size_t(0) };
};

void read_once(void* argument)
{
    auto* peer = static_cast<Peer*>(argument);
    peer->result = peer->file->read(peer->buffer, peer->size);
}

void write_once(void* argument)
{
    auto* peer = static_cast<Peer*>(argument);
    peer->result = peer->file->write(peer->buffer, peer->size);
}

} // namespace

KTEST(pipe, blocked_reader_is_woken_by_a_write)
{
    auto ends = ipc::create_pipe(OpenFlag::None);
    KASSERT(ends.is_ok());
    uint8_t buffer[32] {};
    Peer peer { ends.value().read.ptr(), buffer, sizeof(buffer) };
    auto thread = Thread::spawn("pipe-reader", read_once, &peer);
    KASSERT(thread.is_ok());
    KEXPECT(wait_until_blocked(*thread.value()));
    KEXPECT_EQ(ends.value().write->write("wake up", 7).value_or(0), 7u);
    thread.value()->join();
    KEXPECT_EQ(peer.result.value_or(0), 7u);
    KEXPECT(StringView(reinterpret_cast<char*>(buffer), 7) == "wake up");
}

KTEST(pipe, closing_an_end_wakes_the_other_side)
{
    // A reader asleep on an empty pipe gets end of file when the writer closes.
    {
        auto ends = ipc::create_pipe(OpenFlag::None);
        KASSERT(ends.is_ok());
        RefPtr<File> writer = take(ends.value().write);
        uint8_t buffer[8];
        Peer peer { ends.value().read.ptr(), buffer, sizeof(buffer), size_t(99) };
        auto thread = Thread::spawn("pipe-reader", read_once, &peer);
        KASSERT(thread.is_ok());
        KEXPECT(wait_until_blocked(*thread.value()));
        writer = nullptr;
        thread.value()->join();
        KEXPECT(peer.result.is_ok() && peer.result.value() == 0);
    }
    // A writer asleep on a full pipe gets what it wrote so far, then BrokenPipe, when
    // the reader closes; a second writer asleep on an atomic write gets BrokenPipe.
    {
        auto ends = ipc::create_pipe(OpenFlag::None);
        KASSERT(ends.is_ok());
        RefPtr<File> reader = take(ends.value().read);
        auto* block = new (std::nothrow) uint8_t[PIPE_CAPACITY + 1000];
        KASSERT(block);
        __builtin_memset(block, 1, PIPE_CAPACITY + 1000);
        Peer large { ends.value().write.ptr(), block, PIPE_CAPACITY + 1000 };
        auto thread = Thread::spawn("pipe-writer", write_once, &large);
        KASSERT(thread.is_ok());
        KEXPECT(wait_until_blocked(*thread.value()));
        KEXPECT_EQ(ends.value().write->stat().size, PIPE_CAPACITY);
        Peer atomic { ends.value().write.ptr(), block, PIPE_ATOMIC };
        auto second = Thread::spawn("pipe-writer2", write_once, &atomic);
        KASSERT(second.is_ok());
        KEXPECT(wait_until_blocked(*second.value()));
        reader = nullptr;
        thread.value()->join();
        second.value()->join();
        KEXPECT_EQ(large.result.value_or(0), PIPE_CAPACITY);
        KEXPECT(atomic.result.is_error() && atomic.result.error() == Error::BrokenPipe);
        delete[] block;
    }
}

KTEST(pipe, blocked_writer_is_woken_by_a_read)
{
    auto ends = ipc::create_pipe(OpenFlag::None);
    KASSERT(ends.is_ok());
    File& reader = *ends.value().read;
    auto* block = new (std::nothrow) uint8_t[PIPE_CAPACITY];
    KASSERT(block);
    __builtin_memset(block, 3, PIPE_CAPACITY);
    KEXPECT_EQ(ends.value().write->write(block, PIPE_CAPACITY).value_or(0), PIPE_CAPACITY);
    // Full: an atomic write of 4096 sleeps until 4096 bytes are free, not just one.
    Peer peer { ends.value().write.ptr(), block, PIPE_ATOMIC };
    auto thread = Thread::spawn("pipe-writer", write_once, &peer);
    KASSERT(thread.is_ok());
    KEXPECT(wait_until_blocked(*thread.value()));
    KEXPECT_EQ(reader.read(block, PIPE_ATOMIC - 1).value_or(0), PIPE_ATOMIC - 1);
    KEXPECT_EQ(reader.read(block, 1).value_or(0), 1u);
    thread.value()->join();
    KEXPECT_EQ(peer.result.value_or(0), PIPE_ATOMIC);
    KEXPECT_EQ(reader.stat().size, PIPE_CAPACITY);
    delete[] block;
}

namespace {

void write_hello(void* argument)
{
    (void)static_cast<File*>(argument)->write("hello", 5);
}

} // namespace

KTEST(pipe, poll_times_out_when_empty_and_sees_data)
{
    auto ends = ipc::create_pipe(OpenFlag::None);
    KASSERT(ends.is_ok());
    File& reader = *ends.value().read;
    PollRequest request { &reader, POLL_READ, 0 };
    uint64_t start = arch::monotonic_ns();
    auto ready = poll(&request, 1, 20 * 1000 * 1000);
    uint64_t waited = arch::monotonic_ns() - start;
    KEXPECT(ready.is_ok() && ready.value() == 0);
    KEXPECT(waited >= 20 * 1000 * 1000);
    // A write from another thread wakes an unbounded poll.
    auto thread = Thread::spawn("pipe-poll-writer", write_hello, ends.value().write.ptr());
    KASSERT(thread.is_ok());
    ready = poll(&request, 1, POLL_FOREVER);
    KEXPECT(ready.is_ok() && ready.value() == 1);
    KEXPECT_EQ(request.revents, uint32_t(POLL_READ));
    thread.value()->join();
    // Both ends in one call: the read end readable, the write end writable.
    PollRequest both[2] = { { &reader, POLL_READ, 0 }, { ends.value().write.ptr(), POLL_WRITE, 0 } };
    ready = poll(both, 2, 0);
    KEXPECT(ready.is_ok() && ready.value() == 2);
    KEXPECT_EQ(both[0].revents, uint32_t(POLL_READ));
    KEXPECT_EQ(both[1].revents, uint32_t(POLL_WRITE));
    char buffer[8];
    KEXPECT_EQ(reader.read(buffer, sizeof(buffer)).value_or(0), 5u);
    KEXPECT_EQ(poll_now(reader, POLL_READ), 0u);
}

namespace {

// Writer `tag` writes `records` records of `size` bytes, every byte the tag.
struct RecordWriter {
    File* file;
    uint8_t tag;
    size_t size;
    size_t records;
    bool ok { true };
};

void write_records(void* argument)
{
    auto* writer = static_cast<RecordWriter*>(argument);
    uint8_t record[PIPE_ATOMIC];
    __builtin_memset(record, writer->tag, writer->size);
    for (size_t i = 0; i < writer->records; ++i)
        writer->ok &= writer->file->write(record, writer->size).value_or(0) == writer->size;
}

} // namespace

KTEST(pipe, atomic_writes_from_two_threads_never_interleave)
{
    auto ends = ipc::create_pipe(OpenFlag::None);
    KASSERT(ends.is_ok());
    constexpr size_t RECORDS = 400;
    RecordWriter a { ends.value().write.ptr(), 'A', PIPE_ATOMIC, RECORDS };
    RecordWriter b { ends.value().write.ptr(), 'B', 1531, RECORDS };
    uint32_t cpus = sched::online_cpus();
    auto thread_a = Thread::spawn_on(0, "pipe-a", write_records, &a);
    auto thread_b = Thread::spawn_on(cpus > 1 ? 1 : 0, "pipe-b", write_records, &b);
    KASSERT(thread_a.is_ok() && thread_b.is_ok());
    // Read in odd-sized pieces and check that the stream is whole records back to back:
    // the first byte of a record names its writer, hence its size, and every byte of it
    // must be that writer's.
    const size_t total = RECORDS * (a.size + b.size);
    size_t seen = 0, left_in_record = 0, records_a = 0, records_b = 0, bad = 0;
    uint8_t current = 0;
    uint8_t chunk[777];
    while (seen < total) {
        auto got = ends.value().read->read(chunk, sizeof(chunk));
        KASSERT(got.is_ok() && got.value() > 0);
        for (size_t i = 0; i < got.value(); ++i) {
            if (left_in_record == 0) {
                current = chunk[i];
                if (current == 'A') {
                    left_in_record = a.size;
                    ++records_a;
                } else if (current == 'B') {
                    left_in_record = b.size;
                    ++records_b;
                } else {
                    ++bad;
                    left_in_record = 1;
                }
            }
            bad += chunk[i] != current;
            --left_in_record;
        }
        seen += got.value();
    }
    thread_a.value()->join();
    thread_b.value()->join();
    KEXPECT(a.ok && b.ok);
    KEXPECT_EQ(seen, total);
    KEXPECT_EQ(bad, 0u);
    KEXPECT_EQ(records_a, RECORDS);
    KEXPECT_EQ(records_b, RECORDS);
    KEXPECT_EQ(left_in_record, 0u);
}

KTEST(pipe, open_pair_on_dev_pipe_new)
{
    auto ctx = kernel_context();
    auto pair = open_pair(ctx, "/dev/pipe/new");
    KASSERT(pair.is_ok());
    File& reader = pair.value().at(0);
    File& writer = pair.value().at(1);
    KEXPECT(reader.perms() == Perm::Read && writer.perms() == Perm::Write);
    KEXPECT(!reader.is_nonblocking());
    KEXPECT_EQ(writer.write("through the vfs", 15).value_or(0), 15u);
    char buffer[32];
    KEXPECT_EQ(reader.read(buffer, sizeof(buffer)).value_or(0), 15u);
    KEXPECT(StringView(buffer, 15) == "through the vfs");
    // Flags travel: :nonblock reaches both files.
    auto nonblocking = open_pair(ctx, "/dev/pipe/new:nonblock");
    KASSERT(nonblocking.is_ok());
    KEXPECT(nonblocking.value().read->is_nonblocking() && nonblocking.value().write->is_nonblocking());
    KEXPECT(error_of(nonblocking.value().read->read(buffer, 1)) == Error::WouldBlock);
    KEXPECT(open_pair(ctx, "/dev/pipe/new:rw").is_ok());
    // A plain open has one file to give: refused. Bad, unfit or missing paths are errors.
    auto single = open(ctx, "/dev/pipe/new");
    KEXPECT(single.is_error() && single.error() == Error::NotSupported);
    auto check = [&](const char* path, Error expected) {
        auto result = open_pair(ctx, path);
        KEXPECT(result.is_error() && result.error() == expected);
    };
    check("/dev/pipe/new:bogus", Error::InvalidArgument);
    check("/dev/pipe/new:create", Error::InvalidArgument);
    check("/dev/pipe/new:truncate", Error::InvalidArgument);
    check("/dev/pipe/new:read", Error::Permission); // both ends need both directions
    check("/dev/pipe/nope", Error::NotFound);
    check("/dev/klog", Error::NotSupported); // a vnode without pairs
    PathContext read_only { ctx.ns, {}, Perm::Read };
    auto narrowed = open_pair(read_only, "/dev/pipe/new");
    KEXPECT(narrowed.is_error() && narrowed.error() == Error::Permission);
    // A pipe end made without a path has no place to be bound to.
    auto root = tmpfs::create();
    KASSERT(root.is_ok());
    auto ns = Namespace::create(root.release_value());
    KASSERT(ns.is_ok());
    PathContext scratch { ns.value().ptr(), {}, Perm::All };
    KASSERT(open(scratch, "/f:c").is_ok());
    auto ends = ipc::create_pipe(OpenFlag::None);
    KASSERT(ends.is_ok());
    auto bound = bind(scratch, "/f", *ends.value().read);
    KEXPECT(bound.is_error() && bound.error() == Error::InvalidArgument);
}

KTEST(pipe, thousand_pipes_return_every_page)
{
    auto ctx = kernel_context();
    char buffer[64];
    // Warm up: the pipe superblock and /dev/pipe/new's dentries are made once, for good.
    {
        auto warm = open_pair(ctx, "/dev/pipe/new");
        KASSERT(warm.is_ok());
    }
    dcache().shrink(0);
    auto before_pages = pmm::stats().free_pages;
    auto before_heap = heap::stats().bytes_in_use;
    auto before_pipes = ipc::live_pipes();
    for (int i = 0; i < 1000; ++i) {
        // Half through the VFS, half directly; every one carries data, so each
        // allocates its ring.
        auto ends = (i & 1) ? open_pair(ctx, "/dev/pipe/new") : ipc::create_pipe(OpenFlag::None);
        KASSERT(ends.is_ok());
        KASSERT(ends.value().write->write("data", 4).value_or(0) == 4);
        KASSERT(ends.value().read->read(buffer, sizeof(buffer)).value_or(0) == 4);
        if (i == 0)
            KEXPECT_EQ(ipc::live_pipes(), before_pipes + 1);
    }
    dcache().shrink(0);
    KEXPECT_EQ(ipc::live_pipes(), before_pipes);
    KEXPECT_EQ(heap::stats().bytes_in_use, before_heap);
    KEXPECT_EQ(pmm::stats().free_pages, before_pages);
}

} // namespace ts::test
