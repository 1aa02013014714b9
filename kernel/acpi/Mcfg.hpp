// Mcfg: the PCI Express memory-mapped configuration space (ECAM) regions, one per PCI
// segment group. Part of kernel/acpi (hardware-free; reads memory only through
// PhysicalMemory).
//
// Ref: PCI Firmware Specification 3.2 §4.1.2. The configuration space of bus B, device D,
// function F of a segment is 4 KiB at base + (B << 20 | D << 15 | F << 12), for
// start_bus <= B <= end_bus.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

#include "Diagnostics.hpp"
#include "PhysicalMemory.hpp"
#include "Sdt.hpp"

namespace ts::acpi {

inline constexpr size_t MAX_MCFG_SEGMENTS = 16;

struct McfgSegment {
    PhysAddr base {}; // the ECAM address of bus 0 of the segment
    uint16_t segment { 0 };
    uint8_t start_bus { 0 };
    uint8_t end_bus { 0 };
};

struct McfgInfo {
    McfgSegment segments[MAX_MCFG_SEGMENTS];
    size_t segment_count { 0 };
    size_t segments_dropped { 0 }; // allocations beyond MAX_MCFG_SEGMENTS (with a warning)
};

// Parses the validated MCFG `table` into `out` (reset first). Errors (BadFormat): a table
// shorter than 44 bytes or whose allocations are not whole 16-byte structures, an
// allocation at address 0 or with its start bus after its end bus.
Result<void> parse_mcfg(const PhysicalMemory& memory, const TableEntry& table, McfgInfo& out, Diagnostics* diag);

} // namespace ts::acpi
