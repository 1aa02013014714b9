// ElfLoader: places a validated kernel image in physical memory. Part of bootloader/;
// uses Firmware for the allocation and the layout from kernel/lib's ElfValidator for
// what goes where.
//
// The whole image, from its first page to its last, gets ONE contiguous physical run
// of OsMemoryType::KernelImage pages, so that virtual address V of the kernel lives at
// physical address kernel_phys + (V - kernel_virt). The kernel can then map itself with
// a single offset, and the final memory map shows the run as KernelImage.
#pragma once

#include <cstddef>
#include <cstdint>

#include <arch/x86_64/BootInfo.hpp>
#include <lib/ElfValidator.hpp>
#include <lib/Math.hpp>

namespace ts::loader {

// What the loader accepts as a kernel: linked into the top 2 GiB, and at most 1 GiB from
// its first page to its last (the page tables map the image with one offset).
inline constexpr elf::ImageRules KERNEL_IMAGE_RULES {
    .lowest_address = boot::KERNEL_VIRT_BASE,
    .max_span = 1 * GiB,
};

struct LoadedKernel {
    uint64_t phys;   // first byte of the run (page aligned)
    uint64_t virt;   // layout.span_start
    uint64_t size;   // layout.span_end - layout.span_start
    uint64_t entry;
};

// Allocates the run, zeroes it (which also clears every .bss and the gaps between
// segments), and copies each segment's file bytes to its place. Out of memory is fatal.
LoadedKernel load_kernel(const uint8_t* file, const elf::ImageLayout& layout);

} // namespace ts::loader
