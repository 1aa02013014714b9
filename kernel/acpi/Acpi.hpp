// Acpi: the kernel's view of the static ACPI tables, parsed once at boot. Part of
// kernel/acpi: the kernel glue around the hardware-free parsers (StaticTables.hpp), which
// it runs over the direct map (DirectMapMemory.hpp); it may call mm and core (the log,
// the boot information).
//
// platform_init (core/Platform.cpp) calls init() with the RSDP the loader found, early
// on the boot CPU and before any other CPU runs; after a successful init the accessors
// return the parsed tables and never change again, so reading them needs no lock. Before
// init, or after a failed one, madt()/fadt()/mcfg() return empty structs, hpet() null
// and table_count() 0.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "StaticTables.hpp"

namespace ts::acpi {

// Parses every static table reachable from the RSDP at `rsdp` (`revision` as the loader
// reported it: 0 for an ACPI 1.0 RSDP, 2 for 2.0+), reading through the direct map, and
// logs a summary. Errors are the parser's (with the reason logged); Error::Exists if the
// tables were already parsed. Not thread-safe: boot CPU only, before the APs start.
Result<void> init(PhysAddr rsdp, uint32_t revision);
bool is_initialized();

const AcpiTables& tables();
const Diagnostics& diagnostics(); // the warnings of the successful parse (or the failure)

const MadtInfo& madt();
const FadtInfo& fadt();
const HpetInfo* hpet(); // null without an HPET table
const McfgInfo& mcfg();

// Every table in the directory (root table first, DSDT last), for /sys/acpi/tables.
size_t table_count();
const TableEntry& table_at(size_t index); // index < table_count()
const TableEntry* find_table(StringView signature, size_t index = 0);

} // namespace ts::acpi
