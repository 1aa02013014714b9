// TableDirectory: the list of every valid table the firmware published, read from the
// root table (the XSDT, or the RSDT when there is no usable XSDT). Part of kernel/acpi
// (hardware-free; reads memory only through PhysicalMemory).
//
// Ref: ACPI 6.5 §5.2.7 (RSDT: 32-bit entries) and §5.2.8 (XSDT: 64-bit entries).
//
// The directory is what /sys/acpi/tables will list and where find_table looks; the root
// table itself comes first, then the tables it lists in its order, then the DSDT (added
// by parse_static_tables from the FADT). The root table is used only if it is sound as a
// whole: valid header and checksum, the right signature, a length of the header plus a
// whole number of entries, and no entry pointing at itself or at another root table
// (which a walker that followed them would loop on). An XSDT failing any of that makes
// the walk fall back to the RSDT, with a warning.
//
// The listed tables are then validated one by one (Sdt.hpp). One we interpret (FACP,
// APIC, HPET, MCFG) failing validation fails the whole read: its content is what the
// kernel would act on. Any other table failing is left out with a warning, so a broken
// table of no interest to us (a BGRT, a vendor's SSDT) does not cost the machine its
// interrupt routing. Null entries and repeated addresses are skipped with a warning.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "Diagnostics.hpp"
#include "PhysicalMemory.hpp"
#include "Rsdp.hpp"
#include "Sdt.hpp"

namespace ts::acpi {

// Real machines publish a few dozen tables; more than this is left out with a warning.
inline constexpr size_t MAX_TABLES = 128;

class TableDirectory {
public:
    size_t count() const { return m_count; }
    // index < count().
    const TableEntry& at(size_t index) const { return m_entries[index]; }

    // The `index`-th table (0 for the first) with this four-character signature, in
    // directory order, or null. Tables that appear more than once (SSDTs) are reached
    // with increasing indices.
    const TableEntry* find(StringView signature, size_t index = 0) const;
    size_t count_of(StringView signature) const;
    const TableEntry* find_address(PhysAddr address) const;

    // The root table the directory was read from (the first entry), or null when empty.
    const TableEntry* root() const { return m_count > 0 ? &m_entries[0] : nullptr; }

    // Appends a validated table. Fails (NoSpace) when full.
    Result<void> add(const TableEntry& entry);
    void clear() { m_count = 0; }

private:
    TableEntry m_entries[MAX_TABLES];
    size_t m_count { 0 };
};

// Fills `out` (cleared first) from the root table the RSDP names, as described above.
Result<void> read_table_directory(const PhysicalMemory& memory, const RsdpInfo& rsdp, const ParseOptions& options,
    TableDirectory& out, Diagnostics* diag);

} // namespace ts::acpi
