// DirectMapMemory: the kernel's PhysicalMemory, which reads firmware memory through the
// direct map. Part of kernel/acpi, but unlike the parsers kernel-only (it depends on
// mm/DirectMap.hpp; the host tests and the fuzzer bring their own PhysicalMemory).
//
// Only [0, size) is mapped at DIRECT_MAP_BASE (BootInfo::direct_map_size), so a read
// that reaches past it, or wraps around, fails with Error::Fault instead of faulting on
// an unmapped address: a corrupt table pointer costs the table, not the kernel.
#pragma once

#include <cstdint>

#include "PhysicalMemory.hpp"

namespace ts::acpi {

class DirectMapMemory final : public PhysicalMemory {
public:
    explicit DirectMapMemory(uint64_t direct_map_size) : m_size(direct_map_size) {}

    Result<void> read(PhysAddr address, void* out, size_t length) const override;

private:
    uint64_t m_size;
};

} // namespace ts::acpi
