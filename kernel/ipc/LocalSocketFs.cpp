// /net/local and the socket directories (see LocalSocketFs.hpp; docs/kernel/ipc.md,
// "Sockets").
//
// Object graph of one socket with a directory:
//
//   LocalSocket --presence--> SocketMount --> SocketDirectory --> SocketData, SocketCtl,
//        ^                        |               (vnodes)         SocketAccept
//        |                        +--> namespace, mount, dentries        |
//        +---------------------------------------------------------------+
//
// The vnodes hold the socket, and the socket (through its presence) holds the
// directory: a cycle on purpose, which the socket's death breaks by withdrawing the
// presence (SocketMount::withdraw empties the directory). Death comes from counting open
// files (LocalSocket::file_closed), never from the reference counts.
#include "LocalSocketFs.hpp"

#include <fs/CtlFile.hpp>
#include <fs/Dentry.hpp>
#include <fs/DirectoryEntries.hpp>
#include <fs/Synthetic.hpp>
#include <fs/Vfs.hpp>
#include <fs/VfsInit.hpp>
#include <fs/Vnode.hpp>
#include <lib/CtlParser.hpp>
#include <lib/Format.hpp>
#include <lib/TryNew.hpp>
#include <proc/Process.hpp>

namespace ts::ipc {

namespace {

using fs::Perm;

// netfs's superblock and the placeholder directory, made by local_sockets_init and kept
// for good (the /net mount holds them).
fs::Superblock* g_superblock = nullptr;
fs::Vnode* g_placeholder = nullptr;

Blocking blocking_of(const fs::File& file)
{
    return file.is_nonblocking() ? Blocking::DontWait : Blocking::Wait;
}

// Where a new socket shows: the calling process's namespace, or the kernel's for kernel
// threads (tests, and code running before init).
fs::Namespace& creator_namespace()
{
    if (proc::Process* process = proc::current_process())
        return process->ns();
    return fs::kernel_namespace();
}

// A socket id as /net/local names it: decimal without leading zeros, so each id has
// exactly one name (and one dentry to mount on). 19 digits cover every id in use.
bool is_socket_id(StringView name)
{
    if (name.is_empty() || name.size() > 19 || name[0] == '0')
        return false;
    for (char c : name) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// Fills a directory entry for `vnode` named `name`.
void describe(StringView name, fs::Vnode& vnode, fs::DirEntry& out)
{
    copy_string(out.name, sizeof(out.name), name);
    out.kind = vnode.kind();
    out.ino = vnode.ino();
}

// ---- ctl commands (the context is the LocalSocket) ----

Result<void> ctl_bind(void* context, const ctl::Command& command)
{
    return static_cast<LocalSocket*>(context)->bind(command.arg(0));
}

Result<void> ctl_listen(void* context, const ctl::Command& command)
{
    uint32_t backlog = LOCAL_BACKLOG_DEFAULT;
    if (command.arg_count() == 1) {
        int64_t value = TRY(ctl::parse_int(command.arg(0)));
        if (value < 1 || value > int64_t(LOCAL_BACKLOG_MAX))
            return Error::InvalidArgument;
        backlog = static_cast<uint32_t>(value);
    }
    return static_cast<LocalSocket*>(context)->listen(backlog);
}

Result<void> ctl_connect(void* context, const ctl::Command& command)
{
    return static_cast<LocalSocket*>(context)->connect(command.arg(0));
}

const ctl::Handler CTL_HANDLERS[] = {
    { "bind", 1, 1, ctl_bind },
    { "listen", 0, 1, ctl_listen },
    { "connect", 1, 1, ctl_connect },
};

// ---- the files of /net/local/<id>/ ----

// data: the socket's payload.
class SocketData final : public fs::Vnode {
public:
    SocketData(fs::Superblock& superblock, LocalSocket& socket) : Vnode(superblock, fs::VnodeKind::Device, Perm::Read | Perm::Write), m_socket(socket) {}

    Result<void> open(fs::File&) override { return m_socket->file_opened(); }
    void close(fs::File&) override { m_socket->file_closed(); }
    bool is_stream() const override { return true; }
    Result<size_t> read(fs::File& file, uint64_t, void* buffer, size_t size) override { return m_socket->read(buffer, size, blocking_of(file)); }
    Result<size_t> write(fs::File& file, uint64_t, const void* buffer, size_t size) override
    {
        return m_socket->write(buffer, size, blocking_of(file));
    }
    uint32_t poll(fs::File&, fs::PollTable* table) override { return m_socket->poll(table); }
    fs::Stat stat() override
    {
        fs::Stat result = Vnode::stat();
        result.size = m_socket->buffered();
        return result;
    }

private:
    NonnullRefPtr<LocalSocket> m_socket;
};

// ctl: a CtlFile (the shared parser and its "ok"/"error: ..." outcome) whose opens also
// count as files of the socket. CtlFile is final, so this wraps one rather than
// deriving; the wrapped vnode's context is the socket, which this vnode keeps alive.
class SocketCtl final : public fs::Vnode {
public:
    SocketCtl(fs::Superblock& superblock, LocalSocket& socket, NonnullRefPtr<fs::CtlFile> commands)
        : Vnode(superblock, fs::VnodeKind::File, Perm::Read | Perm::Write), m_socket(socket), m_commands(static_cast<NonnullRefPtr<fs::CtlFile>&&>(commands))
    {
    }

    Result<void> open(fs::File& file) override
    {
        TRY(m_socket->file_opened());
        auto opened = m_commands->open(file);
        if (opened.is_error())
            m_socket->file_closed();
        return opened;
    }
    void close(fs::File& file) override
    {
        m_commands->close(file);
        m_socket->file_closed();
    }
    Result<size_t> read(fs::File& file, uint64_t offset, void* buffer, size_t size) override { return m_commands->read(file, offset, buffer, size); }
    Result<size_t> write(fs::File& file, uint64_t offset, const void* buffer, size_t size) override
    {
        return m_commands->write(file, offset, buffer, size);
    }
    Result<void> truncate(uint64_t size) override { return m_commands->truncate(size); }

private:
    NonnullRefPtr<LocalSocket> m_socket;
    NonnullRefPtr<fs::CtlFile> m_commands;
};

// accept: opening it takes a connection from the listener's backlog; the File then
// stands for that connection (private_data holds the accepted end, with its one file).
class SocketAccept final : public fs::Vnode {
public:
    SocketAccept(fs::Superblock& superblock, LocalSocket& listener) : Vnode(superblock, fs::VnodeKind::Device, Perm::Read | Perm::Write), m_listener(listener) {}

    Result<void> open(fs::File& file) override
    {
        // While it waits, the open counts as a file of the listener (so the listener
        // cannot die under it); once it has a connection it counts on that instead.
        TRY(m_listener->file_opened());
        auto accepted = m_listener->accept(blocking_of(file));
        m_listener->file_closed();
        if (accepted.is_error())
            return accepted.error();
        file.private_data = &accepted.release_value().leak_ref();
        return {};
    }
    void close(fs::File& file) override
    {
        LocalSocket& connection = of(file);
        file.private_data = nullptr;
        connection.file_closed();
        connection.unref();
    }
    bool is_stream() const override { return true; }
    Result<size_t> read(fs::File& file, uint64_t, void* buffer, size_t size) override { return of(file).read(buffer, size, blocking_of(file)); }
    Result<size_t> write(fs::File& file, uint64_t, const void* buffer, size_t size) override
    {
        return of(file).write(buffer, size, blocking_of(file));
    }
    uint32_t poll(fs::File& file, fs::PollTable* table) override { return of(file).poll(table); }

private:
    static LocalSocket& of(fs::File& file) { return *static_cast<LocalSocket*>(file.private_data); }

    NonnullRefPtr<LocalSocket> m_listener;
};

// /net/local/<id>/ itself: three fixed entries until the socket dies, then none.
class SocketDirectory final : public fs::Vnode {
public:
    static constexpr size_t ENTRIES = 3;
    // In byte order, as listings must come.
    static constexpr const char* NAMES[ENTRIES] = { "accept", "ctl", "data" };

    explicit SocketDirectory(fs::Superblock& superblock) : Vnode(superblock, fs::VnodeKind::Directory, Perm::Read | Perm::Execute) {}

    // Before the directory is reachable.
    void fill(fs::Vnode& accept, fs::Vnode& ctl, fs::Vnode& data)
    {
        MutexGuard guard(dir_lock());
        m_entries[0] = accept;
        m_entries[1] = ctl;
        m_entries[2] = data;
    }
    // At the socket's death: the vnodes (and their references to the socket) go.
    void clear()
    {
        MutexGuard guard(dir_lock());
        for (auto& entry : m_entries)
            entry = nullptr;
    }

    Result<NonnullRefPtr<fs::Vnode>> lookup_locked(StringView name) override
    {
        for (size_t i = 0; i < ENTRIES; ++i) {
            if (name == NAMES[i] && m_entries[i])
                return NonnullRefPtr<fs::Vnode>(*m_entries[i]);
        }
        return Error::NotFound;
    }
    Result<bool> read_entry_locked(StringView after, fs::DirEntry& entry) override
    {
        for (size_t i = 0; i < ENTRIES; ++i) {
            if (m_entries[i] && fs::compare_names(NAMES[i], after) > 0) {
                describe(NAMES[i], *m_entries[i], entry);
                return true;
            }
        }
        return false;
    }
    bool is_empty_locked() override
    {
        for (auto& entry : m_entries) {
            if (entry)
                return false;
        }
        return true;
    }

private:
    RefPtr<fs::Vnode> m_entries[ENTRIES]; // under dir_lock()
};

// The socket's place in the file tree: its directory mounted on /net/local/<id> in one
// namespace. Filled while the socket is made (which no other thread can end: the
// maker holds the socket's first file), read once more by withdraw() at its death.
class SocketMount final : public LocalSocketPresence {
public:
    SocketMount(fs::Namespace& ns, NonnullRefPtr<SocketDirectory> directory, NonnullRefPtr<fs::Dentry> root)
        : m_ns(ns), m_directory(static_cast<NonnullRefPtr<SocketDirectory>&&>(directory)), m_root(static_cast<NonnullRefPtr<fs::Dentry>&&>(root))
    {
    }

    void mounted(RefPtr<fs::Mount> mount, RefPtr<fs::Dentry> mountpoint)
    {
        m_mount = static_cast<RefPtr<fs::Mount>&&>(mount);
        m_mountpoint = static_cast<RefPtr<fs::Dentry>&&>(mountpoint);
    }

    void withdraw() override
    {
        // Empty first: whoever still stands in the directory (a namespace copied after
        // the socket was made keeps the mount) finds nothing, and the vnodes let go of
        // the socket.
        m_directory->clear();
        for (const char* name : SocketDirectory::NAMES) {
            if (auto child = fs::dcache().lookup(*m_root, name))
                fs::dcache().unhash(*child);
        }
        // Busy only if someone mounted something inside the directory; then the mount
        // stays, empty, until the namespace goes.
        if (m_mount)
            (void)m_ns->unmount(*m_mount);
        // The placeholder dentry under /net/local goes from the cache, and with it every
        // copied namespace's way to this mount: a later walk to /net/local/<id> makes
        // a fresh dentry with no mounts on it.
        if (m_mountpoint)
            fs::dcache().unhash(*m_mountpoint);
        m_mount = nullptr;
        m_mountpoint = nullptr;
    }

private:
    NonnullRefPtr<fs::Namespace> m_ns;
    NonnullRefPtr<SocketDirectory> m_directory;
    NonnullRefPtr<fs::Dentry> m_root; // the directory's own root dentry
    RefPtr<fs::Mount> m_mount;
    RefPtr<fs::Dentry> m_mountpoint; // the placeholder's dentry, /net/local/<id>
};

// Builds `socket`'s directory and mounts it on /net/local/<id> in `ns`. On failure the
// caller lets the socket die, which undoes whatever was done (through the presence).
Result<void> show_socket(LocalSocket& socket, fs::Namespace& ns)
{
    fs::Superblock& superblock = *g_superblock;
    auto directory = TRY(make_ref<SocketDirectory>(superblock));
    auto root = TRY(fs::dcache().make_root(*directory));
    auto* presence = try_new<SocketMount>(ns, directory, root);
    if (!presence)
        return Error::NoMemory;
    socket.set_presence(presence);

    auto commands = TRY(make_ref<fs::CtlFile>(superblock, CTL_HANDLERS, sizeof(CTL_HANDLERS) / sizeof(CTL_HANDLERS[0]), &socket));
    auto ctl = TRY(make_ref<SocketCtl>(superblock, socket, static_cast<NonnullRefPtr<fs::CtlFile>&&>(commands)));
    auto data = TRY(make_ref<SocketData>(superblock, socket));
    auto accept = TRY(make_ref<SocketAccept>(superblock, socket));
    directory->fill(*accept, *ctl, *data);

    // The placeholder /net/local/<id> in `ns`: anything else there (a mount on it, or
    // another /net) is not ours to cover.
    char path[48];
    format(path, sizeof(path), "/net/local/%llu:directory", static_cast<unsigned long long>(socket.id()));
    auto place = TRY(fs::open(fs::PathContext { &ns, {}, Perm::All }, StringView(path)));
    if (&place->vnode() != g_placeholder)
        return Error::Busy;
    RefPtr<fs::Mount> mount;
    TRY(ns.mount(place->location(), root, Perm::All, &mount));
    presence->mounted(static_cast<RefPtr<fs::Mount>&&>(mount), place->location().dentry);
    return {};
}

// A new socket shown in `ns`, with its first open file counted for the caller.
Result<NonnullRefPtr<LocalSocket>> make_socket(LocalSocketType type, fs::Namespace& ns)
{
    if (!g_superblock)
        return Error::NotFound; // before local_sockets_init
    auto socket = TRY(LocalSocket::create(type));
    auto shown = show_socket(*socket, ns);
    if (shown.is_error()) {
        socket->file_closed(); // dies, withdrawing what was shown
        return shown.error();
    }
    return socket;
}

// /net/local/<type>: each open makes a socket; the file reads as the id. The socket's
// first open file is this one. `ns` null: the socket shows in the creator's namespace.
class SocketFactory final : public fs::Vnode {
public:
    SocketFactory(fs::Superblock& superblock, LocalSocketType type, fs::Namespace* ns)
        : Vnode(superblock, fs::VnodeKind::File, Perm::Read), m_type(type), m_ns(ns)
    {
    }

    Result<void> open(fs::File& file) override
    {
        auto socket = TRY(make_socket(m_type, m_ns ? *m_ns : creator_namespace()));
        file.private_data = &socket.leak_ref();
        return {};
    }
    void close(fs::File& file) override
    {
        auto* socket = static_cast<LocalSocket*>(file.private_data);
        file.private_data = nullptr;
        socket->file_closed();
        socket->unref();
    }
    Result<size_t> read(fs::File& file, uint64_t offset, void* buffer, size_t size) override
    {
        auto* socket = static_cast<LocalSocket*>(file.private_data);
        char text[24];
        size_t length = format(text, sizeof(text), "%llu\n", static_cast<unsigned long long>(socket->id()));
        if (offset >= length)
            return size_t(0);
        size_t count = length - offset < size ? length - offset : size;
        __builtin_memcpy(buffer, text + offset, count);
        return count;
    }

private:
    LocalSocketType m_type;
    RefPtr<fs::Namespace> m_ns;
};

// /net/local: the three factories, and a placeholder for every socket id.
class NetLocalDirectory final : public fs::Vnode {
public:
    static constexpr size_t FACTORIES = 3;
    // In byte order, as listings must come.
    static constexpr const char* NAMES[FACTORIES] = { "dgram", "seqpacket", "stream" };

    NetLocalDirectory(fs::Superblock& superblock, fs::Vnode& placeholder) : Vnode(superblock, fs::VnodeKind::Directory, Perm::Read | Perm::Execute), m_placeholder(placeholder) {}

    Result<void> make_factories()
    {
        const LocalSocketType types[FACTORIES] = { LocalSocketType::Dgram, LocalSocketType::Seqpacket, LocalSocketType::Stream };
        MutexGuard guard(dir_lock());
        for (size_t i = 0; i < FACTORIES; ++i)
            m_factories[i] = TRY(make_ref<SocketFactory>(superblock(), types[i], nullptr));
        return {};
    }

    Result<NonnullRefPtr<fs::Vnode>> lookup_locked(StringView name) override
    {
        for (size_t i = 0; i < FACTORIES; ++i) {
            if (name == NAMES[i] && m_factories[i])
                return NonnullRefPtr<fs::Vnode>(*m_factories[i]);
        }
        // Every id has a directory here; only its socket's mount, in the namespaces that
        // have it, puts anything in it.
        if (is_socket_id(name))
            return m_placeholder;
        return Error::NotFound;
    }
    Result<bool> read_entry_locked(StringView after, fs::DirEntry& entry) override
    {
        // The factories only: listing the sockets would show ids of every namespace.
        for (size_t i = 0; i < FACTORIES; ++i) {
            if (m_factories[i] && fs::compare_names(NAMES[i], after) > 0) {
                describe(NAMES[i], *m_factories[i], entry);
                return true;
            }
        }
        return false;
    }
    bool is_empty_locked() override { return false; }

private:
    NonnullRefPtr<fs::Vnode> m_placeholder;
    RefPtr<fs::Vnode> m_factories[FACTORIES]; // under dir_lock()
};

// The placeholder: an empty directory standing for every /net/local/<id>.
class Placeholder final : public fs::Vnode {
public:
    explicit Placeholder(fs::Superblock& superblock) : Vnode(superblock, fs::VnodeKind::Directory, Perm::Read | Perm::Execute) {}
};

} // namespace

Result<void> local_sockets_init()
{
    auto net = TRY(fs::create_synthetic("netfs"));
    fs::Superblock& superblock = net.root->superblock();
    auto placeholder = TRY(make_ref<Placeholder>(superblock));
    auto local = TRY(make_ref<NetLocalDirectory>(superblock, *placeholder));
    TRY(local->make_factories());
    TRY(net.root->publish("local", *local));
    g_superblock = &superblock;
    g_placeholder = placeholder.ptr(); // kept by /net/local, which the /net mount keeps
    fs::PathContext context = fs::kernel_context();
    TRY(fs::open(context, "/net:create:directory")); // an existing directory is simply opened
    TRY(fs::mount(context, "/net", *net.root_dentry));
    return {};
}

Result<NonnullRefPtr<fs::File>> create_local_socket(LocalSocketType type, fs::Namespace& ns)
{
    if (!g_superblock)
        return Error::NotFound;
    auto factory = TRY(make_ref<SocketFactory>(*g_superblock, type, &ns));
    return fs::File::open({}, static_cast<NonnullRefPtr<SocketFactory>&&>(factory), Perm::Read, fs::OpenFlag::None);
}

} // namespace ts::ipc
