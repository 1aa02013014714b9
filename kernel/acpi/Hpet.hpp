// Hpet: the HPET description table, which says where the High Precision Event Timer's
// registers are and what the timer block can do. Part of kernel/acpi (hardware-free;
// reads memory only through PhysicalMemory).
//
// Ref: IA-PC HPET Specification 1.0a §3.2.4 (The ACPI 2.0 HPET Description Table). A
// machine may have several HPET tables, one per timer block (told apart by hpet_number);
// parse_static_tables decodes the first, and find_table("HPET", n) reaches the others.
#pragma once

#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

#include "Diagnostics.hpp"
#include "PhysicalMemory.hpp"
#include "Sdt.hpp"

namespace ts::acpi {

struct HpetInfo {
    PhysAddr address {}; // the register block, in system memory
    uint8_t hpet_number { 0 };
    uint16_t minimum_tick { 0 }; // main counter ticks the block needs between periodic interrupts
    uint8_t page_protection { 0 }; // low nibble: 0 none, 1 4 KiB, 2 64 KiB; high nibble: OEM
    // Decoded Event Timer Block ID:
    uint8_t hardware_revision { 0 };
    uint8_t comparator_count { 0 }; // timers in the block (the ID holds this minus one)
    bool counter_64bit { false };
    bool legacy_replacement { false }; // can take over the PIT's and RTC's IRQs 0 and 8
    uint16_t pci_vendor_id { 0 };
};

// Parses the validated HPET `table` into `out`. Errors (BadFormat): a table shorter than
// the 56-byte layout, or a register block outside system memory or at address 0.
Result<void> parse_hpet(const PhysicalMemory& memory, const TableEntry& table, HpetInfo& out, Diagnostics* diag);

} // namespace ts::acpi
