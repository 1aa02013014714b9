// In-kernel tests of local sockets (ipc/LocalSocket.hpp, ipc/LocalSocketFs.hpp), all
// through the files of /net/local: a seqpacket echo between two threads that keeps
// message boundaries (zero-length and truncated messages included), stream and dgram
// round trips, accept with :nonblock, the ctl errors (unknown names, taken names, wrong
// states), end of stream and BrokenPipe when a peer or a listener goes, poll on data
// and on accept with timeouts, which namespaces see a socket's directory, and 200
// sockets that must give back every page and heap byte.
// Threads wait for each other through the sockets themselves or through join, never by
// sleeping; a test that needs a thread asleep first waits until its state is Blocked.
#include <arch/x86_64/Clock.hpp>
#include <fs/Dentry.hpp>
#include <fs/Poll.hpp>
#include <fs/Vfs.hpp>
#include <fs/VfsInit.hpp>
#include <ipc/LocalSocket.hpp>
#include <ipc/LocalSocketFs.hpp>
#include <lib/Format.hpp>
#include <mm/Heap.hpp>
#include <mm/Pmm.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

#include "KernelTest.hpp"
#include "TestHelpers.hpp"

namespace ts::test {

namespace {

using namespace fs;
using ipc::LOCAL_MESSAGE_MAX;

// The id a socket's creator file reads as, or 0.
uint64_t read_id(File& creator)
{
    char text[32];
    auto got = creator.read(text, sizeof(text));
    if (got.is_error() || got.value() < 2 || text[got.value() - 1] != '\n')
        return 0;
    uint64_t id = 0;
    for (size_t i = 0; i + 1 < got.value(); ++i) {
        if (text[i] < '0' || text[i] > '9')
            return 0;
        id = id * 10 + static_cast<uint64_t>(text[i] - '0');
    }
    return id;
}

// "/net/local/<id>/<name><flags>" in `buffer`.
const char* socket_path(char* buffer, size_t size, uint64_t id, const char* name, const char* flags = "")
{
    format(buffer, size, "/net/local/%llu/%s%s", static_cast<unsigned long long>(id), name, flags);
    return buffer;
}

RefPtr<File> open_in(const PathContext& context, uint64_t id, const char* name, const char* flags = "")
{
    char path[96];
    auto file = open(context, socket_path(path, sizeof(path), id, name, flags));
    if (file.is_error())
        return nullptr;
    return file.release_value();
}

Error open_error(const PathContext& context, uint64_t id, const char* name, const char* flags = "")
{
    char path[96];
    auto file = open(context, socket_path(path, sizeof(path), id, name, flags));
    return file.is_error() ? file.error() : Error::InvalidArgument;
}

Error error_of(const Result<size_t>& result)
{
    return result.is_error() ? result.error() : Error::InvalidArgument;
}

Error error_of(const Result<NonnullRefPtr<File>>& result)
{
    return result.is_error() ? result.error() : Error::InvalidArgument;
}

// A socket made through /net/local/<type>, with its ctl and data files open. Dropping
// all three (close()) is the socket's death.
struct Socket {
    RefPtr<File> creator;
    RefPtr<File> ctl;
    RefPtr<File> data;
    uint64_t id { 0 };

    bool ok() const { return creator && ctl && data && id != 0; }
    // Runs a ctl script; its error, or nothing.
    Result<void> run(const char* script)
    {
        auto done = ctl->write(script, __builtin_strlen(script));
        if (done.is_error())
            return done.error();
        return {};
    }
    void close()
    {
        creator = nullptr;
        ctl = nullptr;
        data = nullptr;
    }
};

Socket make_socket(const char* type, const char* data_flags = "", const PathContext& context = kernel_context())
{
    Socket socket;
    char path[48];
    format(path, sizeof(path), "/net/local/%s", type);
    auto creator = open(context, StringView(path));
    if (creator.is_error())
        return socket;
    socket.creator = creator.release_value();
    socket.id = read_id(*socket.creator);
    socket.ctl = open_in(context, socket.id, "ctl");
    socket.data = open_in(context, socket.id, "data", data_flags);
    return socket;
}

Error run_error(Socket& socket, const char* script)
{
    auto result = socket.run(script);
    return result.is_error() ? result.error() : Error::InvalidArgument;
}

// An echo server: accepts one connection on `listener` and sends every message back
// until the peer hangs up.
struct Echo {
    uint64_t listener { 0 };
    size_t messages { 0 };
    bool ok { true };
};

void echo_server(void* argument)
{
    auto* echo = static_cast<Echo*>(argument);
    auto connection = open_in(kernel_context(), echo->listener, "accept");
    auto* buffer = new (std::nothrow) uint8_t[LOCAL_MESSAGE_MAX];
    if (!connection || !buffer) {
        echo->ok = false;
        delete[] buffer;
        return;
    }
    for (;;) {
        auto got = connection->read(buffer, LOCAL_MESSAGE_MAX);
        if (got.is_error()) {
            echo->ok = false;
            break;
        }
        // A zero-length message and the end of the stream both read as 0; the client
        // hangs up only after reading every echo, so HANGUP here means the end.
        if (got.value() == 0 && (connection->poll(nullptr) & POLL_HANGUP))
            break;
        auto sent = connection->write(buffer, got.value());
        echo->ok &= sent.is_ok() && sent.value() == got.value();
        ++echo->messages;
    }
    delete[] buffer;
}

uint8_t pattern(size_t i)
{
    return static_cast<uint8_t>(i * 13 + (i >> 9));
}

} // namespace

KTEST(local_socket, creator_file_and_directory)
{
    auto ctx = kernel_context();
    size_t before = ipc::live_local_sockets();
    // /net/local lists its three factories; each open makes a new socket.
    auto local = open(ctx, "/net/local");
    KASSERT(local.is_ok());
    const char* factories[] = { "dgram", "seqpacket", "stream" };
    DirEntry entry;
    for (const char* name : factories) {
        KASSERT(local.value()->read_dir(entry).value_or(false));
        KEXPECT(StringView(entry.name) == name);
    }
    KEXPECT(!local.value()->read_dir(entry).value_or(true));
    Socket a = make_socket("seqpacket");
    Socket b = make_socket("seqpacket");
    KASSERT(a.ok() && b.ok());
    KEXPECT(a.id != b.id);
    KEXPECT_EQ(ipc::live_local_sockets(), before + 2);
    // The id reads once, then end of file; the creator file is read-only.
    char text[8];
    KEXPECT_EQ(a.creator->read(text, sizeof(text)).value_or(99), 0u);
    KEXPECT(error_of(a.creator->write("x", 1)) == Error::Permission);
    KEXPECT(open(ctx, "/net/local/seqpacket:w").is_error());
    // The directory holds accept, ctl, data.
    char path[64];
    auto dir = open(ctx, socket_path(path, sizeof(path), a.id, ""));
    KASSERT(dir.is_ok());
    const char* names[] = { "accept", "ctl", "data" };
    for (const char* name : names) {
        KASSERT(dir.value()->read_dir(entry).value_or(false));
        KEXPECT(StringView(entry.name) == name);
    }
    KEXPECT(!dir.value()->read_dir(entry).value_or(true));
    // Names that are no socket id are missing; ids without a socket are empty.
    KEXPECT(error_of(open(ctx, "/net/local/007")) == Error::NotFound);
    KEXPECT(error_of(open(ctx, "/net/local/bogus")) == Error::NotFound);
    KEXPECT(open(ctx, "/net/local/99999999999:directory").is_ok());
    KEXPECT(open_error(ctx, 99999999999ull, "data") == Error::NotFound);
    // The ctl file answers with the shared parser's outcome.
    KEXPECT(a.run("bind creator-test").is_ok());
    KEXPECT_EQ(a.ctl->pread(0, text, sizeof(text)).value_or(0), 3u);
    KEXPECT(StringView(text, 3) == "ok\n");
    KEXPECT(run_error(a, "frobnicate") == Error::NotFound);
    // Every file of the socket keeps it alive (an open directory does not): with only
    // data left it still works.
    a.creator = nullptr;
    a.ctl = nullptr;
    KEXPECT(open_in(ctx, a.id, "ctl"));
    a.data = nullptr;
    KEXPECT(open_error(ctx, a.id, "data") == Error::NotFound);
    KEXPECT(open_error(ctx, a.id, "ctl") == Error::NotFound);
    KEXPECT(b.run("bind creator-test").is_ok()); // a's name went with it
    b.close();
    KEXPECT_EQ(ipc::live_local_sockets(), before);
    KEXPECT_EQ(ipc::bound_local_names(), 0u);
}

KTEST(local_socket, seqpacket_echo_keeps_message_boundaries)
{
    Socket listener = make_socket("seqpacket");
    Socket client = make_socket("seqpacket");
    KASSERT(listener.ok() && client.ok());
    KASSERT(listener.run("bind echo && listen").is_ok());
    Echo echo { listener.id };
    auto thread = Thread::spawn("sock-echo", echo_server, &echo);
    KASSERT(thread.is_ok());
    KASSERT(client.run("connect echo").is_ok());

    auto* out = new (std::nothrow) uint8_t[LOCAL_MESSAGE_MAX];
    auto* in = new (std::nothrow) uint8_t[LOCAL_MESSAGE_MAX];
    KASSERT(out && in);
    for (size_t i = 0; i < LOCAL_MESSAGE_MAX; ++i)
        out[i] = pattern(i);
    // Sizes sent one after another, read back one message per read.
    const size_t sizes[] = { 1, 2, 0, 5, 4096, 1, LOCAL_MESSAGE_MAX, 3 };
    for (size_t size : sizes)
        KEXPECT_EQ(client.data->write(out, size).value_or(~size_t(0)), size);
    for (size_t size : sizes) {
        __builtin_memset(in, 0, size);
        KEXPECT_EQ(client.data->read(in, LOCAL_MESSAGE_MAX).value_or(~size_t(0)), size);
        KEXPECT(__builtin_memcmp(in, out, size) == 0);
    }
    // A read shorter than the message truncates it; the rest is gone, not read next.
    KEXPECT_EQ(client.data->write("hello world", 11).value_or(0), 11u);
    KEXPECT_EQ(client.data->write("next", 4).value_or(0), 4u);
    char small[16];
    KEXPECT_EQ(client.data->read(small, 5).value_or(0), 5u);
    KEXPECT(StringView(small, 5) == "hello");
    KEXPECT_EQ(client.data->read(small, sizeof(small)).value_or(0), 4u);
    KEXPECT(StringView(small, 4) == "next");
    // Too big for any queue: refused whole.
    KEXPECT(error_of(client.data->write(out, LOCAL_MESSAGE_MAX + 1)) == Error::TooBig);
    // Hanging up ends the server's loop.
    client.close();
    thread.value()->join();
    KEXPECT(echo.ok);
    KEXPECT_EQ(echo.messages, sizeof(sizes) / sizeof(sizes[0]) + 2);
    delete[] out;
    delete[] in;
}

namespace {

struct StreamWriter {
    File* file;
    size_t total;
    bool ok { true };
};

void write_stream(void* argument)
{
    auto* writer = static_cast<StreamWriter*>(argument);
    uint8_t chunk[3000];
    for (size_t done = 0; done < writer->total;) {
        size_t size = writer->total - done < sizeof(chunk) ? writer->total - done : sizeof(chunk);
        for (size_t i = 0; i < size; ++i)
            chunk[i] = pattern(done + i);
        auto sent = writer->file->write(chunk, size);
        if (sent.is_error() || sent.value() != size) {
            writer->ok = false;
            return;
        }
        done += size;
    }
}

} // namespace

KTEST(local_socket, stream_round_trip)
{
    auto ctx = kernel_context();
    Socket listener = make_socket("stream");
    Socket client = make_socket("stream");
    KASSERT(listener.ok() && client.ok());
    KASSERT(listener.run("bind stream-test && listen 4").is_ok());
    // The connection exists as soon as connect returns: data flows before accept.
    KASSERT(client.run("connect stream-test").is_ok());
    KEXPECT_EQ(client.data->write("0123456789", 10).value_or(0), 10u);
    KEXPECT_EQ(client.data->write("abc", 3).value_or(0), 3u);
    auto server = open_in(ctx, listener.id, "accept");
    KASSERT(server);
    // A byte stream: writes merge, reads take any amount.
    char buffer[32];
    KEXPECT_EQ(server->read(buffer, 4).value_or(0), 4u);
    KEXPECT(StringView(buffer, 4) == "0123");
    KEXPECT_EQ(server->read(buffer, sizeof(buffer)).value_or(0), 9u);
    KEXPECT(StringView(buffer, 9) == "456789abc");
    KEXPECT_EQ(server->write("back", 4).value_or(0), 4u);
    KEXPECT_EQ(client.data->stat().size, 4u);
    KEXPECT_EQ(client.data->read(buffer, sizeof(buffer)).value_or(0), 4u);
    KEXPECT(StringView(buffer, 4) == "back");
    // 300 KiB through a 64 KiB direction: the writer blocks and is woken as we read.
    StreamWriter writer { client.data.ptr(), 300 * 1024 };
    auto thread = Thread::spawn("sock-stream", write_stream, &writer);
    KASSERT(thread.is_ok());
    auto* in = new (std::nothrow) uint8_t[7777];
    KASSERT(in);
    size_t received = 0;
    bool same = true;
    while (received < writer.total) {
        auto got = server->read(in, 7777);
        KASSERT(got.is_ok() && got.value() > 0);
        for (size_t i = 0; i < got.value(); ++i)
            same &= in[i] == pattern(received + i);
        received += got.value();
    }
    thread.value()->join();
    KEXPECT(writer.ok);
    KEXPECT(same);
    KEXPECT_EQ(received, writer.total);
    delete[] in;
    // Closing the client: the server reads the end of the stream.
    client.close();
    KEXPECT_EQ(server->read(buffer, sizeof(buffer)).value_or(99), 0u);
}

KTEST(local_socket, dgram_round_trip)
{
    Socket receiver = make_socket("dgram", ":nonblock");
    Socket sender = make_socket("dgram");
    Socket other = make_socket("dgram");
    KASSERT(receiver.ok() && sender.ok() && other.ok());
    KASSERT(receiver.run("bind dgram-test").is_ok());
    char buffer[16];
    // Unconnected: no destination to write to; reading waits (here: WouldBlock).
    KEXPECT(error_of(sender.data->write("x", 1)) == Error::InvalidArgument);
    KEXPECT(error_of(receiver.data->read(buffer, sizeof(buffer))) == Error::WouldBlock);
    KEXPECT(run_error(sender, "listen") == Error::NotSupported);
    KASSERT(sender.run("connect dgram-test").is_ok());
    KASSERT(other.run("connect dgram-test").is_ok());
    KEXPECT(run_error(sender, "connect dgram-test") == Error::Busy); // once
    // Messages from two senders queue at the receiver in order, boundaries kept.
    KEXPECT_EQ(sender.data->write("one", 3).value_or(0), 3u);
    KEXPECT_EQ(other.data->write("two!", 4).value_or(0), 4u);
    KEXPECT_EQ(sender.data->write("", 0).value_or(99), 0u);
    KEXPECT_EQ(sender.data->write("three", 5).value_or(0), 5u);
    KEXPECT_EQ(receiver.data->stat().size, 12u);
    KEXPECT_EQ(poll_now(*receiver.data, POLL_READ), uint32_t(POLL_READ));
    KEXPECT_EQ(receiver.data->read(buffer, sizeof(buffer)).value_or(0), 3u);
    KEXPECT(StringView(buffer, 3) == "one");
    KEXPECT_EQ(receiver.data->read(buffer, sizeof(buffer)).value_or(0), 4u);
    KEXPECT(StringView(buffer, 4) == "two!");
    KEXPECT_EQ(receiver.data->read(buffer, sizeof(buffer)).value_or(99), 0u);
    KEXPECT_EQ(receiver.data->read(buffer, 2).value_or(0), 2u); // truncated
    KEXPECT(StringView(buffer, 2) == "th");
    KEXPECT(error_of(receiver.data->read(buffer, sizeof(buffer))) == Error::WouldBlock);
    // A full inbox: nonblocking writers get WouldBlock; poll says not writable.
    auto nonblocking = open_in(kernel_context(), sender.id, "data", ":nonblock");
    KASSERT(nonblocking);
    size_t queued = 0;
    while (nonblocking->write("m", 1).is_ok())
        ++queued;
    KEXPECT_EQ(queued, ipc::LOCAL_QUEUE_MESSAGES);
    KEXPECT(error_of(nonblocking->write("m", 1)) == Error::WouldBlock);
    KEXPECT_EQ(poll_now(*nonblocking, POLL_WRITE), 0u);
    // Only a dgram socket may be a dgram destination.
    Socket seq = make_socket("seqpacket");
    KASSERT(seq.ok());
    KASSERT(seq.run("bind dgram-seq && listen").is_ok());
    Socket third = make_socket("dgram");
    KASSERT(third.ok());
    KEXPECT(run_error(third, "connect dgram-seq") == Error::InvalidArgument);
    KEXPECT(run_error(seq, "connect dgram-test") == Error::Busy); // a listener
    // The receiver goes: its senders' writes fail, and poll says so.
    receiver.close();
    KEXPECT(error_of(sender.data->write("late", 4)) == Error::BrokenPipe);
    KEXPECT(poll_now(*sender.data, POLL_WRITE) & POLL_ERROR);
}

KTEST(local_socket, accept_nonblock_and_ctl_errors)
{
    auto ctx = kernel_context();
    Socket listener = make_socket("seqpacket");
    Socket client = make_socket("seqpacket");
    Socket rival = make_socket("seqpacket");
    KASSERT(listener.ok() && client.ok() && rival.ok());
    // Accept on a socket that does not listen; listen without a name.
    KEXPECT(open_error(ctx, listener.id, "accept", ":nonblock") == Error::InvalidArgument);
    KEXPECT(run_error(listener, "listen") == Error::InvalidArgument);
    // Names: bound once, kernel-wide; a socket has one.
    KASSERT(listener.run("bind taken").is_ok());
    KEXPECT(run_error(rival, "bind taken") == Error::Exists);
    KEXPECT(run_error(listener, "bind another") == Error::InvalidArgument);
    KEXPECT(run_error(rival, "bind ''") == Error::InvalidArgument);
    KEXPECT(run_error(listener, "listen 0") == Error::InvalidArgument);
    KEXPECT(run_error(listener, "listen 129") == Error::InvalidArgument);
    KEXPECT(run_error(listener, "listen x") == Error::BadFormat);
    KASSERT(listener.run("listen 1").is_ok());
    // Nothing waiting: :nonblock refuses, and the listener's data file is not readable.
    KEXPECT(open_error(ctx, listener.id, "accept", ":nonblock") == Error::WouldBlock);
    KEXPECT_EQ(poll_now(*listener.data, POLL_READ), 0u);
    char buffer[8];
    KEXPECT(error_of(listener.data->read(buffer, sizeof(buffer))) == Error::InvalidArgument);
    // Unknown names; unconnected sockets.
    KEXPECT(run_error(client, "connect nobody-here") == Error::NotFound);
    KEXPECT(error_of(client.data->write("x", 1)) == Error::InvalidArgument);
    KEXPECT(error_of(client.data->read(buffer, 1)) == Error::InvalidArgument);
    char outcome[96];
    auto said = client.ctl->pread(0, outcome, sizeof(outcome));
    KEXPECT(said.is_ok() && StringView(outcome, said.value()) == "error: command 1 \"connect\": not found\n");
    // A script stops at its first failure: the bind stays.
    KEXPECT(run_error(client, "bind client-name && connect nobody-here") == Error::NotFound);
    KEXPECT(run_error(rival, "bind client-name") == Error::Exists);
    // One connection fills a backlog of one.
    KASSERT(client.run("connect taken").is_ok());
    KEXPECT(run_error(client, "connect taken") == Error::Busy);
    KEXPECT(run_error(client, "listen") == Error::Busy);
    KEXPECT(run_error(rival, "connect taken") == Error::Busy);
    KEXPECT_EQ(poll_now(*listener.data, POLL_READ), uint32_t(POLL_READ));
    auto server = open_in(ctx, listener.id, "accept", ":nonblock");
    KASSERT(server);
    KEXPECT(server->is_nonblocking());
    KEXPECT(error_of(server->read(buffer, sizeof(buffer))) == Error::WouldBlock);
    KEXPECT(open_error(ctx, listener.id, "accept", ":nonblock") == Error::WouldBlock);
    // Room again: the rival connects; messages cross both ways.
    KEXPECT(rival.run("connect taken").is_ok());
    KEXPECT_EQ(client.data->write("ping", 4).value_or(0), 4u);
    KEXPECT_EQ(server->read(buffer, sizeof(buffer)).value_or(0), 4u);
    KEXPECT_EQ(server->write("pong", 4).value_or(0), 4u);
    KEXPECT_EQ(client.data->read(buffer, sizeof(buffer)).value_or(0), 4u);
    KEXPECT(StringView(buffer, 4) == "pong");
    // Wrong types: a stream socket cannot reach a seqpacket listener.
    Socket stream = make_socket("stream");
    KASSERT(stream.ok());
    KEXPECT(run_error(stream, "connect taken") == Error::InvalidArgument);
}

KTEST(local_socket, peer_close_gives_end_of_stream_and_broken_pipe)
{
    auto ctx = kernel_context();
    size_t before = ipc::live_local_sockets();
    const char* types[] = { "seqpacket", "stream" };
    for (const char* type : types) {
        Socket listener = make_socket(type);
        Socket client = make_socket(type);
        KASSERT(listener.ok() && client.ok());
        KASSERT(listener.run("bind closing && listen").is_ok());
        KASSERT(client.run("connect closing").is_ok());
        auto server = open_in(ctx, listener.id, "accept");
        KASSERT(server);
        KEXPECT_EQ(poll_now(*server, POLL_READ | POLL_WRITE), uint32_t(POLL_WRITE));
        // What was sent before the hang-up is still read; then the end, every time.
        KEXPECT_EQ(client.data->write("last", 4).value_or(0), 4u);
        client.close();
        KEXPECT_EQ(poll_now(*server, POLL_READ), uint32_t(POLL_READ | POLL_HANGUP | POLL_ERROR));
        char buffer[8];
        KEXPECT_EQ(server->read(buffer, sizeof(buffer)).value_or(0), 4u);
        KEXPECT_EQ(server->read(buffer, sizeof(buffer)).value_or(99), 0u);
        KEXPECT_EQ(server->read(buffer, sizeof(buffer)).value_or(99), 0u);
        KEXPECT(error_of(server->write("x", 1)) == Error::BrokenPipe);
        KEXPECT(poll_now(*server, POLL_WRITE) & POLL_HANGUP);
        // A blocked reader is woken by the hang-up too.
        Socket second = make_socket(type);
        KASSERT(second.ok());
        KASSERT(second.run("connect closing").is_ok());
        auto accepted = open_in(ctx, listener.id, "accept");
        KASSERT(accepted);
        struct Reader {
            File* file;
            Result<size_t> result { size_t(99) };
        } reader { accepted.ptr() };
        auto thread = Thread::spawn("sock-reader", [](void* argument) {
            auto* r = static_cast<Reader*>(argument);
            char sink[8];
            r->result = r->file->read(sink, sizeof(sink));
        }, &reader);
        KASSERT(thread.is_ok());
        KEXPECT(wait_until_blocked(*thread.value()));
        second.close();
        thread.value()->join();
        KEXPECT(reader.result.is_ok() && reader.result.value() == 0);
        // A listener that dies drops the connections it never accepted.
        Socket third = make_socket(type);
        KASSERT(third.ok());
        KASSERT(third.run("connect closing").is_ok());
        listener.close();
        KEXPECT_EQ(third.data->read(buffer, sizeof(buffer)).value_or(99), 0u);
        KEXPECT(error_of(third.data->write("x", 1)) == Error::BrokenPipe);
        KEXPECT(run_error(third, "connect closing") == Error::Busy);
        Socket fourth = make_socket(type);
        KASSERT(fourth.ok());
        KEXPECT(run_error(fourth, "connect closing") == Error::NotFound); // the name went too
    }
    KEXPECT_EQ(ipc::live_local_sockets(), before);
}

namespace {

struct Connector {
    Socket* socket;
    const char* script;
    bool ok { false };
};

void run_script(void* argument)
{
    auto* connector = static_cast<Connector*>(argument);
    connector->ok = connector->socket->run(connector->script).is_ok();
}

void write_hello(void* argument)
{
    (void)static_cast<File*>(argument)->write("hello", 5);
}

} // namespace

KTEST(local_socket, poll_on_data_and_accept_with_timeouts)
{
    auto ctx = kernel_context();
    Socket listener = make_socket("seqpacket");
    Socket client = make_socket("seqpacket");
    KASSERT(listener.ok() && client.ok());
    KASSERT(listener.run("bind polling && listen").is_ok());
    // Nothing to accept: a poll with a timeout runs out.
    PollRequest request { listener.data.ptr(), POLL_READ, 0 };
    uint64_t start = arch::monotonic_ns();
    auto ready = poll(&request, 1, 20 * 1000 * 1000);
    KEXPECT(ready.is_ok() && ready.value() == 0);
    KEXPECT(arch::monotonic_ns() - start >= 20 * 1000 * 1000);
    // A connection from another thread wakes a poll that would have waited 10 s.
    Connector connector { &client, "connect polling" };
    auto thread = Thread::spawn("sock-connect", run_script, &connector);
    KASSERT(thread.is_ok());
    ready = poll(&request, 1, 10ull * 1000 * 1000 * 1000);
    KEXPECT(ready.is_ok() && ready.value() == 1);
    KEXPECT_EQ(request.revents, uint32_t(POLL_READ));
    thread.value()->join();
    KEXPECT(connector.ok);
    auto server = open_in(ctx, listener.id, "accept");
    KASSERT(server);
    KEXPECT_EQ(poll_now(*listener.data, POLL_READ), 0u); // taken
    // The accepted file polls as the connection: writable, not readable, until data.
    PollRequest both[2] = { { server.ptr(), POLL_READ, 0 }, { client.data.ptr(), POLL_READ | POLL_WRITE, 0 } };
    ready = poll(both, 2, 0);
    KEXPECT(ready.is_ok() && ready.value() == 1);
    KEXPECT_EQ(both[0].revents, 0u);
    KEXPECT_EQ(both[1].revents, uint32_t(POLL_WRITE));
    start = arch::monotonic_ns();
    ready = poll(both, 1, 20 * 1000 * 1000);
    KEXPECT(ready.is_ok() && ready.value() == 0);
    KEXPECT(arch::monotonic_ns() - start >= 20 * 1000 * 1000);
    auto writer = Thread::spawn("sock-poll-writer", write_hello, client.data.ptr());
    KASSERT(writer.is_ok());
    ready = poll(both, 1, 10ull * 1000 * 1000 * 1000);
    KEXPECT(ready.is_ok() && ready.value() == 1);
    KEXPECT_EQ(both[0].revents, uint32_t(POLL_READ));
    writer.value()->join();
    char buffer[8];
    KEXPECT_EQ(server->read(buffer, sizeof(buffer)).value_or(0), 5u);
    // A socket that is not connected yet wakes its poller when it connects.
    Socket late = make_socket("seqpacket");
    KASSERT(late.ok());
    KEXPECT_EQ(poll_now(*late.data, POLL_WRITE), 0u);
    Connector late_connector { &late, "connect polling" };
    PollRequest late_request { late.data.ptr(), POLL_WRITE, 0 };
    auto late_thread = Thread::spawn("sock-connect2", run_script, &late_connector);
    KASSERT(late_thread.is_ok());
    ready = poll(&late_request, 1, 10ull * 1000 * 1000 * 1000);
    KEXPECT(ready.is_ok() && ready.value() == 1);
    KEXPECT_EQ(late_request.revents, uint32_t(POLL_WRITE));
    late_thread.value()->join();
    KEXPECT(late_connector.ok);
}

KTEST(local_socket, visibility_follows_namespace_copies)
{
    Namespace& kernel = kernel_namespace();
    auto before = kernel.copy();
    KASSERT(before.is_ok());
    Socket socket = make_socket("seqpacket");
    KASSERT(socket.ok());
    auto after = kernel.copy();
    KASSERT(after.is_ok());
    PathContext in_kernel = kernel_context();
    PathContext in_before { before.value().ptr(), {}, Perm::All };
    PathContext in_after { after.value().ptr(), {}, Perm::All };
    char data[64], dir[64];
    socket_path(data, sizeof(data), socket.id, "data");
    socket_path(dir, sizeof(dir), socket.id, "");
    // The creator's namespace and a copy made afterwards see the socket; a copy made
    // before sees only the empty placeholder.
    KEXPECT(stat(in_kernel, data).is_ok());
    KEXPECT(stat(in_after, data).is_ok());
    KEXPECT(stat(in_before, data).error() == Error::NotFound);
    auto placeholder = open(in_before, dir);
    KASSERT(placeholder.is_ok());
    DirEntry entry;
    KEXPECT(!placeholder.value()->read_dir(entry).value_or(true));
    // Files opened through the copy are files of the same socket.
    auto through_copy = open_in(in_after, socket.id, "ctl");
    KASSERT(through_copy);
    KEXPECT(through_copy->write("bind seen-through-copy", 22).is_ok());
    KEXPECT(run_error(socket, "bind again") == Error::InvalidArgument);

    // Siblings: A and B copied from the kernel namespace; a socket made for A.
    auto a = kernel.copy();
    auto b = kernel.copy();
    KASSERT(a.is_ok() && b.is_ok());
    auto created = ipc::create_local_socket(ipc::LocalSocketType::Seqpacket, *a.value());
    KASSERT(created.is_ok());
    RefPtr<File> creator = created.release_value();
    uint64_t id = read_id(*creator);
    KASSERT(id != 0);
    auto a_copy = a.value()->copy();
    KASSERT(a_copy.is_ok());
    PathContext in_a { a.value().ptr(), {}, Perm::All };
    PathContext in_b { b.value().ptr(), {}, Perm::All };
    PathContext in_a_copy { a_copy.value().ptr(), {}, Perm::All };
    char a_data[64];
    socket_path(a_data, sizeof(a_data), id, "data");
    KEXPECT(stat(in_a, a_data).is_ok());
    KEXPECT(stat(in_a_copy, a_data).is_ok());
    KEXPECT(stat(in_b, a_data).error() == Error::NotFound);
    KEXPECT(stat(in_kernel, a_data).error() == Error::NotFound);
    KEXPECT_EQ(a.value()->mount_count(), kernel.mount_count() + 1);

    // Death: the creator's namespace, and the copy that inherited the mount, stop
    // reaching the directory.
    socket.close();
    KEXPECT(stat(in_kernel, data).is_ok()); // the ctl file opened through the copy remains
    through_copy = nullptr;
    KEXPECT(stat(in_kernel, data).error() == Error::NotFound);
    KEXPECT(stat(in_after, data).error() == Error::NotFound);
    KEXPECT(stat(in_kernel, dir).is_ok()); // the placeholder again
    // A's own socket leaves A's mounts; the mount A inherited from the kernel
    // namespace's socket stays (empty, unreachable) until A goes.
    size_t a_mounts = a.value()->mount_count();
    creator = nullptr;
    KEXPECT(stat(in_a, a_data).error() == Error::NotFound);
    KEXPECT(stat(in_a_copy, a_data).error() == Error::NotFound);
    KEXPECT_EQ(a.value()->mount_count(), a_mounts - 1);
}

KTEST(local_socket, two_hundred_sockets_return_every_page)
{
    auto ctx = kernel_context();
    const char* types[] = { "seqpacket", "stream", "dgram" };
    char buffer[16];
    // One round of each type: warms up whatever is made once (dentries of /net/local,
    // slab caches of new sizes).
    auto round = [&](const char* type, int i) -> bool {
        Socket listener = make_socket(type);
        Socket client = make_socket(type);
        if (!listener.ok() || !client.ok())
            return false;
        char script[48];
        bool datagram = type[0] == 'd';
        format(script, sizeof(script), datagram ? "bind mem-%d" : "bind mem-%d && listen", i);
        if (listener.run(script).is_error())
            return false;
        format(script, sizeof(script), "connect mem-%d", i);
        if (client.run(script).is_error())
            return false;
        if (client.data->write("data", 4).value_or(0) != 4)
            return false;
        if (datagram)
            return listener.data->read(buffer, sizeof(buffer)).value_or(0) == 4;
        auto server = open_in(ctx, listener.id, "accept");
        if (!server || server->read(buffer, sizeof(buffer)).value_or(0) != 4)
            return false;
        return server->write("back", 4).value_or(0) == 4 && client.data->read(buffer, sizeof(buffer)).value_or(0) == 4;
    };
    for (int i = 0; i < 3; ++i)
        KASSERT(round(types[i], i));
    dcache().shrink(0);
    auto before_pages = pmm::stats().free_pages;
    auto before_heap = heap::stats().bytes_in_use;
    auto before_sockets = ipc::live_local_sockets();
    auto before_mounts = kernel_namespace().mount_count();
    // 200 sockets: 100 rounds of a listener and a client (and an accepted end).
    for (int i = 0; i < 100; ++i)
        KASSERT(round(types[i % 3], i));
    dcache().shrink(0);
    KEXPECT_EQ(ipc::live_local_sockets(), before_sockets);
    KEXPECT_EQ(ipc::bound_local_names(), 0u);
    KEXPECT_EQ(kernel_namespace().mount_count(), before_mounts);
    KEXPECT_EQ(heap::stats().bytes_in_use, before_heap);
    KEXPECT_EQ(pmm::stats().free_pages, before_pages);
}

} // namespace ts::test
