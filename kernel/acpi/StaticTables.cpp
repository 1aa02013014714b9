// StaticTables: the one call that parses all the static tables. Part of kernel/acpi
// (hardware-free; reads memory only through PhysicalMemory).
#include "StaticTables.hpp"

namespace ts::acpi {

namespace {

// The table the kernel uses when there are several of a kind it expects once: the first,
// as the firmware ordered them, with a warning.
const TableEntry* single(const AcpiTables& tables, StringView signature, Diagnostics* diag)
{
    if (tables.directory.count_of(signature) > 1)
        warn(diag, Warning::DuplicateTable,
            "the firmware lists a table twice that should appear once; the first is used");
    return tables.find_table(signature);
}

} // namespace

Result<void> parse_static_tables(const PhysicalMemory& memory, PhysAddr rsdp, uint32_t revision_hint, AcpiTables& out,
    Diagnostics* diag, const ParseOptions& options)
{
    out.has_fadt = out.has_madt = out.has_hpet = out.has_mcfg = false;
    out.rsdp = TRY(parse_rsdp(memory, rsdp, revision_hint, options, diag));
    TRY(read_table_directory(memory, out.rsdp, options, out.directory, diag));

    if (const TableEntry* fadt = single(out, "FACP", diag)) {
        TRY(parse_fadt(memory, *fadt, out.fadt, diag));
        out.has_fadt = true;
        // The DSDT is reached only through the FADT. It is validated like any table (it
        // holds the AML the interpreter will run) and must really be a DSDT. Firmware
        // that also lists it in the root table gets it listed once.
        auto dsdt = TRY(validate_table(memory, out.fadt.dsdt, options, diag));
        if (!dsdt.has_signature("DSDT"))
            return fail(diag, Error::BadFormat, "the FADT's DSDT address holds another table", dsdt.address,
                dsdt.signature);
        if (!out.directory.find_address(dsdt.address))
            TRY(out.directory.add(dsdt)); // a slot is always kept for it
    }
    if (const TableEntry* madt = single(out, "APIC", diag)) {
        TRY(parse_madt(memory, *madt, out.madt, diag));
        out.has_madt = true;
    }
    // Several HPET tables are legitimate (one per timer block); the first is decoded.
    if (const TableEntry* hpet = out.find_table("HPET")) {
        TRY(parse_hpet(memory, *hpet, out.hpet, diag));
        out.has_hpet = true;
    }
    if (const TableEntry* mcfg = single(out, "MCFG", diag)) {
        TRY(parse_mcfg(memory, *mcfg, out.mcfg, diag));
        out.has_mcfg = true;
    }
    return {};
}

} // namespace ts::acpi
