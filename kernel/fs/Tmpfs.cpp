// Tmpfs (see Tmpfs.hpp).
#include "Tmpfs.hpp"

#include <lib/Atomic.hpp>
#include <lib/TryNew.hpp>

#include "DirectoryEntries.hpp"
#include "File.hpp"
#include "Superblock.hpp"

namespace ts::fs::tmpfs {

namespace {

constexpr size_t PAGE = 4096;

Atomic<uint64_t> g_vnodes { 0 };
Atomic<uint64_t> g_pages { 0 };

class TmpfsSuperblock final : public Superblock {
public:
    TmpfsSuperblock() : Superblock("tmpfs", true) {}
};

class TmpfsVnode : public Vnode {
public:
    ~TmpfsVnode() override { g_vnodes.fetch_sub(1); }
    // Names referring to this vnode (hard links).
    Atomic<uint32_t> links { 0 };

protected:
    TmpfsVnode(Superblock& superblock, VnodeKind kind) : Vnode(superblock, kind) { g_vnodes.fetch_add(1); }
};

class TmpfsFile final : public TmpfsVnode {
public:
    explicit TmpfsFile(Superblock& superblock) : TmpfsVnode(superblock, VnodeKind::File) {}
    ~TmpfsFile() override TS_NO_THREAD_SAFETY_ANALYSIS
    {
        free_pages_from(0);
        delete[] m_pages;
    }

    Result<size_t> read(File&, uint64_t offset, void* buffer, size_t size) override
    {
        MutexGuard guard(m_lock);
        if (offset >= m_size)
            return size_t(0);
        if (size > m_size - offset)
            size = static_cast<size_t>(m_size - offset);
        auto* out = static_cast<uint8_t*>(buffer);
        size_t done = 0;
        while (done < size) {
            uint64_t at = offset + done;
            size_t slot = static_cast<size_t>(at / PAGE);
            size_t within = static_cast<size_t>(at % PAGE);
            size_t chunk = PAGE - within < size - done ? PAGE - within : size - done;
            uint8_t* page = slot < m_slots ? m_pages[slot] : nullptr;
            for (size_t i = 0; i < chunk; ++i)
                out[done + i] = page ? page[within + i] : 0;
            done += chunk;
        }
        return done;
    }

    Result<size_t> write(File& file, uint64_t offset, const void* buffer, size_t size) override
    {
        MutexGuard guard(m_lock);
        if (has(file.flags(), OpenFlag::Append))
            offset = m_size;
        if (offset > MAX_FILE_SIZE || size > MAX_FILE_SIZE - offset)
            return Error::TooBig;
        uint64_t end = offset + size;
        TRY(reserve_slots(static_cast<size_t>((end + PAGE - 1) / PAGE)));
        auto* in = static_cast<const uint8_t*>(buffer);
        size_t done = 0;
        while (done < size) {
            uint64_t at = offset + done;
            size_t slot = static_cast<size_t>(at / PAGE);
            size_t within = static_cast<size_t>(at % PAGE);
            size_t chunk = PAGE - within < size - done ? PAGE - within : size - done;
            if (!m_pages[slot]) {
                auto* page = new (std::nothrow) uint8_t[PAGE];
                if (!page)
                    break; // a short write; nothing written is lost
                for (size_t i = 0; i < PAGE; ++i)
                    page[i] = 0;
                m_pages[slot] = page;
                g_pages.fetch_add(1);
            }
            for (size_t i = 0; i < chunk; ++i)
                m_pages[slot][within + i] = in[done + i];
            done += chunk;
        }
        if (done == 0 && size > 0)
            return Error::NoMemory;
        if (offset + done > m_size)
            m_size = offset + done;
        return done;
    }

    Result<void> truncate(uint64_t size) override
    {
        if (size > MAX_FILE_SIZE)
            return Error::TooBig;
        MutexGuard guard(m_lock);
        if (size < m_size) {
            // Whole pages past the end go; the tail of the last page is zeroed so that a
            // later extension reads zeros there.
            size_t keep = static_cast<size_t>((size + PAGE - 1) / PAGE);
            free_pages_from(keep);
            if (size % PAGE && keep - 1 < m_slots && m_pages[keep - 1]) {
                for (size_t i = size % PAGE; i < PAGE; ++i)
                    m_pages[keep - 1][i] = 0;
            }
        }
        m_size = size;
        return {};
    }

    Stat stat() override
    {
        Stat result = Vnode::stat();
        MutexGuard guard(m_lock);
        result.size = m_size;
        result.link_count = links.load();
        return result;
    }

private:
    Result<void> reserve_slots(size_t needed) TS_REQUIRES(m_lock)
    {
        if (needed <= m_slots)
            return {};
        size_t capacity = m_slots ? m_slots : 4;
        while (capacity < needed)
            capacity *= 2;
        auto** pages = new (std::nothrow) uint8_t*[capacity];
        if (!pages)
            return Error::NoMemory;
        for (size_t i = 0; i < capacity; ++i)
            pages[i] = i < m_slots ? m_pages[i] : nullptr;
        delete[] m_pages;
        m_pages = pages;
        m_slots = capacity;
        return {};
    }

    void free_pages_from(size_t first) TS_REQUIRES(m_lock)
    {
        for (size_t i = first; i < m_slots; ++i) {
            if (m_pages[i]) {
                delete[] m_pages[i];
                m_pages[i] = nullptr;
                g_pages.fetch_sub(1);
            }
        }
    }

    Mutex m_lock;
    uint64_t m_size TS_GUARDED_BY(m_lock) { 0 };
    uint8_t** m_pages TS_GUARDED_BY(m_lock) { nullptr };
    size_t m_slots TS_GUARDED_BY(m_lock) { 0 };
};

class TmpfsSymlink final : public TmpfsVnode {
public:
    TmpfsSymlink(Superblock& superblock, char* target, size_t length)
        : TmpfsVnode(superblock, VnodeKind::Symlink), m_target(target), m_length(length)
    {
    }
    ~TmpfsSymlink() override { delete[] m_target; }

    Result<size_t> read_link(char* buffer, size_t size) override
    {
        size_t length = m_length < size ? m_length : size;
        for (size_t i = 0; i < length; ++i)
            buffer[i] = m_target[i];
        return length;
    }
    Stat stat() override
    {
        Stat result = Vnode::stat();
        result.size = m_length;
        result.link_count = links.load();
        return result;
    }

private:
    char* m_target; // constant after creation
    size_t m_length;
};

class TmpfsDirectory final : public TmpfsVnode {
public:
    explicit TmpfsDirectory(Superblock& superblock) : TmpfsVnode(superblock, VnodeKind::Directory) {}

    // A directory whose last reference goes takes its subtree with it. Subdirectories
    // that die too are queued and emptied here, one after another, instead of each
    // destructor destroying its own children: a deep tree would otherwise recurse once per
    // level (an unmounted instance, or the files of a process that exits).
    ~TmpfsDirectory() override TS_NO_THREAD_SAFETY_ANALYSIS
    {
        TmpfsDirectory* doomed = nullptr;
        auto drain = [&doomed](DirectoryEntries& entries) {
            while (auto* entry = entries.first()) {
                Vnode* child = entry->vnode.ptr();
                child->ref(); // keep it across the entry's removal
                entries.remove(*entry);
                if (!child->is_directory()) {
                    child->unref();
                } else if (child->release_ref()) {
                    auto* directory = static_cast<TmpfsDirectory*>(child);
                    directory->m_next_doomed = doomed;
                    doomed = directory;
                }
            }
        };
        drain(m_entries);
        while (doomed) {
            TmpfsDirectory* directory = doomed;
            doomed = directory->m_next_doomed;
            drain(directory->m_entries);
            delete directory; // now empty: its own destructor has nothing to drain
        }
    }

    Result<NonnullRefPtr<Vnode>> lookup_locked(StringView name) override
    {
        auto* entry = m_entries.find(name);
        if (!entry)
            return Error::NotFound;
        return entry->vnode;
    }

    Result<NonnullRefPtr<Vnode>> create_locked(StringView name, VnodeKind kind) override
    {
        if (m_removed)
            return Error::NotFound;
        TmpfsVnode* vnode;
        if (kind == VnodeKind::Directory)
            vnode = try_new<TmpfsDirectory>(superblock());
        else if (kind == VnodeKind::File)
            vnode = try_new<TmpfsFile>(superblock());
        else
            return Error::InvalidArgument;
        if (!vnode)
            return Error::NoMemory;
        auto owned = adopt_ref(*vnode);
        TRY(add_entry(name, *vnode));
        return NonnullRefPtr<Vnode>(*vnode);
    }

    Result<NonnullRefPtr<Vnode>> symlink_locked(StringView name, StringView target) override
    {
        if (m_removed)
            return Error::NotFound;
        auto* text = new (std::nothrow) char[target.size()];
        if (!text)
            return Error::NoMemory;
        for (size_t i = 0; i < target.size(); ++i)
            text[i] = target[i];
        auto* link = try_new<TmpfsSymlink>(superblock(), text, target.size());
        if (!link) {
            delete[] text;
            return Error::NoMemory;
        }
        auto owned = adopt_ref(*link);
        TRY(add_entry(name, *link));
        return NonnullRefPtr<Vnode>(*link);
    }

    Result<void> link_locked(StringView name, Vnode& target) override
    {
        if (m_removed)
            return Error::NotFound;
        if (&target.superblock() != &superblock() || target.is_directory())
            return Error::CrossDevice;
        return add_entry(name, static_cast<TmpfsVnode&>(target));
    }

    Result<void> unlink_locked(StringView name, Vnode& child) override
    {
        auto* entry = m_entries.find(name);
        if (!entry || entry->vnode.ptr() != &child)
            return Error::NotFound;
        drop_entry(m_entries, *entry);
        return {};
    }

    Result<void> rename_locked(StringView old_name, Vnode& new_dir_vnode, StringView new_name) override
    {
        auto& new_dir = static_cast<TmpfsDirectory&>(new_dir_vnode);
        if (new_dir.m_removed)
            return Error::NotFound;
        auto* entry = m_entries.find(old_name);
        if (!entry)
            return Error::NotFound;
        if (auto* replaced = new_dir.m_entries.find(new_name); replaced && replaced != entry)
            drop_entry(new_dir.m_entries, *replaced);
        return m_entries.move(*entry, new_dir.m_entries, new_name);
    }

    Result<bool> read_entry_locked(StringView after, DirEntry& out) override
    {
        auto* entry = m_entries.first_after(after);
        if (!entry)
            return false;
        DirectoryEntries::describe(*entry, out);
        return true;
    }

    bool is_empty_locked() override { return m_entries.is_empty(); }

    Stat stat() override
    {
        Stat result = Vnode::stat();
        MutexGuard guard(dir_lock());
        result.size = m_entries.size();
        return result;
    }

private:
    Result<void> add_entry(StringView name, TmpfsVnode& vnode)
    {
        TRY(m_entries.add(name, vnode));
        vnode.links.fetch_add(1);
        return {};
    }

    static void drop_entry(DirectoryEntries& entries, DirectoryEntries::Entry& entry)
    {
        auto& vnode = static_cast<TmpfsVnode&>(*entry.vnode);
        vnode.links.fetch_sub(1);
        if (vnode.is_directory())
            static_cast<TmpfsDirectory&>(vnode).m_removed = true;
        entries.remove(entry);
    }

    // Under dir_lock() (the VFS holds it around every _locked call).
    DirectoryEntries m_entries;
    bool m_removed { false }; // unlinked from its parent: nothing may be created in it
    TmpfsDirectory* m_next_doomed { nullptr }; // the destructor's work list
};

} // namespace

Result<NonnullRefPtr<Dentry>> create()
{
    auto* superblock = try_new<TmpfsSuperblock>();
    if (!superblock)
        return Error::NoMemory;
    auto owned_superblock = adopt_ref(*superblock);
    auto* root = try_new<TmpfsDirectory>(*superblock);
    if (!root)
        return Error::NoMemory;
    auto owned_root = adopt_ref(*root);
    root->links.store(1);
    return dcache().make_root(*root);
}

Stats stats()
{
    return { g_vnodes.load(), g_pages.load() };
}

} // namespace ts::fs::tmpfs
