// VfsInit: the file-system tree the kernel boots with. Layer: fs.
//
//   /       tmpfs, filled from the initrd (an empty root if the archive is bad)
//   /dev    devfs          /sys    sysfs          /tmp    a directory of the root tmpfs
//
// The kernel namespace holds these mounts; processes start from copies of it.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Result.hpp>

#include "Vfs.hpp"

namespace ts::fs {

struct InitrdSummary;

// Builds the tree. Never fails on a bad archive (that is logged); fails only when memory
// for the basic objects is missing.
Result<void> vfs_init(const uint8_t* initrd, size_t initrd_size);
Namespace& kernel_namespace();
// A context at the kernel namespace's root with every permission.
PathContext kernel_context();

} // namespace ts::fs
