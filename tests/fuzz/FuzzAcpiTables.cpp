// fuzz_acpi_tables: libFuzzer target for the ACPI static-table parsers (kernel/acpi).
// Part of tests/fuzz (host-only).
//
// The input is a flags byte and then a blob of "physical memory" that starts at
// acpi_fuzz::MEMORY_BASE with the RSDP at its first byte (tests/support/AcpiFuzzImage.hpp,
// which also builds the seeds from QEMU's real tables). Every other physical address is
// unreadable, and reads go straight to libFuzzer's heap copy of the input, so ASan sees
// any read the bounds checks should have refused. The flags choose whether checksums are
// verified (most mutations break them; ignoring them lets the fuzzer reach the table
// bodies) and which revision the "loader" reports.
//
// Besides memory safety and termination, it checks what callers rely on: a failure
// always names a reason; a success gives a directory whose tables lie inside the blob
// and (when checksums are verified) really sum to zero, counts within the fixed
// capacities, and a DSDT whenever there is a FADT.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "FuzzCheck.hpp"
#include "acpi/StaticTables.hpp"
#include "tests/support/AcpiFuzzImage.hpp"

using namespace ts;
namespace acpi_fuzz = ts::test::acpi_fuzz;

namespace {

class InputMemory final : public acpi::PhysicalMemory {
public:
    InputMemory(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}

    Result<void> read(PhysAddr address, void* out, size_t length) const override
    {
        uint64_t at = address.value();
        if (at < acpi_fuzz::MEMORY_BASE)
            return Error::Fault;
        uint64_t offset = at - acpi_fuzz::MEMORY_BASE;
        if (offset > m_size || length > m_size - offset)
            return Error::Fault;
        if (length > 0)
            std::memcpy(out, m_data + offset, length);
        return {};
    }

    bool contains(PhysAddr address, uint64_t length) const
    {
        uint64_t at = address.value();
        return at >= acpi_fuzz::MEMORY_BASE && at - acpi_fuzz::MEMORY_BASE <= m_size
            && length <= m_size - (at - acpi_fuzz::MEMORY_BASE);
    }
    const uint8_t* bytes(PhysAddr address) const { return m_data + (address.value() - acpi_fuzz::MEMORY_BASE); }

private:
    const uint8_t* m_data;
    size_t m_size;
};

// Allocated once: AcpiTables is ~20 KiB, and a fresh heap block per input would only
// slow the fuzzer down. parse_static_tables must not depend on what a previous input left.
acpi::AcpiTables* g_tables = new acpi::AcpiTables;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t flags = data[0];
    InputMemory memory(data + 1, size - 1);
    acpi::ParseOptions options;
    options.checksums
        = (flags & acpi_fuzz::FLAG_IGNORE_CHECKSUMS) ? acpi::Checksums::Ignore : acpi::Checksums::Verify;
    const uint32_t revision_hint = (flags & acpi_fuzz::FLAG_REVISION_HINT_0) ? 0 : 2;

    acpi::Diagnostics diag;
    acpi::AcpiTables& tables = *g_tables;
    auto result = acpi::parse_static_tables(memory, PhysAddr(acpi_fuzz::MEMORY_BASE), revision_hint, tables, &diag,
        options);
    if (result.is_error()) {
        FUZZ_CHECK(diag.reason != nullptr);
        return 0;
    }
    FUZZ_CHECK(diag.reason == nullptr);
    FUZZ_CHECK(diag.warnings == 0 || diag.warning_reason != nullptr);

    const acpi::TableDirectory& directory = tables.directory;
    FUZZ_CHECK(directory.count() >= 1 && directory.count() <= acpi::MAX_TABLES);
    FUZZ_CHECK(directory.root()->has_signature("XSDT") || directory.root()->has_signature("RSDT"));
    for (size_t i = 0; i < directory.count(); ++i) {
        const acpi::TableEntry& entry = directory.at(i);
        FUZZ_CHECK(entry.length >= 36 && entry.length <= acpi::MAX_TABLE_LENGTH);
        FUZZ_CHECK(memory.contains(entry.address, entry.length));
        FUZZ_CHECK(std::strlen(entry.signature) == 4);
        if (options.checksums == acpi::Checksums::Verify) {
            uint8_t sum = 0;
            const uint8_t* bytes = memory.bytes(entry.address);
            for (uint32_t j = 0; j < entry.length; ++j)
                sum = static_cast<uint8_t>(sum + bytes[j]);
            FUZZ_CHECK(sum == 0);
        }
        FUZZ_CHECK(directory.find_address(entry.address) == &entry); // listed once
    }

    if (tables.has_fadt) {
        FUZZ_CHECK(!tables.fadt.dsdt.is_null());
        const acpi::TableEntry* dsdt = directory.find_address(tables.fadt.dsdt);
        FUZZ_CHECK(dsdt != nullptr && dsdt->has_signature("DSDT"));
        FUZZ_CHECK(!tables.fadt.has_pm_timer || tables.fadt.pm_timer.is_present());
    }
    if (tables.has_madt) {
        const acpi::MadtInfo& madt = tables.madt;
        FUZZ_CHECK(madt.cpu_count <= acpi::MAX_CPUS);
        FUZZ_CHECK(madt.ioapic_count <= acpi::MAX_IOAPICS);
        FUZZ_CHECK(madt.override_count <= acpi::MAX_OVERRIDES);
        FUZZ_CHECK(madt.nmi_source_count <= acpi::MAX_NMI_SOURCES);
        FUZZ_CHECK(madt.local_nmi_count <= acpi::MAX_LOCAL_NMIS);
        FUZZ_CHECK(!madt.local_apic_address.is_null());
        FUZZ_CHECK(madt.enabled_cpu_count() <= madt.cpu_count);
        for (size_t i = 0; i < madt.cpu_count; ++i) {
            FUZZ_CHECK(madt.cpus[i].enabled || madt.cpus[i].online_capable);
            FUZZ_CHECK(madt.find_cpu_by_apic_id(madt.cpus[i].apic_id) == &madt.cpus[i]); // no duplicates
        }
        for (size_t i = 0; i < madt.ioapic_count; ++i)
            FUZZ_CHECK(!madt.ioapics[i].address.is_null());
    }
    if (tables.has_hpet)
        FUZZ_CHECK(!tables.hpet.address.is_null() && tables.hpet.comparator_count >= 1);
    if (tables.has_mcfg) {
        FUZZ_CHECK(tables.mcfg.segment_count <= acpi::MAX_MCFG_SEGMENTS);
        for (size_t i = 0; i < tables.mcfg.segment_count; ++i)
            FUZZ_CHECK(tables.mcfg.segments[i].start_bus <= tables.mcfg.segments[i].end_bus);
    }
    return 0;
}
