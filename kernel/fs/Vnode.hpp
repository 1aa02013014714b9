// Vnode: one file-system object (a file, a directory, a symbolic link or a device), the
// thing a directory entry names. Layer: fs (depends on lib and the sched lock types).
//
// A file system subclasses Vnode and overrides what its objects can do; every default
// here answers NotSupported (or NotDirectory), so a device only writes read() and
// write(). Vnodes are reference counted: directory entries of the file system, dentries
// (Dentry.hpp) and open files (File.hpp) each hold references, so a file removed while
// open lives until its last descriptor closes.
//
// Locking. Each vnode has a dir_lock() Mutex. For directories the VFS (Vfs.cpp) holds it
// around every call whose name ends in _locked, so a file system's directory code never
// races with itself: lookup, create, link, unlink, read_entry. rename_locked is called with
// both directories locked (ancestor first, see Vfs.cpp). Data calls (read, write,
// truncate, stat) come without any VFS lock; the file system locks its own data.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>
#include <sched/Mutex.hpp>

#include "PathFlags.hpp"
#include "Superblock.hpp"

namespace ts::vmm {
class MemoryObject;
}

namespace ts::fs {

class File;
class PollTable;
class Superblock;
struct FilePair;
struct Location;

enum class VnodeKind : uint8_t { File, Directory, Symlink, Device };
const char* kind_name(VnodeKind kind);

struct Stat {
    uint64_t ino { 0 };
    uint64_t superblock_id { 0 };
    VnodeKind kind { VnodeKind::File };
    uint32_t link_count { 0 };
    uint64_t size { 0 };
    Perm perms { Perm::None }; // the most any open of it may get
};

struct DirEntry {
    char name[MAX_NAME_LENGTH + 1] {};
    VnodeKind kind { VnodeKind::File };
    uint64_t ino { 0 };
};

// Events for poll() (File.hpp); a file's poll() reports which hold now.
enum PollEvents : uint32_t {
    POLL_READ = 1u << 0,   // a read would not block
    POLL_WRITE = 1u << 1,  // a write would not block
    POLL_HANGUP = 1u << 2, // the other end is gone
    POLL_ERROR = 1u << 3,
};

class Vnode : public RefCounted<Vnode> {
public:
    virtual ~Vnode();

    VnodeKind kind() const { return m_kind; }
    bool is_directory() const { return m_kind == VnodeKind::Directory; }
    bool is_symlink() const { return m_kind == VnodeKind::Symlink; }
    Superblock& superblock() const { return *m_superblock; }
    uint64_t ino() const { return m_ino; }
    // The most any open of this vnode may get (a read-only sysfs file: Read).
    Perm max_perms() const { return m_max_perms; }

    Mutex& dir_lock() { return m_dir_lock; }

    // ---- Directories (called with dir_lock() held) ----
    // The vnode named `name`, or Error::NotFound.
    virtual Result<NonnullRefPtr<Vnode>> lookup_locked(StringView name);
    // A new empty file or directory (kind File or Directory) named `name`; the VFS has
    // checked that the name is valid and absent.
    virtual Result<NonnullRefPtr<Vnode>> create_locked(StringView name, VnodeKind kind);
    virtual Result<NonnullRefPtr<Vnode>> symlink_locked(StringView name, StringView target);
    // A second name for `target` (never a directory) in this directory.
    virtual Result<void> link_locked(StringView name, Vnode& target);
    // Removes the entry `name`, which names `child`; a directory child must be empty
    // (the VFS holds the child's dir_lock too and has checked).
    virtual Result<void> unlink_locked(StringView name, Vnode& child);
    // Moves entry `old_name` of this directory to `new_name` in `new_dir` (maybe this
    // one), replacing what `new_name` named; the VFS has checked kinds and emptiness.
    virtual Result<void> rename_locked(StringView old_name, Vnode& new_dir, StringView new_name);
    // The first entry whose name sorts after `after` ("" for the first); false at the end.
    // Entries come in byte order of their names, so a listing resumed after a name stays
    // correct when other entries come and go meanwhile ("." and ".." are not listed).
    virtual Result<bool> read_entry_locked(StringView after, DirEntry& entry);
    virtual bool is_empty_locked();

    // ---- Symbolic links ----
    // Copies the target (not NUL-terminated) and returns its length.
    virtual Result<size_t> read_link(char* buffer, size_t size);

    // ---- Data ----
    // Called once per open; a device may set File::private_data here.
    virtual Result<void> open(File& file);
    // Opens two files at once from this one object (Vfs.hpp's open_pair, the open2 call):
    // index 0 the read end, 1 the write end. `location` is where the walk found it,
    // `perms` what the walk allows and the path asked for, `flags` the path's flags
    // (only :nonblock and :nofollow get this far). /dev/pipe/new makes a pipe here.
    // The default: Error::NotSupported.
    virtual Result<FilePair> open_pair(const Location& location, Perm perms, OpenFlag flags);

    // ---- Memory mapping (the mmap call) ----
    // What backs a mapping of this file: `anonymous` for fresh private demand-zero
    // memory (/dev/const/zero); `private_copy` for a private copy of the file's bytes
    // taken at map time (regular files: the default for VnodeKind::File); else an object
    // whose pages are mapped shared (shared memory). Anything else: NotSupported.
    struct MapSource {
        bool anonymous { false };
        bool private_copy { false };
        RefPtr<vmm::MemoryObject> object;
    };
    virtual Result<MapSource> map_source(File& file);
    // The last reference to an open file is gone.
    virtual void close(File& file);
    virtual Result<size_t> read(File& file, uint64_t offset, void* buffer, size_t size);
    virtual Result<size_t> write(File& file, uint64_t offset, const void* buffer, size_t size);
    virtual Result<void> truncate(uint64_t size);
    // Which PollEvents hold now; when `table` is non-null, also registers it on every
    // queue whose notification could change the answer (Poll.hpp). The default: always
    // readable and writable, as for a regular file.
    virtual uint32_t poll(File& file, PollTable* table);
    // Whether a read at the end of the data should wait for more (pipes, klog) rather
    // than return 0; such files honour :nonblock.
    virtual bool is_stream() const { return false; }
    virtual Stat stat();

protected:
    Vnode(Superblock& superblock, VnodeKind kind, Perm max_perms = Perm::All);

private:
    NonnullRefPtr<Superblock> m_superblock;
    VnodeKind m_kind;
    Perm m_max_perms;
    uint64_t m_ino;
    Mutex m_dir_lock;
};

} // namespace ts::fs
