// Host tests for kernel/acpi/Madt: MADTs built entry by entry, for the structures and
// limits QEMU's own tables do not exercise (x2APIC processors and NMIs, NMI sources, the
// local APIC address override, unusable and duplicate processors, the fixed capacities).
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "AcpiTestMemory.hpp"
#include "acpi/Madt.hpp"

using namespace ts;
using namespace ts::acpi;
using namespace ts::test;

namespace {

constexpr uint64_t MADT_ADDRESS = 0x80000;

class MadtBuilder {
public:
    MadtBuilder() : m_bytes(make_table("APIC", 44, 5)) { put_u32(m_bytes, 36, 0xfee00000); }

    MadtBuilder& flags(uint32_t value) { put_u32(m_bytes, 40, value); return *this; }
    MadtBuilder& lapic_address(uint32_t value) { put_u32(m_bytes, 36, value); return *this; }
    MadtBuilder& raw(std::vector<uint8_t> entry)
    {
        m_bytes.insert(m_bytes.end(), entry.begin(), entry.end());
        return *this;
    }
    MadtBuilder& lapic(uint8_t uid, uint8_t apic_id, uint32_t flags)
    {
        return raw(
            { 0, 8, uid, apic_id, uint8_t(flags), uint8_t(flags >> 8), uint8_t(flags >> 16), uint8_t(flags >> 24) });
    }
    MadtBuilder& x2apic(uint32_t uid, uint32_t x2apic_id, uint32_t flags)
    {
        std::vector<uint8_t> entry(16, 0);
        entry[0] = 9;
        entry[1] = 16;
        put_u32(entry, 4, x2apic_id);
        put_u32(entry, 8, flags);
        put_u32(entry, 12, uid);
        return raw(entry);
    }
    MadtBuilder& ioapic(uint8_t id, uint32_t address, uint32_t gsi_base)
    {
        std::vector<uint8_t> entry(12, 0);
        entry[0] = 1;
        entry[1] = 12;
        entry[2] = id;
        put_u32(entry, 4, address);
        put_u32(entry, 8, gsi_base);
        return raw(entry);
    }
    MadtBuilder& iso(uint8_t source, uint32_t gsi, uint16_t flags)
    {
        std::vector<uint8_t> entry(10, 0);
        entry[0] = 2;
        entry[1] = 10;
        entry[3] = source;
        put_u32(entry, 4, gsi);
        put_u16(entry, 8, flags);
        return raw(entry);
    }

    // Validates and parses the table as parse_static_tables would.
    Result<void> parse(MadtInfo& out, Diagnostics& diag)
    {
        seal_table(m_bytes);
        m_memory = BlobMemory();
        m_memory.add("APIC", MADT_ADDRESS, m_bytes);
        auto table = validate_table(m_memory, PhysAddr(MADT_ADDRESS), {}, &diag);
        EXPECT_TRUE(table.is_ok()) << diag.reason;
        if (table.is_error())
            return table.error();
        return parse_madt(m_memory, table.value(), out, &diag);
    }

private:
    std::vector<uint8_t> m_bytes;
    BlobMemory m_memory;
};

constexpr uint32_t ENABLED = 1;
constexpr uint32_t ONLINE_CAPABLE = 2;

} // namespace

TEST(AcpiMadtEntries, X2ApicProcessorsAndNmis)
{
    MadtBuilder madt;
    madt.lapic(0, 0, ENABLED)
        .x2apic(7, 300, ENABLED)
        .x2apic(8, 301, ONLINE_CAPABLE)
        // Local x2APIC NMI: all processors, LINT1, active low / level.
        .raw({ 10, 12, 0x0f, 0x00, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0 })
        // Local APIC NMI for processor UID 3, LINT0, edge / active high.
        .raw({ 4, 6, 3, 0x05, 0x00, 0 })
        // NMI source: GSI 20, active low / edge.
        .raw({ 3, 8, 0x07, 0x00, 20, 0, 0, 0 });
    auto info = std::make_unique<MadtInfo>();
    Diagnostics diag;
    ASSERT_TRUE(madt.parse(*info, diag).is_ok()) << diag.reason;
    EXPECT_EQ(diag.warnings, 0u);
    EXPECT_EQ(info->revision, 5);

    ASSERT_EQ(info->cpu_count, 3u);
    EXPECT_EQ(info->enabled_cpu_count(), 2u);
    const Cpu* big = info->find_cpu_by_apic_id(300);
    ASSERT_NE(big, nullptr);
    EXPECT_EQ(big->acpi_uid, 7u);
    EXPECT_TRUE(big->x2apic_entry);
    EXPECT_TRUE(big->enabled);
    const Cpu* later = info->find_cpu_by_apic_id(301);
    ASSERT_NE(later, nullptr);
    EXPECT_FALSE(later->enabled);
    EXPECT_TRUE(later->online_capable);

    ASSERT_EQ(info->local_nmi_count, 2u);
    EXPECT_TRUE(info->local_nmis[0].all_processors);
    EXPECT_EQ(info->local_nmis[0].lint, 1);
    EXPECT_EQ(info->local_nmis[0].polarity, Polarity::ActiveLow);
    EXPECT_EQ(info->local_nmis[0].trigger, Trigger::Level);
    EXPECT_FALSE(info->local_nmis[1].all_processors);
    EXPECT_EQ(info->local_nmis[1].acpi_uid, 3u);
    EXPECT_EQ(info->local_nmis[1].lint, 0);
    EXPECT_EQ(info->local_nmis[1].polarity, Polarity::ActiveHigh);
    EXPECT_EQ(info->local_nmis[1].trigger, Trigger::Edge);

    ASSERT_EQ(info->nmi_source_count, 1u);
    EXPECT_EQ(info->nmi_sources[0].gsi, 20u);
    EXPECT_EQ(info->nmi_sources[0].polarity, Polarity::ActiveLow);
    EXPECT_EQ(info->nmi_sources[0].trigger, Trigger::Edge);
}

TEST(AcpiMadtEntries, LocalApicAddressOverride)
{
    MadtBuilder madt;
    madt.lapic(0, 0, ENABLED).raw({ 5, 12, 0, 0, 0x00, 0x00, 0xe0, 0xfe, 0x01, 0, 0, 0 });
    auto info = std::make_unique<MadtInfo>();
    Diagnostics diag;
    ASSERT_TRUE(madt.parse(*info, diag).is_ok()) << diag.reason;
    EXPECT_TRUE(info->local_apic_address_overridden);
    EXPECT_EQ(info->local_apic_address, PhysAddr(0x1fee00000ull));
}

TEST(AcpiMadtEntries, NoLocalApicAddress)
{
    MadtBuilder madt;
    madt.lapic_address(0).lapic(0, 0, ENABLED);
    auto info = std::make_unique<MadtInfo>();
    Diagnostics diag;
    auto result = madt.parse(*info, diag);
    ASSERT_TRUE(result.is_error());
    EXPECT_STREQ(diag.reason, "MADT gives no local APIC address");

    MadtBuilder zero_override;
    zero_override.raw({ 5, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 });
    result = zero_override.parse(*info, diag);
    ASSERT_TRUE(result.is_error());
    EXPECT_STREQ(diag.reason, "MADT local APIC address override gives address 0");
}

TEST(AcpiMadtEntries, UnusableAndDuplicateProcessors)
{
    MadtBuilder madt;
    madt.lapic(0, 0, ENABLED).lapic(1, 1, 0).lapic(2, 0, ENABLED).x2apic(9, 0, ENABLED).lapic(3, 2, ENABLED);
    auto info = std::make_unique<MadtInfo>();
    Diagnostics diag;
    ASSERT_TRUE(madt.parse(*info, diag).is_ok()) << diag.reason;
    EXPECT_EQ(info->cpu_count, 2u);
    EXPECT_EQ(info->cpus_unusable, 1u);
    EXPECT_TRUE(diag.has(Warning::DuplicateApicId));
    EXPECT_EQ(info->cpus[0].acpi_uid, 0u);
    EXPECT_EQ(info->cpus[1].apic_id, 2u);
}

TEST(AcpiMadtEntries, LongerEntriesAndUnknownTypesAreAccepted)
{
    MadtBuilder madt;
    std::vector<uint8_t> long_lapic = { 0, 12, 4, 5, 1, 0, 0, 0, 0xaa, 0xbb, 0xcc, 0xdd };
    std::vector<uint8_t> unknown(255, 0x5a);
    unknown[0] = 0x80;
    unknown[1] = 255;
    madt.raw(long_lapic).raw(unknown).raw({ 0x11, 2 }).ioapic(1, 0xfec01000, 24);
    auto info = std::make_unique<MadtInfo>();
    Diagnostics diag;
    ASSERT_TRUE(madt.parse(*info, diag).is_ok()) << diag.reason;
    ASSERT_EQ(info->cpu_count, 1u);
    EXPECT_EQ(info->cpus[0].apic_id, 5u);
    EXPECT_EQ(info->unknown_entries, 2u);
    ASSERT_EQ(info->ioapic_count, 1u);
    EXPECT_EQ(info->ioapics[0].gsi_base, 24u);
    EXPECT_FALSE(info->has_8259);
}

TEST(AcpiMadtEntries, ReservedInterruptFlagsAreAWarning)
{
    MadtBuilder madt;
    madt.flags(1).iso(0, 2, 0x0002); // polarity 2: reserved
    auto info = std::make_unique<MadtInfo>();
    Diagnostics diag;
    ASSERT_TRUE(madt.parse(*info, diag).is_ok()) << diag.reason;
    EXPECT_TRUE(diag.has(Warning::ReservedInterruptFlags));
    EXPECT_EQ(info->overrides[0].polarity, Polarity::Reserved);
    EXPECT_TRUE(info->has_8259);
}

TEST(AcpiMadtEntries, CapacitiesTruncateWithAWarning)
{
    MadtBuilder madt;
    for (uint32_t i = 0; i < 300; ++i)
        madt.x2apic(i, i, ENABLED);
    for (uint8_t i = 0; i < 20; ++i)
        madt.ioapic(i, 0xfec00000 + i * 0x1000u, i * 24u);
    for (uint32_t i = 0; i < 60; ++i)
        madt.iso(uint8_t(i), i, 0);
    for (uint32_t i = 0; i < 20; ++i)
        madt.raw({ 3, 8, 0, 0, uint8_t(i), 0, 0, 0 });
    for (uint32_t i = 0; i < 260; ++i)
        madt.raw({ 4, 6, uint8_t(i), 0, 0, 1 });
    auto info = std::make_unique<MadtInfo>();
    Diagnostics diag;
    ASSERT_TRUE(madt.parse(*info, diag).is_ok()) << diag.reason;
    EXPECT_EQ(info->cpu_count, MAX_CPUS);
    EXPECT_EQ(info->cpus_dropped, 300 - MAX_CPUS);
    EXPECT_EQ(info->cpus[MAX_CPUS - 1].apic_id, MAX_CPUS - 1);
    EXPECT_EQ(info->ioapic_count, MAX_IOAPICS);
    EXPECT_EQ(info->ioapics_dropped, 20 - MAX_IOAPICS);
    EXPECT_EQ(info->override_count, MAX_OVERRIDES);
    EXPECT_EQ(info->overrides_dropped, 60 - MAX_OVERRIDES);
    EXPECT_EQ(info->nmi_source_count, MAX_NMI_SOURCES);
    EXPECT_EQ(info->local_nmi_count, MAX_LOCAL_NMIS);
    EXPECT_EQ(info->local_nmis_dropped, 4u);
    for (Warning warning : { Warning::TooManyCpus, Warning::TooManyIoApics, Warning::TooManyOverrides,
             Warning::TooManyNmiSources, Warning::TooManyLocalNmis })
        EXPECT_TRUE(diag.has(warning)) << static_cast<uint32_t>(warning);
    EXPECT_STREQ(diag.warning_reason, "MADT lists more processors than MAX_CPUS");
}

TEST(AcpiMadtEntries, ParsingAgainResetsTheOutput)
{
    MadtBuilder four;
    four.lapic(0, 0, ENABLED).lapic(1, 1, ENABLED).lapic(2, 2, ENABLED).lapic(3, 3, ENABLED);
    MadtBuilder one;
    one.lapic(0, 0, ENABLED);
    auto info = std::make_unique<MadtInfo>();
    Diagnostics diag;
    ASSERT_TRUE(four.parse(*info, diag).is_ok());
    ASSERT_TRUE(one.parse(*info, diag).is_ok());
    EXPECT_EQ(info->cpu_count, 1u);
}
