// Sdt: validation of a System Description Table's header and checksum, the step every
// table goes through before anything reads its body. Part of kernel/acpi (hardware-free;
// reads memory only through PhysicalMemory; depends on kernel/lib).
//
// A table passes when its header is readable, its signature is printable ASCII, its
// length covers at least the header, stays under MAX_TABLE_LENGTH, does not wrap the
// address space and is readable to the end, and all its bytes sum to zero (unless the
// options say to ignore checksums). The result is a TableEntry, the summary the table
// directory lists and the parsers start from.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "Diagnostics.hpp"
#include "PhysicalMemory.hpp"

namespace ts::acpi {

struct TableEntry {
    char signature[5] {}; // four printable characters and a NUL
    char oem_id[7] {}; // printable, NUL-terminated (copy_firmware_string)
    char oem_table_id[9] {};
    uint8_t revision { 0 };
    uint32_t length { 0 }; // of the whole table, header included
    uint32_t oem_revision { 0 };
    PhysAddr address {};

    // `signature` is compared as four bytes, e.g. has_signature("APIC").
    bool has_signature(StringView signature) const;
};

// The 8-bit sum of the `length` bytes at `address`; zero for a valid table. Fails when
// any of them is unreadable.
Result<uint8_t> checksum(const PhysicalMemory& memory, PhysAddr address, uint32_t length);

// Validates the table at `address` as described above and summarises it.
Result<TableEntry> validate_table(const PhysicalMemory& memory, PhysAddr address, const ParseOptions& options,
    Diagnostics* diag);

// Copies `length` bytes at byte `offset` of a validated table; a range that is not
// entirely inside the table is refused (BadFormat, `reason` recorded), so a parser can
// never read past the table's end because of a length field inside it.
Result<void> read_table_bytes(const PhysicalMemory& memory, const TableEntry& table, uint32_t offset, void* out,
    size_t length, const char* reason, Diagnostics* diag);

// Reads the fixed-layout start of a validated table into `out` (`size` bytes): the whole
// struct when the table is at least that long, else the table's bytes followed by zeros,
// which is how fields added by later revisions read as absent in older tables.
Result<void> read_table_prefix(const PhysicalMemory& memory, const TableEntry& table, void* out, size_t size,
    Diagnostics* diag);

// Copies a fixed-size firmware string (a signature, an OEM ID) into `out`, which holds
// `length` + 1 bytes: it stops at the first NUL and replaces bytes that are not printable
// ASCII with '?', so the result can go straight into a log line.
void copy_firmware_string(char* out, const char* raw, size_t length);

} // namespace ts::acpi
