// Rsdp: the Root System Description Pointer, the structure the firmware hands over and
// from which every other table is found. Part of kernel/acpi (hardware-free; reads
// memory only through PhysicalMemory).
//
// Ref: ACPI 6.5 §5.2.5.3. Revision 0 (ACPI 1.0) has 20 bytes and only an RSDT address;
// revision 2 and later add a length, an XSDT address and an extended checksum over the
// whole structure. Both checksums are verified.
#pragma once

#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

#include "Diagnostics.hpp"
#include "PhysicalMemory.hpp"

namespace ts::acpi {

struct RsdpInfo {
    PhysAddr address {};
    uint8_t revision { 0 }; // the RSDP's own revision byte
    char oem_id[7] {};
    PhysAddr rsdt_address {}; // null when absent
    PhysAddr xsdt_address {}; // null when absent or revision < 2
};

// `revision_hint` is what the loader learnt (0 when the firmware published the RSDP as an
// ACPI 1.0 one, 2 for ACPI 2.0+); the structure's own revision byte decides, and a
// disagreement is a warning. Fails when the RSDP is unreadable, its signature or a
// checksum is wrong, its length is implausible, or it names no root table at all.
Result<RsdpInfo> parse_rsdp(const PhysicalMemory& memory, PhysAddr address, uint32_t revision_hint,
    const ParseOptions& options, Diagnostics* diag);

} // namespace ts::acpi
