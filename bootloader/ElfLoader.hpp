// ElfLoader: places a validated kernel image in physical memory. Part of bootloader/;
// uses Firmware for the allocation and ElfValidator's layout for what goes where.
//
// The whole image, from its first page to its last, gets ONE contiguous physical run
// of OsMemoryType::KernelImage pages, so that virtual address V of the kernel lives at
// physical address kernel_phys + (V - kernel_virt). The kernel can then map itself with
// a single offset, and the final memory map shows the run as KernelImage.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ElfValidator.hpp"

namespace ts::loader {

struct LoadedKernel {
    uint64_t phys;   // first byte of the run (page aligned)
    uint64_t virt;   // layout.span_start
    uint64_t size;   // layout.span_end - layout.span_start
    uint64_t entry;
};

// Allocates the run, zeroes it (which also clears every .bss and the gaps between
// segments), and copies each segment's file bytes to its place. Out of memory is fatal.
LoadedKernel load_kernel(const uint8_t* file, const KernelLayout& layout);

} // namespace ts::loader
