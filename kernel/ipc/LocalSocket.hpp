// LocalSocket: one end of local (same-machine) socket traffic, the object behind
// /net/local/<id>/ (LocalSocketFs.hpp shows it there). Layer: ipc (lib, the sched locks
// and wait queues, fs::PollQueue, ipc::Pipe and LocalSocketChannel; the fs side calls it
// through its vnodes, never the reverse but through LocalSocketPresence).
//
// Three types, as in POSIX:
//   Stream     a connection carrying a byte stream each way: each direction is a Pipe.
//   Seqpacket  a connection carrying messages each way: each direction is a
//              LocalSocketChannel (one write, one message; a read returns one message,
//              truncated to the buffer).
//   Dgram      no connection: every socket owns an inbox (a LocalSocketChannel); `connect
//              NAME` picks the inbox writes go to. There is no sendto: a socket writes to
//              one destination at a time, and a reply needs the other side to connect
//              back to a name the writer has bound.
//
// States (m_state): Fresh -> Listening (stream, seqpacket: `listen`, needs a name) or
// Fresh -> Connecting -> Connected (`connect NAME`); anything -> Dead when the last open
// file goes. An accepted end (made by `connect` for the listener to accept) starts
// Connected, has no id and no directory: its only file is the one `accept` opened.
//
// Names: `bind NAME` puts the socket in the one kernel-wide table of local names
// (LocalSocketNames.hpp); a name is bound once, and the socket's death removes it.
//
// Lifetime. References (RefPtr) keep the object's memory; open files keep it alive: the
// socket counts the files open on it (its creator file, data, ctl, an accept file while
// it waits; an accepted end: the accept file that holds it), and when the last one goes
// it dies: its name is unbound, its directory withdrawn, its directions closed (the peer
// reads end of stream and writes fail with BrokenPipe), and connections still waiting
// in its backlog are dropped the same way. Nothing is freed by the death itself: the
// memory goes with the last reference, which the last vnode or file drops.
#pragma once

#include <cstddef>
#include <cstdint>

#include <fs/Poll.hpp>
#include <lib/Atomic.hpp>
#include <lib/IntrusiveList.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>
#include <sched/Mutex.hpp>
#include <sched/WaitQueue.hpp>

#include "LocalSocketChannel.hpp"
#include "LocalSocketNames.hpp"
#include "Pipe.hpp"

namespace ts::ipc {

enum class LocalSocketType : uint8_t { Stream, Seqpacket, Dgram };
const char* local_socket_type_name(LocalSocketType type);

inline constexpr uint32_t LOCAL_BACKLOG_DEFAULT = 16;
inline constexpr uint32_t LOCAL_BACKLOG_MAX = 128;

// Where a socket shows in the file tree (LocalSocketFs.cpp makes one per socket with a
// directory). withdraw() runs once, when the socket dies; then the socket deletes it.
class LocalSocketPresence {
public:
    virtual ~LocalSocketPresence() = default;
    virtual void withdraw() = 0;
};

class LocalSocket : public RefCounted<LocalSocket> {
public:
    // A new Fresh socket with the next id. It starts with one open file counted, which
    // belongs to the caller (the creator file takes it over; file_closed() gives it up).
    static Result<NonnullRefPtr<LocalSocket>> create(LocalSocketType type);
    ~LocalSocket();

    LocalSocketType type() const { return m_type; }
    // 0 for an accepted end.
    uint64_t id() const { return m_id; }

    // Open files. file_opened() fails with NotFound once the socket is dead; the
    // file_closed() that takes the count to zero makes the socket die (it may sleep).
    Result<void> file_opened();
    void file_closed();
    // Hands over the presence, which the socket deletes after withdrawing it at death.
    // If the socket is already dead, it is withdrawn and deleted at once.
    void set_presence(LocalSocketPresence* presence);

    // ---- ctl commands ----
    // InvalidArgument: a bad name, or this socket has a name already. Exists: taken.
    Result<void> bind(StringView name);
    // Stream and seqpacket only (else NotSupported); needs a name (InvalidArgument) and
    // no connection (Busy). Listening again only changes the backlog.
    Result<void> listen(uint32_t backlog);
    // Stream, seqpacket: connects to the socket listening under `name` (NotFound if none
    // does; InvalidArgument if it is of another type; Busy if its backlog is full or this
    // socket is connected, connecting or listening). The connection is made at once and
    // waits in the listener's backlog until accepted; data may flow before that.
    // Dgram: sets the destination, once (Busy after), to the inbox of the dgram socket
    // bound to `name` (NotFound, InvalidArgument as above).
    Result<void> connect(StringView name);

    // The next connection waiting in this listener's backlog, with one open file counted
    // for the caller. Waits for one unless told not to (then WouldBlock); InvalidArgument
    // if this socket does not listen.
    Result<NonnullRefPtr<LocalSocket>> accept(Blocking blocking);

    // ---- data ----
    // Stream and seqpacket: InvalidArgument until connected (and on a listener).
    // Dgram: reads come from the inbox (connected or not); writes need a destination
    // (InvalidArgument without one) and fail with BrokenPipe once it is gone.
    Result<size_t> read(void* buffer, size_t size, Blocking blocking);
    Result<size_t> write(const void* buffer, size_t size, Blocking blocking);
    // Connected: POLL_READ, POLL_WRITE, POLL_HANGUP (the peer is gone), POLL_ERROR (writes
    // would fail). A listener: POLL_READ while a connection waits to be accepted.
    uint32_t poll(fs::PollTable* table);
    // Bytes (stream) or payload bytes (seqpacket, dgram) waiting to be read.
    size_t buffered();

private:
    template<typename U, typename... Args>
    friend U* ::ts::try_new(Args&&...);
    enum class State : uint8_t { Fresh, Connecting, Connected, Listening, Dead };

    // Where reads come from and writes go. Stream: the pipes. Seqpacket: the channels.
    // Dgram: rx is the socket's own inbox, tx the destination's (null until connect).
    struct Directions {
        RefPtr<Pipe> rx_pipe;
        RefPtr<Pipe> tx_pipe;
        RefPtr<LocalSocketChannel> rx;
        RefPtr<LocalSocketChannel> tx;
    };

    LocalSocket(LocalSocketType type, uint64_t id);

    // The two ends of a new stream or seqpacket connection, every side already counted
    // (so neither end ever sees the other missing).
    static Result<void> make_connection(LocalSocketType type, Directions& a, Directions& b);
    // Gives up the sides `io` counted and empties it.
    static void close_directions(LocalSocketType type, Directions& io);

    Result<void> connect_datagram(StringView name);
    Result<void> connect_stream(StringView name);
    Result<void> connect_to_listener(StringView name);
    // Puts `end` in this listener's backlog (taking a reference).
    Result<void> enqueue(LocalSocket& end);
    // A socket nobody has a file of (a connection dropped from a backlog) dies.
    void kill();
    // After m_state became Dead: undoes everything the socket set up.
    void die();

    const LocalSocketType m_type;
    const uint64_t m_id;

    // m_lock guards the state below. A Mutex: bind allocates under it and death may
    // sleep. Order: a socket's m_lock, then the name table's lock; never two sockets'
    // locks at once.
    Mutex m_lock;
    State m_state TS_GUARDED_BY(m_lock) { State::Fresh };
    uint32_t m_files TS_GUARDED_BY(m_lock) { 0 };
    char m_name[LOCAL_NAME_MAX] TS_GUARDED_BY(m_lock) {};
    size_t m_name_length TS_GUARDED_BY(m_lock) { 0 }; // 0: no name
    LocalSocketPresence* m_presence TS_GUARDED_BY(m_lock) { nullptr };
    // The directions, set once (at connect, or at creation for a dgram inbox and an
    // accepted end) and dropped at death; readers copy them out under m_lock.
    Directions m_io TS_GUARDED_BY(m_lock);
    // Listening: connections not accepted yet, oldest first; the list holds a reference
    // to each. m_backlog_node is the link of an accepted end in its listener's backlog
    // (guarded by the listener's m_lock, which the analysis cannot name).
    ListNode m_backlog_node;
    IntrusiveList<LocalSocket, &LocalSocket::m_backlog_node> m_backlog TS_GUARDED_BY(m_lock);
    uint32_t m_backlog_limit TS_GUARDED_BY(m_lock) { 0 };
    // Mirrors for wait conditions and poll (read without m_lock): the backlog's length,
    // and whether the socket listens and lives.
    Atomic<uint32_t> m_pending { 0 };
    Atomic<bool> m_accepting { false };

    WaitQueue m_acceptors; // accept() waiting for a connection
    // Notified when the state changes (connected, listening, a connection waiting, death):
    // a poller of a socket that is not connected yet waits here.
    fs::PollQueue m_poll;
};

// How many sockets exist, accepted ends included (for tests and diagnostics).
size_t live_local_sockets();
// How many names are bound.
size_t bound_local_names();

} // namespace ts::ipc
