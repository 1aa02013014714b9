// Tmpfs: a file system kept entirely in kernel memory; the root file system (filled from
// the initrd at boot) and /tmp. Layer: fs.
//
// Directories keep their entries in a red-black tree ordered by name bytes, which gives
// O(log n) lookup and a listing that can resume after any name (Vnode::read_entry_locked).
// File data lives in 4 KiB pages allocated on first write; pages never written read as
// zeros, so a file truncated to 1 GiB costs nothing until it is written. Hard links are
// counted per file; directories cannot be linked.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>

#include "Dentry.hpp"

namespace ts::fs::tmpfs {

inline constexpr uint64_t MAX_FILE_SIZE = uint64_t(1) << 30;

// A new, empty instance; returns its root dentry (mount it, or use it as a root).
Result<NonnullRefPtr<Dentry>> create();

struct Stats {
    uint64_t files;     // vnodes alive, all instances
    uint64_t data_pages;
};
Stats stats();

} // namespace ts::fs::tmpfs
