// Acpi: finds the ACPI RSDP the firmware publishes. Part of bootloader/; reads the UEFI
// configuration table only (the kernel parses the ACPI tables themselves).
//
// The ACPI 2.0 entry is preferred (its RSDP leads to the 64-bit XSDT), the ACPI 1.0 one
// is the fallback. An entry whose RSDP fails its signature or checksum is skipped with a
// warning. No RSDP at all is not fatal here: the kernel decides what it can do without.
#pragma once

#include <cstdint>

namespace ts::loader {

struct RsdpInfo {
    uint64_t phys;     // 0 when none was found
    uint32_t revision; // 0 = ACPI 1.0 RSDP (RSDT only), 2 = ACPI 2.0+ (XSDT present)
};

RsdpInfo find_rsdp();

} // namespace ts::loader
