// Handoff: leaving the firmware and entering the kernel. Part of bootloader/; the only
// place the loader changes CR3 or RSP.
//
// exit_boot_services() reads the final memory map and calls ExitBootServices(), retrying
// while the firmware reports a stale map key (it may allocate between our two calls, for
// example in a timer event). Between attempts only GetMemoryMap() is called, which is
// all the specification allows once an attempt has failed. After it returns, no firmware
// service may be used; Console writes to serial only.
//
// enter_kernel() establishes the kernel's entry state (see docs/loader.md):
//   RDI = BootInfo (direct-map virtual address), RSP = top of a 64 KiB stack (direct-map
//   virtual address, 16-byte aligned, no return address pushed), RBP = 0, CR3 = the
//   loader's tables, interrupts disabled, direction flag clear. The GDT and IDT are still
//   the firmware's (in FirmwareReclaimable memory): the kernel loads its own before it
//   reclaims that memory.
#pragma once

#include <cstdint>

#include "MemoryMap.hpp"

namespace ts::loader {

inline constexpr unsigned EXIT_BOOT_SERVICES_ATTEMPTS = 8;

// Returns with boot services gone and `map` holding the final memory map. Fatal if the
// firmware keeps refusing.
// Ref: UEFI 2.10 §7.4.6 (ExitBootServices())
void exit_boot_services(UefiMemoryMap& map);

[[noreturn]] void enter_kernel(uint64_t pml4_phys, uint64_t entry, uint64_t boot_info_virt, uint64_t stack_top_virt);

} // namespace ts::loader
