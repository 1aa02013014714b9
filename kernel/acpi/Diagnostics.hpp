// Diagnostics: what the ACPI table parsers report besides their Result, and the options
// and limits they share. Part of kernel/acpi (hardware-free; depends on kernel/lib).
//
// A parse either fails with an Error and a precise `reason` (a static string naming the
// broken rule, e.g. "MADT entry runs past the end of the table") plus the address and
// signature of the structure at fault, or succeeds, possibly with warnings: things the
// parser tolerated and worked around, each a bit in `warnings` (the first one's text is
// kept too). docs/kernel/acpi.md lists which problems are errors and which are warnings.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Error.hpp>

namespace ts::acpi {

// No static table on a real machine comes near this (a large server's DSDT is a few
// hundred KiB); anything longer is a corrupt length field, refused before it can make a
// checksum pass read gigabytes.
inline constexpr uint32_t MAX_TABLE_LENGTH = 16 * 1024 * 1024;

// Whether table checksums are checked. Verify is the only setting the kernel uses;
// Ignore exists for the fuzzer, which could otherwise hardly get past a checksum to the
// code behind it, and is there should some firmware ship a wrong checksum over
// otherwise good tables.
enum class Checksums { Verify, Ignore };

struct ParseOptions {
    Checksums checksums { Checksums::Verify };
};

// Problems a parse tolerates; see docs/kernel/acpi.md for what the parser does instead.
enum class Warning : uint32_t {
    RsdpRevisionMismatch = 1u << 0, // the loader's revision and the RSDP's disagree
    XsdtInvalid = 1u << 1, // the XSDT failed validation; the RSDT was used instead
    NullTableEntry = 1u << 2, // the root table lists address 0 (skipped)
    DuplicateTableEntry = 1u << 3, // the root table lists an address twice (kept once)
    InvalidTableSkipped = 1u << 4, // a table we do not interpret failed validation
    TooManyTables = 1u << 5, // more tables than TableDirectory holds
    DuplicateTable = 1u << 6, // a second FADT, MADT or MCFG (the first one is used)
    TooManyCpus = 1u << 7, // MADT: more usable processors than MadtInfo holds
    TooManyIoApics = 1u << 8,
    TooManyOverrides = 1u << 9,
    TooManyNmiSources = 1u << 10,
    TooManyLocalNmis = 1u << 11,
    DuplicateApicId = 1u << 12, // MADT: a second processor with the same APIC ID (dropped)
    ReservedInterruptFlags = 1u << 13, // MADT: polarity or trigger with the reserved value
    TooManyMcfgSegments = 1u << 14,
    DsdtMismatch = 1u << 15, // FADT: DSDT and X_DSDT differ (X_DSDT is used)
    BadPmTimer = 1u << 16, // FADT: a PM timer block we cannot use (treated as absent)
};

struct Diagnostics {
    // Failure: why, and where. `reason` is a static string, null when nothing failed.
    const char* reason { nullptr };
    PhysAddr address {}; // the table (or RSDP) at fault
    uint32_t offset { 0 }; // byte offset inside it of the offending field or entry
    char signature[5] {}; // its signature, "" for the RSDP

    // Warnings: a set of Warning bits, and the text of the first one.
    uint32_t warnings { 0 };
    const char* warning_reason { nullptr };

    bool has(Warning warning) const { return (warnings & static_cast<uint32_t>(warning)) != 0; }
};

// The parsers' way of reporting; the helpers below keep each report one line long.
// Records a failure in `diag` (which may be null) and returns `error`, so a parser writes
//     return fail(diag, Error::BadFormat, "...", address, "APIC", offset);
Error fail(Diagnostics* diag, Error error, const char* reason, PhysAddr address, const char* signature,
    uint32_t offset = 0);
void warn(Diagnostics* diag, Warning warning, const char* reason);

} // namespace ts::acpi
