// Namespace and Mount (see Mount.hpp).
#include "Mount.hpp"

#include <lib/TryNew.hpp>

namespace ts::fs {

Result<NonnullRefPtr<Namespace>> Namespace::create(NonnullRefPtr<Dentry> root, Perm perms)
{
    auto* ns = try_new<Namespace>();
    if (!ns)
        return Error::NoMemory;
    auto owned = adopt_ref(*ns);
    auto* mount = new (std::nothrow) Mount(nullptr, nullptr, static_cast<NonnullRefPtr<Dentry>&&>(root), perms);
    if (!mount)
        return Error::NoMemory;
    SpinlockGuard guard(ns->m_lock);
    ns->m_root = adopt_ref(*mount);
    return owned;
}

Namespace::~Namespace()
{
    // Children before parents: release from the newest.
    while (Mount* mount = m_mounts.back()) {
        m_mounts.remove(*mount);
        if (mount->m_mountpoint)
            mount->m_mountpoint->remove_mount();
        mount->unref();
    }
}

Result<NonnullRefPtr<Namespace>> Namespace::copy() const
{
    // Snapshot the mounts under the lock (references only), build outside it.
    size_t count;
    RefPtr<Mount> root;
    {
        SpinlockGuard guard(m_lock);
        count = m_mounts.size();
        root = m_root;
    }
    auto* ns = try_new<Namespace>();
    if (!ns)
        return Error::NoMemory;
    auto owned = adopt_ref(*ns);
    auto* new_root = new (std::nothrow) Mount(nullptr, nullptr, NonnullRefPtr<Dentry>(root->root()), root->perms());
    if (!new_root)
        return Error::NoMemory;
    ns->m_root = adopt_ref(*new_root);

    // old -> new pairs, index i for the i-th mount; the root maps first.
    struct Pair {
        Mount* old_mount;
        Mount* new_mount;
    };
    auto* pairs = new (std::nothrow) Pair[count + 1];
    if (!pairs)
        return Error::NoMemory;
    size_t pair_count = 0;
    pairs[pair_count++] = { root.ptr(), new_root };
    Result<void> result {};
    {
        SpinlockGuard guard(m_lock);
        for (Mount& old_mount : m_mounts) {
            if (pair_count == count + 1)
                break; // mounts were added since the snapshot: they are not copied
            Mount* new_parent = nullptr;
            for (size_t i = 0; i < pair_count; ++i) {
                if (pairs[i].old_mount == old_mount.parent())
                    new_parent = pairs[i].new_mount;
            }
            if (!new_parent)
                continue; // its parent was unmounted meanwhile
            // Allocating under a spinlock is allowed here: Namespace ranks below Heap.
            auto* copy = new (std::nothrow) Mount(new_parent, old_mount.m_mountpoint, NonnullRefPtr<Dentry>(old_mount.root()), old_mount.perms());
            if (!copy) {
                result = Error::NoMemory;
                break;
            }
            copy->m_mountpoint->add_mount();
            ns->m_mounts.push_back(*copy); // the list holds the initial reference
            pairs[pair_count++] = { &old_mount, copy };
        }
    }
    delete[] pairs;
    TRY(result);
    return owned;
}

Location Namespace::root() const
{
    SpinlockGuard guard(m_lock);
    return { m_root, &m_root->root() };
}

RefPtr<Mount> Namespace::mounted_on(const Mount& mount, const Dentry& dentry) const
{
    SpinlockGuard guard(m_lock);
    RefPtr<Mount> top;
    for (Mount& candidate : m_mounts) {
        if (candidate.m_parent == &mount && candidate.m_mountpoint == &dentry)
            top = &candidate;
    }
    return top;
}

bool Namespace::contains(const Mount& mount) const
{
    SpinlockGuard guard(m_lock);
    if (m_root == &mount)
        return true;
    for (Mount& candidate : m_mounts) {
        if (&candidate == &mount)
            return true;
    }
    return false;
}

size_t Namespace::mount_count() const
{
    SpinlockGuard guard(m_lock);
    return m_mounts.size() + 1;
}

size_t Namespace::list(RefPtr<Mount>* out, size_t capacity) const
{
    SpinlockGuard guard(m_lock);
    size_t count = 0;
    if (count < capacity)
        out[count] = m_root;
    ++count;
    for (Mount& mount : m_mounts) {
        if (count < capacity)
            out[count] = RefPtr<Mount>(&mount);
        ++count;
    }
    return count;
}

Result<void> Namespace::mount(const Location& at, NonnullRefPtr<Dentry> root, Perm perms, RefPtr<Mount>* made)
{
    if (!at.is_valid())
        return Error::InvalidArgument;
    auto* mount = new (std::nothrow) Mount(at.mount, at.dentry, static_cast<NonnullRefPtr<Dentry>&&>(root), perms);
    if (!mount)
        return Error::NoMemory;
    // The caller's reference is taken before the lock and swapped in under it, so that
    // whatever `made` held is dropped only after the lock (with `result`).
    RefPtr<Mount> result = made ? RefPtr<Mount>(mount) : RefPtr<Mount>();
    SpinlockGuard guard(m_lock);
    bool parent_here = m_root == at.mount;
    for (Mount& candidate : m_mounts)
        parent_here |= &candidate == at.mount;
    if (!parent_here) {
        mount->unref();
        return Error::InvalidArgument; // the mountpoint was reached through another namespace
    }
    at.dentry->add_mount();
    m_mounts.push_back(*mount);
    if (made)
        std::swap(*made, result);
    return {};
}

Result<void> Namespace::unmount(Mount& mount)
{
    Mount* victim = nullptr;
    {
        SpinlockGuard guard(m_lock);
        if (m_root == &mount)
            return Error::Busy;
        for (Mount& candidate : m_mounts) {
            if (candidate.m_parent == &mount)
                return Error::Busy;
            if (&candidate == &mount)
                victim = &candidate;
        }
        if (!victim)
            return Error::NotFound;
        m_mounts.remove(*victim);
        victim->m_mountpoint->remove_mount();
    }
    victim->unref(); // outside the lock: it may free dentries and vnodes
    return {};
}

} // namespace ts::fs
