// File: an open file (see File.hpp).
#include "File.hpp"

#include <lib/TryNew.hpp>

namespace ts::fs {

File::File(Location location, NonnullRefPtr<Vnode> vnode, Perm perms, OpenFlag flags)
    : m_location(static_cast<Location&&>(location)), m_vnode(static_cast<NonnullRefPtr<Vnode>&&>(vnode)), m_perms(perms), m_flags(flags)
{
}

Result<NonnullRefPtr<File>> File::open(Location location, NonnullRefPtr<Vnode> vnode, Perm perms, OpenFlag flags)
{
    auto* file = try_new<File>(static_cast<Location&&>(location), static_cast<NonnullRefPtr<Vnode>&&>(vnode), perms, flags);
    if (!file)
        return Error::NoMemory;
    auto owned = adopt_ref(*file);
    TRY(file->m_vnode->open(*file));
    file->m_opened = true;
    return owned;
}

File::~File() TS_NO_THREAD_SAFETY_ANALYSIS
{
    if (m_opened)
        m_vnode->close(*this);
    delete[] m_dir_cursor;
}

Result<size_t> File::read_at(uint64_t offset, void* buffer, size_t size)
{
    if (!has(m_perms, Perm::Read))
        return Error::Permission;
    if (m_vnode->is_directory())
        return Error::IsDirectory;
    return m_vnode->read(*this, offset, buffer, size);
}

Result<size_t> File::write_at(uint64_t offset, const void* buffer, size_t size)
{
    if (!has(m_perms, Perm::Write))
        return Error::Permission;
    if (m_vnode->is_directory())
        return Error::IsDirectory;
    return m_vnode->write(*this, offset, buffer, size);
}

Result<size_t> File::read(void* buffer, size_t size)
{
    if (m_vnode->is_stream())
        return read_at(0, buffer, size); // streams may block: no file lock held
    MutexGuard guard(m_lock);
    size_t done = TRY(read_at(m_offset, buffer, size));
    m_offset += done;
    return done;
}

Result<size_t> File::write(const void* buffer, size_t size)
{
    if (m_vnode->is_stream())
        return write_at(0, buffer, size);
    MutexGuard guard(m_lock);
    // With :append the file system writes at its end; the offset follows.
    size_t done = TRY(write_at(m_offset, buffer, size));
    if (has(m_flags, OpenFlag::Append))
        m_offset = m_vnode->stat().size;
    else
        m_offset += done;
    return done;
}

Result<size_t> File::pread(uint64_t offset, void* buffer, size_t size)
{
    return read_at(offset, buffer, size);
}

Result<size_t> File::pwrite(uint64_t offset, const void* buffer, size_t size)
{
    return write_at(offset, buffer, size);
}

Result<uint64_t> File::seek(int64_t offset, SeekFrom from)
{
    if (m_vnode->is_stream())
        return Error::NotSupported;
    MutexGuard guard(m_lock);
    int64_t base = 0;
    switch (from) {
    case SeekFrom::Start: base = 0; break;
    case SeekFrom::Current: base = static_cast<int64_t>(m_offset); break;
    case SeekFrom::End: base = static_cast<int64_t>(m_vnode->stat().size); break;
    }
    int64_t target;
    if (__builtin_add_overflow(base, offset, &target) || target < 0)
        return Error::InvalidArgument;
    m_offset = static_cast<uint64_t>(target);
    return m_offset;
}

uint64_t File::offset()
{
    MutexGuard guard(m_lock);
    return m_offset;
}

Result<void> File::truncate(uint64_t size)
{
    if (!has(m_perms, Perm::Write))
        return Error::Permission;
    return m_vnode->truncate(size);
}

Result<bool> File::read_dir(DirEntry& entry)
{
    if (!m_vnode->is_directory())
        return Error::NotDirectory;
    if (!has(m_perms, Perm::Read))
        return Error::Permission;
    MutexGuard guard(m_lock);
    bool found;
    {
        MutexGuard dir_guard(m_vnode->dir_lock());
        found = TRY(m_vnode->read_entry_locked(StringView(m_dir_cursor), entry));
    }
    if (!found)
        return false;
    if (!m_dir_cursor) {
        m_dir_cursor = new (std::nothrow) char[MAX_NAME_LENGTH + 1];
        if (!m_dir_cursor)
            return Error::NoMemory;
    }
    copy_string(m_dir_cursor, MAX_NAME_LENGTH + 1, StringView(entry.name));
    return true;
}

} // namespace ts::fs
