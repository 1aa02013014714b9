// Superblock: one instance of a file system (a tmpfs, the devfs, the sysfs).
// Layer: fs. Every vnode holds a reference to its superblock, so an instance lives while
// any of its objects does; the root vnode is handed out once, by the file system's
// constructor function, and from then on reached through mounts.
#pragma once

#include <cstdint>

#include <lib/Atomic.hpp>
#include <lib/RefPtr.hpp>
#include <sched/Mutex.hpp>

namespace ts::fs {

class Superblock : public RefCounted<Superblock> {
public:
    virtual ~Superblock() = default;

    const char* type_name() const { return m_type_name; }
    uint64_t id() const { return m_id; }
    uint64_t allocate_ino() { return m_next_ino.fetch_add(1) + 1; }
    // Whether lookups that found nothing may be remembered (negative dentries). False for
    // file systems whose entries appear behind the VFS's back (sysfs, devfs).
    bool caches_negative_entries() const { return m_caches_negative; }
    // Serialises renames, so the ancestry the VFS checks for one stays true while it runs.
    Mutex& rename_lock() { return m_rename_lock; }

protected:
    Superblock(const char* type_name, bool caches_negative);

private:
    const char* m_type_name;
    uint64_t m_id;
    bool m_caches_negative;
    Atomic<uint64_t> m_next_ino { 0 };
    Mutex m_rename_lock;
};

} // namespace ts::fs
