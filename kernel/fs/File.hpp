// File: an open file, what a descriptor refers to. Layer: fs.
//
// It remembers where it was opened (a Location, so ".." and relative walks from a
// directory descriptor work), the vnode, the permissions granted at open (never more
// than the walk allowed; Vfs.cpp), the open flags, and the offset. Reads and writes check
// the permissions here, once, so no file system needs to.
//
// Offsets: read/write advance the offset under the file's own mutex, so two threads
// sharing a descriptor never read the same bytes; pread/pwrite take an explicit offset.
// Streams (Vnode::is_stream: klog, pipes) ignore the offset.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <sched/Mutex.hpp>

#include "Mount.hpp"
#include "PathFlags.hpp"
#include "Vnode.hpp"

namespace ts::fs {

enum class SeekFrom : uint8_t { Start, Current, End };

class File : public RefCounted<File> {
public:
    // Opens `vnode` (calls Vnode::open); used by the VFS and by devices that hand out
    // files of their own (a pipe's two ends).
    static Result<NonnullRefPtr<File>> open(Location location, NonnullRefPtr<Vnode> vnode, Perm perms, OpenFlag flags);
    ~File();

    Vnode& vnode() const { return *m_vnode; }
    const Location& location() const { return m_location; }
    Perm perms() const { return m_perms; }
    OpenFlag flags() const { return m_flags; }
    bool is_nonblocking() const { return has(m_flags, OpenFlag::Nonblock); }

    Result<size_t> read(void* buffer, size_t size);
    Result<size_t> write(const void* buffer, size_t size);
    Result<size_t> pread(uint64_t offset, void* buffer, size_t size);
    Result<size_t> pwrite(uint64_t offset, const void* buffer, size_t size);
    Result<uint64_t> seek(int64_t offset, SeekFrom from);
    uint64_t offset();
    Result<void> truncate(uint64_t size);
    // The next directory entry after the previous call's; false at the end.
    Result<bool> read_dir(DirEntry& entry);
    // Ready PollEvents, registering `table` for changes when non-null.
    uint32_t poll(PollTable* table) { return m_vnode->poll(*this, table); }
    Stat stat() { return m_vnode->stat(); }

    // Per-open state of the device or file system (klog's read position, a sysfs
    // file's snapshot); owned by the vnode, which frees it in Vnode::close.
    void* private_data { nullptr };

private:
    template<typename U, typename... Args>
    friend U* ::ts::try_new(Args&&...);
    File(Location location, NonnullRefPtr<Vnode> vnode, Perm perms, OpenFlag flags);
    Result<size_t> read_at(uint64_t offset, void* buffer, size_t size);
    Result<size_t> write_at(uint64_t offset, const void* buffer, size_t size);

    Location m_location;
    NonnullRefPtr<Vnode> m_vnode;
    Perm m_perms;
    OpenFlag m_flags;
    bool m_opened { false };
    Mutex m_lock; // the offset and the directory cursor
    uint64_t m_offset TS_GUARDED_BY(m_lock) { 0 };
    char* m_dir_cursor TS_GUARDED_BY(m_lock) { nullptr }; // the last name read_dir returned
};

// Two files opened together from one path (Vfs.hpp's open_pair; a pipe's two ends). The
// order is the ABI of open2: index 0 is the read end, index 1 the write end.
struct FilePair {
    NonnullRefPtr<File> read;  // index 0
    NonnullRefPtr<File> write; // index 1

    File& at(size_t index) const { return index == 0 ? *read : *write; }
};

} // namespace ts::fs
