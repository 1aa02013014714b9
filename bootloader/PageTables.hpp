// PageTables: the 4-level page tables the loader switches to just before it jumps to
// the kernel. Part of bootloader/; sits on Firmware for its one allocation.
//
// Three mappings, all writable and executable (the kernel builds its own tables with
// proper permissions; these only have to get it started):
//   - identity:   [0, direct_map_size) -> same physical, 2 MiB pages. The loader keeps
//                 running on these after the CR3 switch until its final jump.
//   - direct map: [DIRECT_MAP_BASE, DIRECT_MAP_BASE + direct_map_size) -> physical 0..,
//                 the same PDPT pages as the identity map, shared (PML4 entries
//                 256.. point at the PDPTs that entries 0.. use).
//   - kernel:     [kernel_virt, kernel_virt + kernel_size) -> kernel_phys.., 4 KiB pages.
// No NX bits are set, so EFER.NXE is left as the firmware had it.
// Large pages are 2 MiB only: 1 GiB pages are optional (CPUID.80000001H:EDX.Page1GB)
// and QEMU's default CPU model lacks them.
//
// Ref: Intel SDM Vol. 3A §4.5 (4-level paging), Tables 4-15 to 4-20 (entry formats)
#pragma once

#include <cstdint>

namespace ts::loader {

struct PageTableRequest {
    uint64_t direct_map_size; // multiple of 1 GiB
    uint64_t kernel_phys;     // page aligned
    uint64_t kernel_virt;     // page aligned, in the top 2 GiB
    uint64_t kernel_size;     // multiple of 4 KiB
};

// The largest direct map the layout allows: PML4 entries 256..510 (511 holds the kernel).
inline constexpr uint64_t MAX_DIRECT_MAP_SIZE = 255ull * 512 * 1024 * 1024 * 1024;

// Allocates every table from one run of OsMemoryType::BootloaderReclaimable pages,
// fills them, and returns the physical address of the PML4 (the value for CR3).
uint64_t build_page_tables(const PageTableRequest& request);

} // namespace ts::loader
