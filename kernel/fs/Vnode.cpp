// Vnode defaults (see Vnode.hpp) and Superblock identity.
#include "Vnode.hpp"

#include <mm/MemoryObject.hpp>

#include <lib/Atomic.hpp>

#include "File.hpp"
#include "Superblock.hpp"

namespace ts::fs {

const char* kind_name(VnodeKind kind)
{
    switch (kind) {
    case VnodeKind::File: return "file";
    case VnodeKind::Directory: return "directory";
    case VnodeKind::Symlink: return "symlink";
    case VnodeKind::Device: return "device";
    }
    return "unknown";
}

namespace {
Atomic<uint64_t> g_next_superblock_id { 0 };
}

Superblock::Superblock(const char* type_name, bool caches_negative)
    : m_type_name(type_name), m_id(g_next_superblock_id.fetch_add(1) + 1), m_caches_negative(caches_negative)
{
}

Vnode::Vnode(Superblock& superblock, VnodeKind kind, Perm max_perms)
    : m_superblock(superblock), m_kind(kind), m_max_perms(max_perms), m_ino(superblock.allocate_ino())
{
}

Vnode::~Vnode() = default;

Result<NonnullRefPtr<Vnode>> Vnode::lookup_locked(StringView)
{
    return is_directory() ? Error::NotFound : Error::NotDirectory;
}

Result<NonnullRefPtr<Vnode>> Vnode::create_locked(StringView, VnodeKind)
{
    return is_directory() ? Error::Permission : Error::NotDirectory;
}

Result<NonnullRefPtr<Vnode>> Vnode::symlink_locked(StringView, StringView)
{
    return is_directory() ? Error::Permission : Error::NotDirectory;
}

Result<void> Vnode::link_locked(StringView, Vnode&)
{
    return is_directory() ? Error::Permission : Error::NotDirectory;
}

Result<void> Vnode::unlink_locked(StringView, Vnode&)
{
    return is_directory() ? Error::Permission : Error::NotDirectory;
}

Result<void> Vnode::rename_locked(StringView, Vnode&, StringView)
{
    return is_directory() ? Error::Permission : Error::NotDirectory;
}

Result<bool> Vnode::read_entry_locked(StringView, DirEntry&)
{
    if (!is_directory())
        return Error::NotDirectory;
    return false;
}

bool Vnode::is_empty_locked()
{
    return true;
}

Result<size_t> Vnode::read_link(char*, size_t)
{
    return Error::InvalidArgument;
}

Result<void> Vnode::open(File&)
{
    return {};
}

Result<FilePair> Vnode::open_pair(const Location&, Perm, OpenFlag)
{
    return Error::NotSupported;
}

void Vnode::close(File&) {}

Result<size_t> Vnode::read(File&, uint64_t, void*, size_t)
{
    return is_directory() ? Error::IsDirectory : Error::NotSupported;
}

Result<size_t> Vnode::write(File&, uint64_t, const void*, size_t)
{
    return is_directory() ? Error::IsDirectory : Error::NotSupported;
}

Result<void> Vnode::truncate(uint64_t)
{
    // A device has no stored content: ":truncate" on it (a shell's `> /dev/...`) is a no-op.
    if (kind() == VnodeKind::Device)
        return {};
    return is_directory() ? Error::IsDirectory : Error::NotSupported;
}

uint32_t Vnode::poll(File&, PollTable*)
{
    return POLL_READ | POLL_WRITE;
}

Stat Vnode::stat()
{
    Stat result;
    result.ino = m_ino;
    result.superblock_id = m_superblock->id();
    result.kind = m_kind;
    result.link_count = 1;
    result.perms = m_max_perms;
    return result;
}

} // namespace ts::fs

namespace ts::fs {

Result<Vnode::MapSource> Vnode::map_source(File&)
{
    if (kind() != VnodeKind::File)
        return Error::NotSupported;
    MapSource source;
    source.private_copy = true;
    return source;
}

} // namespace ts::fs
