// KernelAddressSpace: the kernel's own page tables, replacing the loader's.
// Layer: mm (uses arch/x86_64/PageTable and the Pmm). The layout (docs/boot-protocol.md):
//   DIRECT_MAP_BASE + [0, direct_map_size)   all physical memory, RW, NX, 2 MiB pages
//   KERNEL_VIRT_BASE + ...                    the image, per section: text RX, rodata R,
//                                             data/bss RW, symbols R (all but text NX)
// The loader's identity map is gone afterwards, so a null pointer dereference faults.
#pragma once

#include <arch/x86_64/BootInfo.hpp>
#include <arch/x86_64/PageTable.hpp>
#include <lib/Result.hpp>

namespace ts::vmm {

// Builds the kernel tables and loads them on this CPU.
Result<void> init_kernel_address_space(const boot::BootInfo& boot);

arch::PageTable& kernel_page_table();

// Maps/unmaps/protects one kernel page. Unmap and protect shoot the old translation down
// on every CPU that may cache it (TlbShootdown.hpp); a new mapping needs no shootdown,
// since x86 does not cache non-present entries.
Result<void> map_kernel_page(VirtAddr virt, PhysAddr phys, arch::PageFlags flags);
Result<PhysAddr> unmap_kernel_page(VirtAddr virt);
Result<void> protect_kernel_page(VirtAddr virt, arch::PageFlags flags);

} // namespace ts::vmm
