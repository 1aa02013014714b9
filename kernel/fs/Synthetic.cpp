// Synthetic directories and handler files (see Synthetic.hpp).
#include "Synthetic.hpp"

#include <lib/TryNew.hpp>

#include "File.hpp"
#include "Path.hpp"

namespace ts::fs {

Result<void> SyntheticDirectory::publish(StringView name, Vnode& vnode)
{
    TRY(validate_name(name));
    MutexGuard guard(dir_lock());
    return m_entries.add(name, vnode);
}

Result<void> SyntheticDirectory::unpublish(StringView name)
{
    {
        MutexGuard guard(dir_lock());
        auto* entry = m_entries.find(name);
        if (!entry)
            return Error::NotFound;
        m_entries.remove(*entry);
    }
    dcache().invalidate(*this, name);
    return {};
}

Result<NonnullRefPtr<SyntheticDirectory>> SyntheticDirectory::subdirectory(StringView name)
{
    TRY(validate_name(name));
    MutexGuard guard(dir_lock());
    if (auto* entry = m_entries.find(name)) {
        if (!entry->vnode->is_directory())
            return Error::NotDirectory;
        return NonnullRefPtr<SyntheticDirectory>(static_cast<SyntheticDirectory&>(*entry->vnode));
    }
    auto directory = TRY(make_ref<SyntheticDirectory>(superblock()));
    TRY(m_entries.add(name, *directory));
    return directory;
}

Result<NonnullRefPtr<Vnode>> SyntheticDirectory::lookup_locked(StringView name)
{
    auto* entry = m_entries.find(name);
    if (!entry)
        return Error::NotFound;
    return entry->vnode;
}

Result<bool> SyntheticDirectory::read_entry_locked(StringView after, DirEntry& out)
{
    auto* entry = m_entries.first_after(after);
    if (!entry)
        return false;
    DirectoryEntries::describe(*entry, out);
    return true;
}

Result<SyntheticFs> create_synthetic(const char* type_name)
{
    auto superblock = TRY(make_ref<SyntheticSuperblock>(type_name));
    auto root = TRY(make_ref<SyntheticDirectory>(*superblock));
    auto dentry = TRY(dcache().make_root(*root));
    return SyntheticFs { dentry, root };
}

Result<void> publish_at(SyntheticDirectory& root, StringView path, Vnode& vnode)
{
    PathComponents components(path);
    NonnullRefPtr<SyntheticDirectory> directory(root);
    StringView name;
    while (components.next(name)) {
        if (components.is_last())
            return directory->publish(name, vnode);
        directory = TRY(directory->subdirectory(name));
    }
    return Error::InvalidArgument; // an empty path
}

HandlerFile::HandlerFile(Superblock& superblock, ReadHandler read, WriteHandler write, void* context)
    : Vnode(superblock, VnodeKind::File, (read ? Perm::Read : Perm::None) | (write ? Perm::Write : Perm::None)),
      m_read(read), m_write(write), m_context(context)
{
}

Result<void> HandlerFile::open(File& file)
{
    if (!has(file.perms(), Perm::Read) || !m_read)
        return {};
    auto* snapshot = try_new<TextBuffer>();
    if (!snapshot)
        return Error::NoMemory;
    auto result = m_read(m_context, *snapshot);
    if (result.is_ok())
        result = snapshot->status();
    if (result.is_error()) {
        delete snapshot;
        return result.error();
    }
    file.private_data = snapshot;
    return {};
}

void HandlerFile::close(File& file)
{
    delete static_cast<TextBuffer*>(file.private_data);
    file.private_data = nullptr;
}

Result<size_t> HandlerFile::read(File& file, uint64_t offset, void* buffer, size_t size)
{
    auto* snapshot = static_cast<TextBuffer*>(file.private_data);
    if (!snapshot)
        return Error::Permission;
    if (offset >= snapshot->size())
        return size_t(0);
    size_t count = snapshot->size() - offset < size ? snapshot->size() - offset : size;
    auto* out = static_cast<uint8_t*>(buffer);
    for (size_t i = 0; i < count; ++i)
        out[i] = snapshot->data()[offset + i];
    return count;
}

Result<size_t> HandlerFile::write(File&, uint64_t, const void* buffer, size_t size)
{
    if (!m_write)
        return Error::Permission;
    TRY(m_write(m_context, StringView(static_cast<const char*>(buffer), size)));
    return size;
}

Stat HandlerFile::stat()
{
    return Vnode::stat(); // size 0: the contents exist only once opened
}

} // namespace ts::fs
