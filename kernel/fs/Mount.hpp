// Mount, Location and Namespace: which file system appears where, per process.
// Layer: fs (lib, sched locks, Dentry).
//
// A Mount shows the tree below `root` (a dentry of some file system: its root for a
// mount, any directory or file for a bind) in place of `mountpoint`, a dentry reached
// through the parent mount. A Location is where a walk stands: a dentry *and* the mount
// it was reached through, because the same dentry can be visible in several places and
// ".." must know which way it came.
//
// A Namespace is a set of mounts with one root mount (its "/"). Processes get one
// copied, shared or empty at spawn (Namespace::copy / the same object / Namespace::create
// over a new tmpfs root).
// Mounts stack: mounting on an occupied mountpoint hides the earlier mount until the new
// one goes. Each mount carries the permissions it grants at most (a bind of a read-only
// descriptor grants Read only); a walk intersects them as it crosses mounts, so
// permissions only ever narrow. docs/kernel/vfs.md has the rules.
#pragma once

#include <lib/IntrusiveList.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <sched/Spinlock.hpp>

#include "Dentry.hpp"
#include "PathFlags.hpp"

namespace ts::fs {

class Namespace;

class Mount : public RefCounted<Mount> {
public:
    Mount* parent() const { return m_parent.ptr(); }
    Dentry* mountpoint() const { return m_mountpoint.ptr(); }
    Dentry& root() const { return *m_root; }
    Perm perms() const { return m_perms; }

private:
    friend class Namespace;
    Mount(RefPtr<Mount> parent, RefPtr<Dentry> mountpoint, NonnullRefPtr<Dentry> root, Perm perms)
        : m_parent(static_cast<RefPtr<Mount>&&>(parent)), m_mountpoint(static_cast<RefPtr<Dentry>&&>(mountpoint)),
          m_root(static_cast<NonnullRefPtr<Dentry>&&>(root)), m_perms(perms)
    {
    }
    // All constant after creation: a mount is never re-pointed, only removed.
    RefPtr<Mount> m_parent; // null for a namespace's root mount
    RefPtr<Dentry> m_mountpoint;
    NonnullRefPtr<Dentry> m_root;
    Perm m_perms;
    ListNode m_node; // in the namespace's list (under its lock)
};

struct Location {
    RefPtr<Mount> mount;
    RefPtr<Dentry> dentry;
    bool is_valid() const { return mount && dentry; }
    bool operator==(const Location& other) const { return mount == other.mount && dentry == other.dentry; }
};

class Namespace : public RefCounted<Namespace> {
public:
    // A namespace whose "/" is `root` with permissions `perms`.
    static Result<NonnullRefPtr<Namespace>> create(NonnullRefPtr<Dentry> root, Perm perms = Perm::All);
    // A new namespace with the same mounts (new Mount objects; later changes to either
    // namespace do not show in the other).
    // (The new namespace is private until returned, so its fields are filled unlocked.)
    Result<NonnullRefPtr<Namespace>> copy() const TS_NO_THREAD_SAFETY_ANALYSIS;
    // The last reference is gone: nobody else can reach the lists any more.
    ~Namespace() TS_NO_THREAD_SAFETY_ANALYSIS;

    Location root() const;
    // The mount stacked last on `dentry` as reached through `mount`, or null.
    RefPtr<Mount> mounted_on(const Mount& mount, const Dentry& dentry) const;
    bool contains(const Mount& mount) const;
    size_t mount_count() const;
    // The mounts, the root first and then oldest first, into out (at most `capacity`);
    // returns how many there are in all. For listings (/proc/<pid>/mounts).
    size_t list(RefPtr<Mount>* out, size_t capacity) const;

    // Shows `root` at `at` with at most `perms`. When `made` is given it receives the new
    // mount, so its maker can later unmount exactly that one (a local socket's directory,
    // ipc/LocalSocketFs.cpp), whatever is stacked on the same mountpoint meanwhile.
    Result<void> mount(const Location& at, NonnullRefPtr<Dentry> root, Perm perms, RefPtr<Mount>* made = nullptr);
    // Removes `mount` (not the root mount); Busy while another mount sits inside it.
    Result<void> unmount(Mount& mount);

private:
    template<typename U, typename... Args>
    friend U* ::ts::try_new(Args&&...);
    Namespace() = default;
    mutable Spinlock m_lock { LockRank::Namespace };
    RefPtr<Mount> m_root TS_GUARDED_BY(m_lock);
    // Every mount but the root, oldest first: parents always precede their children, so
    // copy() can map parents as it goes, and the last match is the top of a stack.
    IntrusiveList<Mount, &Mount::m_node> m_mounts TS_GUARDED_BY(m_lock);
};

} // namespace ts::fs
