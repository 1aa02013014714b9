// DirectMap: conversions between physical addresses and their direct-map virtual
// addresses. All physical memory is mapped at boot::DIRECT_MAP_BASE (docs/boot-protocol.md).
// Layer: mm.
#pragma once

#include <arch/x86_64/BootInfo.hpp>
#include <lib/Addr.hpp>

namespace ts {

inline VirtAddr phys_to_virt(PhysAddr phys) { return VirtAddr(phys.value() + boot::DIRECT_MAP_BASE); }
template<typename T> T* phys_to_ptr(PhysAddr phys) { return phys_to_virt(phys).as_ptr<T>(); }
inline PhysAddr virt_to_phys_direct(VirtAddr virt) { return PhysAddr(virt.value() - boot::DIRECT_MAP_BASE); }

} // namespace ts
