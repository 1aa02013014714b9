// StaticTables: everything the kernel reads from the static ACPI tables, parsed in one
// call from the RSDP's address. Part of kernel/acpi (hardware-free; reads memory only
// through PhysicalMemory), the entry point shared by the kernel (Acpi.hpp), the host
// tests and the fuzzer.
//
// The order: the RSDP (Rsdp.hpp), the root table into the table directory
// (TableDirectory.hpp), then the FADT (which names the DSDT, validated and added to the
// directory), the MADT, the first HPET and the MCFG. A table that is absent is not an
// error (has_* stays false); a table that is present but malformed is. The outputs are
// plain structs with fixed-capacity arrays, so nothing is allocated and the whole
// summary can live in static storage. See docs/kernel/acpi.md.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "Diagnostics.hpp"
#include "Fadt.hpp"
#include "Hpet.hpp"
#include "Madt.hpp"
#include "Mcfg.hpp"
#include "PhysicalMemory.hpp"
#include "Rsdp.hpp"
#include "TableDirectory.hpp"

namespace ts::acpi {

struct AcpiTables {
    RsdpInfo rsdp;
    // The root table (XSDT or RSDT) first, then every valid table it lists, then the DSDT.
    TableDirectory directory;

    bool has_fadt { false };
    bool has_madt { false };
    bool has_hpet { false };
    bool has_mcfg { false };
    FadtInfo fadt;
    MadtInfo madt;
    HpetInfo hpet;
    McfgInfo mcfg;

    // The `index`-th table with this signature (SSDTs appear many times), or null.
    const TableEntry* find_table(StringView signature, size_t index = 0) const
    {
        return directory.find(signature, index);
    }
};

// Parses everything reachable from the RSDP at `rsdp` into `out`. `revision_hint` is the
// revision the loader reported (see parse_rsdp). On failure `out` is left partly filled
// and must not be used; `diag` (may be null) says why. Warnings are in diag->warnings
// either way.
Result<void> parse_static_tables(const PhysicalMemory& memory, PhysAddr rsdp, uint32_t revision_hint, AcpiTables& out,
    Diagnostics* diag, const ParseOptions& options = {});

} // namespace ts::acpi
