// Mmio: uncached kernel mappings of device registers (local APIC, I/O APIC, HPET).
// Layer: mm. The direct map is write-back, which is wrong for registers, so devices get
// their own uncached mapping from a dedicated window of kernel address space.
#pragma once

#include <cstddef>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

namespace ts::vmm {

// Maps [phys, phys + size) uncached and returns the virtual address of phys.
Result<VirtAddr> map_mmio(PhysAddr phys, size_t size);

} // namespace ts::vmm
