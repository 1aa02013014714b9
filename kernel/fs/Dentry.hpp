// Dentry and DentryCache: the names the VFS has already resolved.
// Layer: fs (lib, sched locks, Vnode).
//
// A dentry is one (parent, name) -> vnode step of some path: "etc" inside "/", "motd"
// inside "/etc". Positive dentries name a vnode; negative ones remember that a name does
// not exist, so a repeated failing lookup costs a hash probe instead of a file-system
// call. Mounts are attached to dentries, and open files and working directories hold the
// dentry they were reached through, which is how ".." and mount crossings work without
// asking the file system.
//
// The cache is one hash table keyed by (parent dentry, name) behind one spinlock, plus an
// LRU list of every hashed dentry. When the table holds more than its capacity, the
// least recently used dentries that nobody but the cache references are evicted; dentries
// in use (open, a working directory, a mountpoint, a cached child's parent) never are.
// Rules:
//   - A hashed dentry carries one reference owned by the table; lookup() hands out new
//     references only under the cache lock, so "count == 1" under the lock means unused
//     and the dentry may be evicted.
//   - A dentry's parent, name and vnode change only under the cache lock (rename moves a
//     dentry, create turns a negative one positive, unlink turns it negative); readers
//     copy them out under the lock (parent(), vnode(), copy_name()).
//   - Structural changes (create, unlink, rename) also hold the parent directory's
//     dir_lock, which is what makes "look up, then change" atomic; the cache lock only
//     keeps the table itself consistent.
//   - A child holds a reference on its parent, so a cached path keeps its ancestors.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Atomic.hpp>
#include <lib/IntrusiveList.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>
#include <sched/Spinlock.hpp>

#include "Vnode.hpp"

namespace ts::fs {

class DentryCache;

class Dentry : public RefCounted<Dentry> {
public:
    ~Dentry();

    // Snapshots taken under the cache lock.
    RefPtr<Dentry> parent() const;
    RefPtr<Vnode> vnode() const;
    // Copies the name (NUL-terminated, truncated to size); returns its length.
    size_t copy_name(char* buffer, size_t size) const;

    Superblock& superblock() const { return *m_superblock; }
    bool is_root() const { return m_is_root; }
    bool is_hashed() const;

    // How many mounts (in any namespace) sit on this dentry: the walk only consults a
    // namespace's mount table when this is non-zero.
    uint32_t mount_count() const { return m_mount_count.load(MemoryOrder::Acquire); }
    void add_mount() { m_mount_count.fetch_add(1); }
    void remove_mount() { m_mount_count.fetch_sub(1); }

private:
    friend class DentryCache;
    template<typename U, typename... Args>
    friend U* ::ts::try_new(Args&&...);
    Dentry(DentryCache& cache, Superblock& superblock) : m_cache(cache), m_superblock(superblock) {}

    DentryCache& m_cache;

    // All under the cache lock.
    RefPtr<Dentry> m_parent;
    char* m_name { nullptr };
    uint32_t m_name_length { 0 };
    uint32_t m_hash { 0 };
    RefPtr<Vnode> m_vnode;
    ListNode m_hash_node;
    ListNode m_lru_node;
    bool m_hashed { false };

    NonnullRefPtr<Superblock> m_superblock;
    bool m_is_root { false };
    Atomic<uint32_t> m_mount_count { 0 };
};

struct DentryCacheStats {
    size_t entries;   // hashed dentries
    size_t negative;  // of which negative
    size_t hits;
    size_t misses;
    size_t evictions;
};

class DentryCache {
public:
    // `bucket_count` must be a power of two; `capacity` is the number of hashed
    // dentries above which unused ones are evicted.
    DentryCache(size_t bucket_count, size_t capacity);
    ~DentryCache();
    Result<void> init();

    // The root dentry of a file system instance (never hashed, no parent).
    Result<NonnullRefPtr<Dentry>> make_root(Vnode& root);

    // A negative dentry under `parent` that is not in the table (for file systems that do
    // not cache negative entries): create() replaces it with a hashed positive one.
    Result<NonnullRefPtr<Dentry>> make_unhashed(Dentry& parent, StringView name);
    // The cached dentry for (parent, name), positive or negative, or null.
    RefPtr<Dentry> lookup(Dentry& parent, StringView name);
    // Caches (parent, name) -> vnode (null: negative). The caller holds the parent's
    // dir_lock, so no other thread inserts the same name meanwhile; if an entry exists
    // it is updated and returned instead.
    Result<NonnullRefPtr<Dentry>> insert(Dentry& parent, StringView name, Vnode* vnode);
    // A negative dentry becomes positive or the reverse (create, unlink).
    void set_vnode(Dentry& dentry, Vnode* vnode);
    // Drops the entry from the table: later lookups miss. Holders keep their reference.
    void unhash(Dentry& dentry);
    // Moves a dentry to (new_parent, new_name) (rename), dropping any entry there.
    Result<void> move(Dentry& dentry, Dentry& new_parent, StringView new_name);
    // Drops every cached entry (parent, name) whose parent currently names `directory`
    // (for file systems that change behind the VFS's back; O(table)).
    void invalidate(Vnode& directory, StringView name);
    // Evicts unused dentries until at most `keep` remain unused; returns how many went.
    size_t shrink(size_t keep);

    DentryCacheStats stats() const;

    static uint32_t hash_name(const Dentry* parent, StringView name);

private:
    using Bucket = IntrusiveList<Dentry, &Dentry::m_hash_node>;
    Bucket& bucket_for(uint32_t hash) TS_REQUIRES(m_lock) { return m_buckets[hash & (m_bucket_count - 1)]; }
    Dentry* find_locked(Dentry& parent, StringView name, uint32_t hash) TS_REQUIRES(m_lock);
    void unhash_locked(Dentry& dentry, RefPtr<Dentry>& release) TS_REQUIRES(m_lock);
    void touch_locked(Dentry& dentry) TS_REQUIRES(m_lock);
    size_t evict_locked(size_t keep, RefPtr<Dentry>* release, size_t release_capacity) TS_REQUIRES(m_lock);
    void trim();

    friend class Dentry;

    mutable Spinlock m_lock { LockRank::DentryCache };
    Bucket* m_buckets TS_GUARDED_BY(m_lock) { nullptr };
    size_t m_bucket_count;
    size_t m_capacity;
    IntrusiveList<Dentry, &Dentry::m_lru_node> m_lru TS_GUARDED_BY(m_lock);
    size_t m_entries TS_GUARDED_BY(m_lock) { 0 };
    size_t m_negative TS_GUARDED_BY(m_lock) { 0 };
    size_t m_hits TS_GUARDED_BY(m_lock) { 0 };
    size_t m_misses TS_GUARDED_BY(m_lock) { 0 };
    size_t m_evictions TS_GUARDED_BY(m_lock) { 0 };
};

// The kernel's one cache (created by vfs_init, or on first use in host tests).
DentryCache& dcache();

} // namespace ts::fs
