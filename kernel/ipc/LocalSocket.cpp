// LocalSocket and the kernel's table of local names (see LocalSocket.hpp;
// docs/kernel/ipc.md, "Sockets").
//
// Locking. Each socket's m_lock guards its state; the name table has its own lock, taken
// inside a socket's (bind) or alone, never the other way round. No code holds two
// sockets' locks at once: connect looks at the listener, then at itself, one at a time,
// and the Connecting state keeps a second connect out meanwhile. Reading and writing take
// m_lock only to copy the directions out; the pipes and channels wait on their own.
#include "LocalSocket.hpp"

#include <core/Panic.hpp>
#include <lib/TryNew.hpp>

namespace ts::ipc {

namespace {

Atomic<uint64_t> g_next_id { 1 };
Atomic<size_t> g_live_sockets { 0 };

// The kernel-wide table of local names. Its lock is a leaf: nothing but the heap is
// taken inside it. The table does not own the sockets: each removes its name as it dies,
// before its memory can go (the file whose closing kills it still holds a reference).
Mutex g_names_lock;
NameTable<LocalSocket> g_names TS_GUARDED_BY(g_names_lock);

// The socket bound to `name`, with a reference, or null.
RefPtr<LocalSocket> find_bound(StringView name)
{
    MutexGuard guard(g_names_lock);
    return g_names.find(name);
}

} // namespace

const char* local_socket_type_name(LocalSocketType type)
{
    switch (type) {
    case LocalSocketType::Stream:
        return "stream";
    case LocalSocketType::Seqpacket:
        return "seqpacket";
    case LocalSocketType::Dgram:
        return "dgram";
    }
    return "?";
}

LocalSocket::LocalSocket(LocalSocketType type, uint64_t id) : m_type(type), m_id(id)
{
    g_live_sockets.fetch_add(1);
}

// The last reference is gone, so nobody else can reach the fields. A socket normally dies
// (die()) long before; one that never did is a connection dropped before it reached a
// backlog, whose sides are given up here so a peer still holding them sees the end.
LocalSocket::~LocalSocket() TS_NO_THREAD_SAFETY_ANALYSIS
{
    if (m_state != State::Dead)
        close_directions(m_type, m_io);
    while (LocalSocket* end = m_backlog.pop_front())
        end->unref();
    delete m_presence;
    g_live_sockets.fetch_sub(1);
}

Result<NonnullRefPtr<LocalSocket>> LocalSocket::create(LocalSocketType type)
{
    RefPtr<LocalSocketChannel> inbox;
    if (type == LocalSocketType::Dgram) {
        inbox = TRY(LocalSocketChannel::create());
        inbox->reader_opened();
        // The owner counts as a writer of its own inbox for as long as it lives, so a
        // read waits for a message instead of seeing an end no datagram socket has.
        inbox->writer_opened();
    }
    auto socket = TRY(make_ref<LocalSocket>(type, g_next_id.fetch_add(1)));
    {
        MutexGuard guard(socket->m_lock);
        socket->m_files = 1;
        socket->m_io.rx = static_cast<RefPtr<LocalSocketChannel>&&>(inbox);
    }
    return socket;
}

Result<void> LocalSocket::make_connection(LocalSocketType type, Directions& a, Directions& b)
{
    // `up` carries a's writes to b, `down` b's writes to a.
    if (type == LocalSocketType::Stream) {
        auto up = TRY(Pipe::create());
        auto down = TRY(Pipe::create());
        up->writer_opened();
        up->reader_opened();
        down->writer_opened();
        down->reader_opened();
        a.tx_pipe = up;
        a.rx_pipe = down;
        b.rx_pipe = up;
        b.tx_pipe = down;
        return {};
    }
    auto up = TRY(LocalSocketChannel::create());
    auto down = TRY(LocalSocketChannel::create());
    up->writer_opened();
    up->reader_opened();
    down->writer_opened();
    down->reader_opened();
    a.tx = up;
    a.rx = down;
    b.rx = up;
    b.tx = down;
    return {};
}

void LocalSocket::close_directions(LocalSocketType type, Directions& io)
{
    if (io.rx_pipe)
        io.rx_pipe->reader_closed();
    if (io.tx_pipe)
        io.tx_pipe->writer_closed();
    if (io.rx) {
        io.rx->reader_closed();
        if (type == LocalSocketType::Dgram)
            io.rx->writer_closed(); // the owner's own writer count (create())
    }
    // A dgram destination is another socket's inbox, of which this one counted nothing.
    if (io.tx && type != LocalSocketType::Dgram)
        io.tx->writer_closed();
    io = Directions {};
}

Result<void> LocalSocket::file_opened()
{
    MutexGuard guard(m_lock);
    if (m_state == State::Dead)
        return Error::NotFound;
    ++m_files;
    return {};
}

void LocalSocket::file_closed()
{
    {
        MutexGuard guard(m_lock);
        VERIFY(m_files > 0);
        if (--m_files > 0)
            return;
        m_state = State::Dead;
    }
    die();
}

void LocalSocket::kill()
{
    {
        MutexGuard guard(m_lock);
        if (m_state == State::Dead)
            return;
        m_state = State::Dead;
    }
    die();
}

void LocalSocket::set_presence(LocalSocketPresence* presence)
{
    {
        MutexGuard guard(m_lock);
        if (m_state != State::Dead) {
            VERIFY(!m_presence);
            m_presence = presence;
            return;
        }
    }
    presence->withdraw();
    delete presence;
}

void LocalSocket::die()
{
    // State is Dead already, so nothing new starts: no open, bind, listen, connect or
    // enqueue gets past its state check. Take everything out, then undo it unlocked.
    m_accepting.store(false);
    LocalSocketPresence* presence;
    Directions io;
    char name[LOCAL_NAME_MAX];
    size_t name_length;
    {
        MutexGuard guard(m_lock);
        presence = m_presence;
        m_presence = nullptr;
        io = m_io;
        m_io = Directions {};
        name_length = m_name_length;
        __builtin_memcpy(name, m_name, name_length);
        m_name_length = 0;
    }
    // Out of the file tree first, so no path leads here any more.
    if (presence) {
        presence->withdraw();
        delete presence;
    }
    if (name_length > 0) {
        MutexGuard guard(g_names_lock);
        g_names.remove(StringView(name, name_length), *this);
    }
    close_directions(m_type, io);
    // Connections nobody accepted: each dies, so its peer reads the end of the stream.
    for (;;) {
        LocalSocket* end;
        {
            MutexGuard guard(m_lock);
            end = m_backlog.pop_front();
            m_pending.store(static_cast<uint32_t>(m_backlog.size()));
        }
        if (!end)
            break;
        end->kill();
        end->unref(); // the backlog's reference
    }
    m_acceptors.wake_all();
    m_poll.notify();
}

Result<void> LocalSocket::bind(StringView name)
{
    TRY(validate_local_name(name));
    MutexGuard guard(m_lock);
    if (m_state == State::Dead)
        return Error::NotFound;
    if (m_name_length > 0)
        return Error::InvalidArgument;
    {
        MutexGuard names(g_names_lock);
        TRY(g_names.add(name, *this));
    }
    __builtin_memcpy(m_name, name.data(), name.size());
    m_name_length = name.size();
    return {};
}

Result<void> LocalSocket::listen(uint32_t backlog)
{
    if (m_type == LocalSocketType::Dgram)
        return Error::NotSupported;
    if (backlog == 0 || backlog > LOCAL_BACKLOG_MAX)
        return Error::InvalidArgument;
    {
        MutexGuard guard(m_lock);
        if (m_state == State::Dead)
            return Error::NotFound;
        if (m_state != State::Fresh && m_state != State::Listening)
            return Error::Busy;
        if (m_name_length == 0)
            return Error::InvalidArgument; // nobody could connect to it
        m_backlog_limit = backlog;
        m_state = State::Listening;
        m_accepting.store(true);
    }
    m_poll.notify();
    return {};
}

Result<void> LocalSocket::connect(StringView name)
{
    TRY(validate_local_name(name));
    return m_type == LocalSocketType::Dgram ? connect_datagram(name) : connect_stream(name);
}

Result<void> LocalSocket::connect_datagram(StringView name)
{
    {
        MutexGuard guard(m_lock);
        if (m_state != State::Fresh)
            return m_state == State::Dead ? Error::NotFound : Error::Busy;
    }
    auto target = find_bound(name);
    if (!target)
        return Error::NotFound;
    if (target->m_type != m_type)
        return Error::InvalidArgument;
    RefPtr<LocalSocketChannel> inbox;
    {
        MutexGuard guard(target->m_lock);
        if (target->m_state != State::Dead)
            inbox = target->m_io.rx;
    }
    if (!inbox)
        return Error::NotFound; // died since the lookup
    {
        MutexGuard guard(m_lock);
        if (m_state != State::Fresh)
            return m_state == State::Dead ? Error::NotFound : Error::Busy;
        m_io.tx = static_cast<RefPtr<LocalSocketChannel>&&>(inbox);
        m_state = State::Connected;
    }
    m_poll.notify();
    return {};
}

Result<void> LocalSocket::connect_stream(StringView name)
{
    {
        MutexGuard guard(m_lock);
        if (m_state != State::Fresh)
            return m_state == State::Dead ? Error::NotFound : Error::Busy;
        m_state = State::Connecting;
    }
    auto result = connect_to_listener(name);
    if (result.is_error()) {
        MutexGuard guard(m_lock);
        if (m_state == State::Connecting)
            m_state = State::Fresh;
    }
    m_poll.notify();
    return result;
}

Result<void> LocalSocket::connect_to_listener(StringView name)
{
    auto listener = find_bound(name);
    if (!listener)
        return Error::NotFound;
    if (listener->m_type != m_type)
        return Error::InvalidArgument;
    // The listener's end of the connection, complete before anyone can see it.
    auto end = TRY(make_ref<LocalSocket>(m_type, uint64_t(0)));
    Directions mine;
    Directions theirs;
    TRY(make_connection(m_type, mine, theirs));
    {
        MutexGuard guard(end->m_lock);
        end->m_io = static_cast<Directions&&>(theirs);
        end->m_state = State::Connected;
    }
    auto queued = listener->enqueue(*end);
    if (queued.is_error()) {
        // `end` goes with its last reference (its destructor gives up its sides).
        close_directions(m_type, mine);
        return queued.error();
    }
    MutexGuard guard(m_lock);
    m_io = static_cast<Directions&&>(mine);
    m_state = State::Connected;
    return {};
}

Result<void> LocalSocket::enqueue(LocalSocket& end)
{
    {
        MutexGuard guard(m_lock);
        if (m_state != State::Listening)
            return Error::NotFound; // nobody listens under that name (any more)
        if (m_backlog.size() >= m_backlog_limit)
            return Error::Busy;
        end.ref(); // the backlog's reference
        m_backlog.push_back(end);
        m_pending.store(static_cast<uint32_t>(m_backlog.size()));
    }
    m_acceptors.wake_all();
    m_poll.notify();
    return {};
}

Result<NonnullRefPtr<LocalSocket>> LocalSocket::accept(Blocking blocking)
{
    for (;;) {
        LocalSocket* end;
        {
            MutexGuard guard(m_lock);
            if (m_state != State::Listening)
                return Error::InvalidArgument;
            end = m_backlog.pop_front();
            m_pending.store(static_cast<uint32_t>(m_backlog.size()));
        }
        if (end) {
            auto owned = adopt_ref(*end); // takes over the backlog's reference
            {
                // Only a listener's death kills a waiting end, and this one has left
                // the backlog: it lives, and now has its first file.
                MutexGuard guard(owned->m_lock);
                owned->m_files = 1;
            }
            m_poll.notify(); // fewer connections waiting
            return owned;
        }
        if (blocking == Blocking::DontWait)
            return Error::WouldBlock;
        // Interruptible: a note for the caller's process ends the wait.
        if (m_acceptors.wait_interruptible([this] { return m_pending.load() > 0 || !m_accepting.load(); })
            == WaitQueue::Outcome::Interrupted)
            return Error::Interrupted;
    }
}

Result<size_t> LocalSocket::read(void* buffer, size_t size, Blocking blocking)
{
    Directions io;
    {
        MutexGuard guard(m_lock);
        if (m_state == State::Connected || m_type == LocalSocketType::Dgram)
            io = m_io;
    }
    if (io.rx_pipe)
        return io.rx_pipe->read(buffer, size, blocking);
    if (io.rx)
        return io.rx->read(buffer, size, blocking);
    return Error::InvalidArgument; // not connected, or a listener
}

Result<size_t> LocalSocket::write(const void* buffer, size_t size, Blocking blocking)
{
    Directions io;
    {
        MutexGuard guard(m_lock);
        if (m_state == State::Connected)
            io = m_io;
    }
    if (io.tx_pipe)
        return io.tx_pipe->write(buffer, size, blocking);
    if (io.tx)
        return io.tx->write(buffer, size, blocking);
    return Error::InvalidArgument; // not connected (a dgram socket: no destination)
}

uint32_t LocalSocket::poll(fs::PollTable* table)
{
    // The socket's own queue hears about connect, listen, new connections and death;
    // the directions' queues about data and room. Every queue registered here lives
    // as long as the socket has files (the directions are dropped only at death).
    if (table)
        table->add(m_poll);
    State state;
    Directions io;
    {
        MutexGuard guard(m_lock);
        state = m_state;
        io = m_io;
    }
    if (state == State::Listening)
        return m_pending.load() > 0 ? uint32_t(fs::POLL_READ) : 0u;
    uint32_t events = 0;
    if (io.rx_pipe)
        events |= io.rx_pipe->poll_read_end(table);
    if (io.tx_pipe)
        events |= io.tx_pipe->poll_write_end(table);
    if (io.rx)
        events |= io.rx->poll_read_end(table);
    if (io.tx)
        events |= io.tx->poll_write_end(table);
    return events;
}

size_t LocalSocket::buffered()
{
    Directions io;
    {
        MutexGuard guard(m_lock);
        io = m_io;
    }
    if (io.rx_pipe)
        return io.rx_pipe->buffered();
    if (io.rx)
        return io.rx->buffered();
    return 0;
}

size_t live_local_sockets()
{
    return g_live_sockets.load();
}

size_t bound_local_names()
{
    MutexGuard guard(g_names_lock);
    return g_names.size();
}

} // namespace ts::ipc
