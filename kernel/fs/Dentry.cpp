// Dentry and DentryCache (see Dentry.hpp for the rules).
#include "Dentry.hpp"

#include <lib/TryNew.hpp>

#include "Superblock.hpp"

namespace ts::fs {

namespace {

// FNV-1a over the name, seeded with the parent's address so equal names in different
// directories land in different buckets.
uint32_t fnv1a(uint64_t seed, StringView name)
{
    uint32_t hash = 2166136261u;
    for (int i = 0; i < 8; ++i) {
        hash ^= static_cast<uint8_t>(seed >> (i * 8));
        hash *= 16777619u;
    }
    for (char c : name) {
        hash ^= static_cast<uint8_t>(c);
        hash *= 16777619u;
    }
    return hash;
}

char* copy_name_text(StringView name)
{
    char* text = new (std::nothrow) char[name.size() + 1];
    if (!text)
        return nullptr;
    for (size_t i = 0; i < name.size(); ++i)
        text[i] = name[i];
    text[name.size()] = '\0';
    return text;
}

} // namespace

Dentry::~Dentry()
{
    delete[] m_name;
    // Release the chain of parents in a loop: when this was the last reference to a long
    // path of removed directories, letting each destructor release its own parent would
    // recurse once per level and could overrun a kernel stack.
    Dentry* parent = m_parent.leak_ref();
    while (parent && parent->release_ref()) {
        Dentry* next = parent->m_parent.leak_ref();
        delete parent; // its parent pointer is already empty: no recursion
        parent = next;
    }
}

RefPtr<Dentry> Dentry::parent() const
{
    SpinlockGuard guard(m_cache.m_lock);
    return m_parent;
}

RefPtr<Vnode> Dentry::vnode() const
{
    SpinlockGuard guard(m_cache.m_lock);
    return m_vnode;
}

bool Dentry::is_hashed() const
{
    SpinlockGuard guard(m_cache.m_lock);
    return m_hashed;
}

size_t Dentry::copy_name(char* buffer, size_t size) const
{
    SpinlockGuard guard(m_cache.m_lock);
    return copy_string(buffer, size, StringView(m_name, m_name_length));
}

DentryCache::DentryCache(size_t bucket_count, size_t capacity) : m_bucket_count(bucket_count), m_capacity(capacity) {}

DentryCache::~DentryCache()
{
    shrink(0);
    delete[] m_buckets;
}

Result<void> DentryCache::init()
{
    if (m_bucket_count == 0 || (m_bucket_count & (m_bucket_count - 1)) != 0)
        return Error::InvalidArgument;
    auto* buckets = new (std::nothrow) Bucket[m_bucket_count];
    if (!buckets)
        return Error::NoMemory;
    SpinlockGuard guard(m_lock);
    m_buckets = buckets;
    return {};
}

uint32_t DentryCache::hash_name(const Dentry* parent, StringView name)
{
    return fnv1a(reinterpret_cast<uintptr_t>(parent), name);
}

Result<NonnullRefPtr<Dentry>> DentryCache::make_root(Vnode& root)
{
    auto* dentry = try_new<Dentry>(*this, root.superblock());
    if (!dentry)
        return Error::NoMemory;
    auto result = adopt_ref(*dentry);
    dentry->m_is_root = true;
    dentry->m_name = copy_name_text("/");
    if (!dentry->m_name)
        return Error::NoMemory;
    dentry->m_name_length = 1;
    dentry->m_vnode = &root;
    return result;
}

Result<NonnullRefPtr<Dentry>> DentryCache::make_unhashed(Dentry& parent, StringView name)
{
    auto* dentry = try_new<Dentry>(*this, parent.superblock());
    if (!dentry)
        return Error::NoMemory;
    auto owned = adopt_ref(*dentry);
    dentry->m_name = copy_name_text(name);
    if (!dentry->m_name)
        return Error::NoMemory;
    dentry->m_name_length = static_cast<uint32_t>(name.size());
    SpinlockGuard guard(m_lock);
    dentry->m_parent = &parent;
    return owned;
}

Dentry* DentryCache::find_locked(Dentry& parent, StringView name, uint32_t hash)
{
    for (Dentry& candidate : bucket_for(hash)) {
        if (candidate.m_hash == hash && candidate.m_parent == &parent
            && StringView(candidate.m_name, candidate.m_name_length) == name)
            return &candidate;
    }
    return nullptr;
}

void DentryCache::touch_locked(Dentry& dentry)
{
    m_lru.remove(dentry);
    m_lru.push_back(dentry);
}

RefPtr<Dentry> DentryCache::lookup(Dentry& parent, StringView name)
{
    uint32_t hash = hash_name(&parent, name);
    SpinlockGuard guard(m_lock);
    Dentry* found = m_buckets ? find_locked(parent, name, hash) : nullptr;
    if (!found) {
        ++m_misses;
        return nullptr;
    }
    ++m_hits;
    touch_locked(*found);
    return found;
}

Result<NonnullRefPtr<Dentry>> DentryCache::insert(Dentry& parent, StringView name, Vnode* vnode)
{
    // Allocate before taking the lock; the lock is a spinlock and allocation may be slow.
    auto* fresh = try_new<Dentry>(*this, parent.superblock());
    if (!fresh)
        return Error::NoMemory;
    auto owned = adopt_ref(*fresh);
    fresh->m_name = copy_name_text(name);
    if (!fresh->m_name)
        return Error::NoMemory;
    fresh->m_name_length = static_cast<uint32_t>(name.size());
    fresh->m_hash = hash_name(&parent, name);
    RefPtr<Vnode> old_vnode;
    {
        SpinlockGuard guard(m_lock);
        if (!m_buckets)
            return Error::NoMemory;
        if (Dentry* existing = find_locked(parent, name, fresh->m_hash)) {
            if ((existing->m_vnode == nullptr) != (vnode == nullptr))
                m_negative += vnode ? -1 : 1;
            old_vnode = existing->m_vnode;
            existing->m_vnode = vnode;
            touch_locked(*existing);
            return NonnullRefPtr<Dentry>(*existing);
        }
        fresh->m_parent = &parent;
        fresh->m_vnode = vnode;
        fresh->m_hashed = true;
        fresh->ref(); // the table's reference
        bucket_for(fresh->m_hash).push_back(*fresh);
        m_lru.push_back(*fresh);
        ++m_entries;
        if (!vnode)
            ++m_negative;
    }
    trim();
    return owned;
}

void DentryCache::set_vnode(Dentry& dentry, Vnode* vnode)
{
    RefPtr<Vnode> old;
    SpinlockGuard guard(m_lock);
    if (dentry.m_hashed && (dentry.m_vnode == nullptr) != (vnode == nullptr))
        m_negative += vnode ? -1 : 1;
    old = dentry.m_vnode; // released after the guard (declared first, destroyed last)
    dentry.m_vnode = vnode;
}

void DentryCache::unhash_locked(Dentry& dentry, RefPtr<Dentry>& release)
{
    if (!dentry.m_hashed)
        return;
    bucket_for(dentry.m_hash).remove(dentry);
    m_lru.remove(dentry);
    dentry.m_hashed = false;
    --m_entries;
    if (!dentry.m_vnode)
        --m_negative;
    // The table's reference: dropped by the caller once the lock is released, because the
    // last reference runs the destructor, which releases the parent in turn.
    release = adopt_ref(dentry);
}

void DentryCache::unhash(Dentry& dentry)
{
    RefPtr<Dentry> release;
    SpinlockGuard guard(m_lock);
    unhash_locked(dentry, release);
    // `release` is declared before the guard, so it is destroyed after the unlock.
}

Result<void> DentryCache::move(Dentry& dentry, Dentry& new_parent, StringView new_name)
{
    char* name = copy_name_text(new_name);
    if (!name)
        return Error::NoMemory;
    RefPtr<Dentry> release_target;
    RefPtr<Dentry> old_parent;
    char* old_name = nullptr;
    {
        SpinlockGuard guard(m_lock);
        uint32_t hash = hash_name(&new_parent, new_name);
        if (Dentry* target = find_locked(new_parent, new_name, hash); target && target != &dentry)
            unhash_locked(*target, release_target);
        if (dentry.m_hashed)
            bucket_for(dentry.m_hash).remove(dentry);
        old_parent = dentry.m_parent;
        dentry.m_parent = &new_parent;
        old_name = dentry.m_name;
        dentry.m_name = name;
        dentry.m_name_length = static_cast<uint32_t>(new_name.size());
        dentry.m_hash = hash;
        if (dentry.m_hashed)
            bucket_for(hash).push_back(dentry);
    }
    delete[] old_name;
    return {};
}

void DentryCache::invalidate(Vnode& directory, StringView name)
{
    constexpr size_t BATCH = 16;
    for (;;) {
        RefPtr<Dentry> release[BATCH];
        size_t count = 0;
        {
            SpinlockGuard guard(m_lock);
            for (Dentry& dentry : m_lru) {
                if (count == BATCH)
                    break;
                if (dentry.m_parent && dentry.m_parent->m_vnode == &directory
                    && StringView(dentry.m_name, dentry.m_name_length) == name)
                    release[count++] = &dentry; // unhashed below, outside the iteration
            }
            for (size_t i = 0; i < count; ++i) {
                RefPtr<Dentry> table_reference;
                unhash_locked(*release[i], table_reference);
                table_reference.clear(); // the extra reference in release[i] keeps it alive
            }
        }
        if (count < BATCH)
            return;
    }
}

size_t DentryCache::evict_locked(size_t keep, RefPtr<Dentry>* release, size_t release_capacity)
{
    size_t evicted = 0;
    size_t budget = m_entries; // visit each entry at most once per call
    Dentry* dentry = m_lru.front();
    while (dentry && budget-- > 0 && m_entries > keep && evicted < release_capacity) {
        Dentry* next = m_lru.next(*dentry);
        // Unused: only the table holds it. References are only created from the table
        // under this lock, so the count cannot rise behind our back.
        if (dentry->ref_count() == 1 && dentry->mount_count() == 0) {
            unhash_locked(*dentry, release[evicted]);
            ++evicted;
            ++m_evictions;
        }
        dentry = next;
    }
    return evicted;
}

void DentryCache::trim()
{
    constexpr size_t BATCH = 32;
    RefPtr<Dentry> release[BATCH];
    SpinlockGuard guard(m_lock);
    if (m_entries > m_capacity)
        evict_locked(m_capacity, release, BATCH);
}

size_t DentryCache::shrink(size_t keep)
{
    constexpr size_t BATCH = 64;
    size_t total = 0;
    for (;;) {
        size_t evicted;
        {
            RefPtr<Dentry> release[BATCH];
            {
                SpinlockGuard guard(m_lock);
                evicted = evict_locked(keep, release, BATCH);
            }
            // Dropping a child may leave its parent unused: the loop goes round again.
        }
        total += evicted;
        if (evicted == 0)
            return total;
    }
}

DentryCacheStats DentryCache::stats() const
{
    SpinlockGuard guard(m_lock);
    return { m_entries, m_negative, m_hits, m_misses, m_evictions };
}

DentryCache& dcache()
{
    // 16384 buckets (256 KiB) and room for 32768 cached names before eviction starts.
    static DentryCache cache(16384, 32768);
    static bool ready = cache.init().is_ok();
    (void)ready;
    return cache;
}

} // namespace ts::fs
