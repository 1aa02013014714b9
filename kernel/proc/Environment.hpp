// Environment: a process's environment variables as a directory, /proc/<pid>/env/, one
// file per variable: creating a file defines the variable, writing sets its value,
// reading returns it, removing it unsets it. Layer: proc (on fs).
//
// Values live in the kernel (at most MAX_VALUE bytes each, MAX_VARIABLES per process), so
// the environment exists before the process runs: a parent sets its suspended child's
// variables, and `start` lays them out as envp ("NAME=value") on the initial stack.
// Names are file names without '='. The directory's dir_lock guards the entries; each
// variable's value has its own lock.
#pragma once

#include <cstddef>

#include <fs/DirectoryEntries.hpp>
#include <fs/Superblock.hpp>
#include <fs/Vnode.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>

namespace ts::proc {

inline constexpr size_t MAX_VALUE = 4096;
inline constexpr size_t MAX_VARIABLES = 256;

class Environment final : public fs::Vnode {
public:
    explicit Environment(fs::Superblock& superblock);

    // Kernel-side access (spawn's inheritance, init).
    Result<void> set(StringView name, StringView value);
    // Copies every variable of `other` into this (empty) environment.
    Result<void> copy_from(Environment& other);
    // Writes "NAME=value\0" strings into `storage` and their addresses into `pointers`;
    // returns how many. TooBig if they do not fit.
    Result<size_t> flatten(char* storage, size_t capacity, const char** pointers, size_t max_pointers);

    Result<NonnullRefPtr<fs::Vnode>> lookup_locked(StringView name) override;
    Result<NonnullRefPtr<fs::Vnode>> create_locked(StringView name, fs::VnodeKind kind) override;
    Result<void> unlink_locked(StringView name, fs::Vnode& child) override;
    Result<bool> read_entry_locked(StringView after, fs::DirEntry& entry) override;
    bool is_empty_locked() override { return m_entries.is_empty(); }

private:
    fs::DirectoryEntries m_entries; // under dir_lock()
};

// The superblock all environments share (the kind "procenv").
fs::Superblock& environment_superblock();

} // namespace ts::proc
