// Synthetic: the building blocks of file systems whose contents the kernel makes up
// (devfs, sysfs, later /proc). Layer: fs.
//
// A SyntheticDirectory holds entries that kernel code publishes; user space cannot create
// or remove anything in it. A HandlerFile's contents come from a read handler, run once
// per open into a snapshot (so a reader sees one consistent text however it splits its
// reads), and each write() is handed whole to a write handler (a ctl command). Their
// superblocks keep no negative dentries, because entries appear without the VFS seeing.
#pragma once

#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "Dentry.hpp"
#include "DirectoryEntries.hpp"
#include "Superblock.hpp"
#include "TextBuffer.hpp"
#include "Vnode.hpp"

namespace ts::fs {

class SyntheticDirectory final : public Vnode {
public:
    explicit SyntheticDirectory(Superblock& superblock) : Vnode(superblock, VnodeKind::Directory, Perm::Read | Perm::Execute) {}

    // Adds `name` -> vnode; Error::Exists if taken.
    Result<void> publish(StringView name, Vnode& vnode);
    // Removes `name` and drops it from the dentry cache.
    Result<void> unpublish(StringView name);
    // The directory `name`, created if missing.
    Result<NonnullRefPtr<SyntheticDirectory>> subdirectory(StringView name);

    Result<NonnullRefPtr<Vnode>> lookup_locked(StringView name) override;
    Result<bool> read_entry_locked(StringView after, DirEntry& entry) override;
    bool is_empty_locked() override { return m_entries.is_empty(); }

private:
    DirectoryEntries m_entries; // under dir_lock()
};

class SyntheticSuperblock final : public Superblock {
public:
    explicit SyntheticSuperblock(const char* type_name) : Superblock(type_name, false) {}
};

// A synthetic file system instance: its root directory and the root's dentry.
struct SyntheticFs {
    NonnullRefPtr<Dentry> root_dentry;
    NonnullRefPtr<SyntheticDirectory> root;
};
Result<SyntheticFs> create_synthetic(const char* type_name);

// Publishes `vnode` at `path` below `root` ("cpu/0/busy"), creating directories on the way.
Result<void> publish_at(SyntheticDirectory& root, StringView path, Vnode& vnode);

using ReadHandler = Result<void> (*)(void* context, TextBuffer& out);
using WriteHandler = Result<void> (*)(void* context, StringView text);

class HandlerFile final : public Vnode {
public:
    // A file readable when `read` is set and writable when `write` is.
    HandlerFile(Superblock& superblock, ReadHandler read, WriteHandler write, void* context);

    Result<void> open(File& file) override;
    void close(File& file) override;
    Result<size_t> read(File& file, uint64_t offset, void* buffer, size_t size) override;
    Result<size_t> write(File& file, uint64_t offset, const void* buffer, size_t size) override;
    Result<void> truncate(uint64_t) override { return {}; } // ":truncate" on a ctl file is harmless
    Stat stat() override;

private:
    ReadHandler m_read;
    WriteHandler m_write;
    void* m_context;
};

} // namespace ts::fs
