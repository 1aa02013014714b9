// SharedMemory: /dev/shmem/new. Each open makes a new shared-memory object; mmap of that
// file maps its pages shared, so every process holding the file (inherited at spawn,
// passed with share/claim) sees the same bytes. Pages come on first map, zeroed, up to
// SHMEM_MAX_PAGES, and go when the last file and the last mapping are gone.
// Layer: ipc (on mm and fs).
#pragma once

#include <cstdint>

#include <lib/Result.hpp>

namespace ts::ipc {

inline constexpr uint64_t SHMEM_MAX_PAGES = 65536; // 256 MiB

Result<void> shared_memory_init();
// Shared-memory objects alive (for tests).
uint64_t live_shared_memory();

} // namespace ts::ipc
