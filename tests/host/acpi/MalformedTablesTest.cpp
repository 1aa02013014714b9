// Host tests for kernel/acpi: malformed MADT, FADT, DSDT, HPET and MCFG tables, made from
// QEMU's real q35 tables one defect at a time (each re-sealed with a correct checksum
// unless the checksum is the defect), plus FADT variants the parser must decode.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "AcpiTestMemory.hpp"
#include "acpi/Structures.hpp"

using namespace ts;
using namespace ts::acpi;
using namespace ts::test;

namespace {

constexpr size_t SDT_LENGTH = 4;
constexpr size_t MADT_ENTRIES = 44; // q35: LAPIC(8) IOAPIC(12) 5 x ISO(10) LAPIC NMI(6)
constexpr size_t MADT_IOAPIC = MADT_ENTRIES + 8;

BlobMemory q35() { return load_machine("q35"); }

void expect_failure(const ParseRun& run, Error error, const std::string& reason, const char* signature,
    uint32_t offset = 0)
{
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.error(), error) << error_name(run.error());
    EXPECT_EQ(run.reason(), reason);
    EXPECT_STREQ(run.diag.signature, signature);
    EXPECT_EQ(run.diag.offset, offset);
}

// Sets the MADT's entry at `offset` to `length` bytes and reseals the table.
ParseRun with_madt_entry_length(size_t offset, uint8_t length)
{
    BlobMemory memory = q35();
    memory.bytes("APIC.bin").at(offset + 1) = length;
    seal_table(memory.bytes("APIC.bin"));
    return parse_all(memory);
}

} // namespace

// --- MADT ---

TEST(AcpiMadt, FlippedByte)
{
    BlobMemory memory = q35();
    memory.bytes("APIC.bin")[MADT_IOAPIC + 4] ^= 0x01; // the I/O APIC's address
    ParseRun run = parse_all(memory);
    expect_failure(run, Error::Corrupt, "table checksum is wrong", "APIC");
    EXPECT_EQ(run.diag.address, PhysAddr(memory.address_of("APIC.bin")));
}

TEST(AcpiMadt, ShorterThanItsFixedPart)
{
    BlobMemory memory = q35();
    memory.bytes("APIC.bin").resize(40);
    seal_table(memory.bytes("APIC.bin"));
    expect_failure(parse_all(memory), Error::BadFormat, "MADT is shorter than its fixed part (44 bytes)", "APIC");
}

TEST(AcpiMadt, EntryLengthZeroOrOne)
{
    expect_failure(with_madt_entry_length(MADT_ENTRIES, 0), Error::BadFormat, "MADT entry length is smaller than 2",
        "APIC", MADT_ENTRIES);
    expect_failure(with_madt_entry_length(MADT_IOAPIC, 1), Error::BadFormat, "MADT entry length is smaller than 2",
        "APIC", MADT_IOAPIC);
}

TEST(AcpiMadt, EntryRunsPastTheEnd)
{
    // The last entry (the 6-byte local APIC NMI) claims 7 bytes.
    constexpr size_t LAST = 120 - 6;
    expect_failure(with_madt_entry_length(LAST, 7), Error::BadFormat, "MADT entry runs past the end of the table",
        "APIC", LAST);
    expect_failure(with_madt_entry_length(MADT_ENTRIES, 255), Error::BadFormat,
        "MADT entry runs past the end of the table", "APIC", MADT_ENTRIES);
}

TEST(AcpiMadt, EntryHeaderCutByTheEnd)
{
    BlobMemory memory = q35();
    memory.bytes("APIC.bin").push_back(0); // one stray byte after the last entry
    seal_table(memory.bytes("APIC.bin"));
    expect_failure(parse_all(memory), Error::BadFormat, "MADT entry header runs past the end of the table", "APIC",
        120);
}

TEST(AcpiMadt, EntriesShorterThanTheirType)
{
    expect_failure(with_madt_entry_length(MADT_ENTRIES, 6), Error::BadFormat,
        "MADT processor local APIC entry is shorter than 8 bytes", "APIC", MADT_ENTRIES);
    expect_failure(with_madt_entry_length(MADT_IOAPIC, 8), Error::BadFormat,
        "MADT I/O APIC entry is shorter than 12 bytes", "APIC", MADT_IOAPIC);
    expect_failure(with_madt_entry_length(MADT_IOAPIC + 12, 9), Error::BadFormat,
        "MADT interrupt source override entry is shorter than 10 bytes", "APIC", MADT_IOAPIC + 12);
}

TEST(AcpiMadt, IoApicAtAddressZero)
{
    BlobMemory memory = q35();
    put_u32(memory.bytes("APIC.bin"), MADT_IOAPIC + 4, 0);
    seal_table(memory.bytes("APIC.bin"));
    expect_failure(parse_all(memory), Error::BadFormat, "MADT I/O APIC entry has address 0", "APIC", MADT_IOAPIC);
}

TEST(AcpiMadt, HugeLength)
{
    BlobMemory memory = q35();
    put_u32(memory.bytes("APIC.bin"), SDT_LENGTH, 0xfffffff0);
    reseal_checksum_only(memory.bytes("APIC.bin"));
    expect_failure(parse_all(memory), Error::TooBig, "table length is over the 16 MiB limit", "APIC");
}

TEST(AcpiMadt, LengthPastReadableMemory)
{
    BlobMemory memory = q35();
    put_u32(memory.bytes("APIC.bin"), SDT_LENGTH, 8192);
    expect_failure(parse_all(memory), Error::Fault, "table runs past readable memory", "APIC");
}

TEST(AcpiMadt, UnknownEntryTypesAreSkippedByLength)
{
    BlobMemory memory = q35();
    auto& madt = memory.bytes("APIC.bin");
    // Turn the I/O APIC entry into an unknown type 0x42 of the same length.
    madt[MADT_IOAPIC] = 0x42;
    seal_table(madt);
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_EQ(run.tables->madt.unknown_entries, 1u);
    EXPECT_EQ(run.tables->madt.ioapic_count, 0u);
    EXPECT_EQ(run.tables->madt.override_count, 5u);
}

TEST(AcpiMadt, DuplicateMadtUsesTheFirst)
{
    BlobMemory memory = q35();
    auto second = memory.bytes("APIC.bin");
    second[MADT_IOAPIC + 2] = 7; // a different I/O APIC ID
    seal_table(second);
    memory.add("APIC-2", 0x100000, second);
    auto& xsdt = memory.bytes("XSDT.bin");
    xsdt.resize(xsdt.size() + 8);
    put_u64(xsdt, xsdt.size() - 8, 0x100000);
    seal_table(xsdt);
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_TRUE(run.diag.has(Warning::DuplicateTable));
    EXPECT_EQ(run.tables->madt.ioapics[0].id, 0);
    EXPECT_EQ(run.tables->find_table("APIC", 1)->address, PhysAddr(0x100000));
}

// --- FADT and DSDT ---

TEST(AcpiFadt, FlippedByte)
{
    BlobMemory memory = q35();
    memory.bytes("FACP.bin")[76] ^= 0x01; // PM_TMR_BLK
    expect_failure(parse_all(memory), Error::Corrupt, "table checksum is wrong", "FACP");
}

TEST(AcpiFadt, ShorterThanAcpi1)
{
    BlobMemory memory = q35();
    memory.bytes("FACP.bin").resize(100);
    seal_table(memory.bytes("FACP.bin"));
    expect_failure(parse_all(memory), Error::BadFormat, "FADT is shorter than the ACPI 1.0 layout (116 bytes)", "FACP");
}

TEST(AcpiFadt, NoDsdt)
{
    BlobMemory memory = q35();
    auto& fadt = memory.bytes("FACP.bin");
    put_u32(fadt, offsetof(spec::Fadt, dsdt), 0);
    put_u64(fadt, offsetof(spec::Fadt, x_dsdt), 0);
    seal_table(fadt);
    expect_failure(parse_all(memory), Error::BadFormat, "FADT gives no DSDT address", "FACP",
        offsetof(spec::Fadt, dsdt));
}

TEST(AcpiFadt, DsdtAddressHoldsAnotherTable)
{
    BlobMemory memory = q35();
    auto& fadt = memory.bytes("FACP.bin");
    put_u64(fadt, offsetof(spec::Fadt, x_dsdt), memory.address_of("FACP.bin"));
    seal_table(fadt);
    ParseRun run = parse_all(memory);
    expect_failure(run, Error::BadFormat, "the FADT's DSDT address holds another table", "FACP");
    EXPECT_TRUE(run.diag.has(Warning::DsdtMismatch));
}

TEST(AcpiFadt, BrokenDsdt)
{
    BlobMemory memory = q35();
    memory.bytes("DSDT.bin")[1000] ^= 0x20;
    expect_failure(parse_all(memory), Error::Corrupt, "table checksum is wrong", "DSDT");
}

TEST(AcpiFadt, XDsdtWinsOverADifferentDsdt)
{
    BlobMemory memory = q35();
    auto& fadt = memory.bytes("FACP.bin");
    put_u32(fadt, offsetof(spec::Fadt, dsdt), 0x12345000); // unreadable, and must not be read
    seal_table(fadt);
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_TRUE(run.diag.has(Warning::DsdtMismatch));
    EXPECT_EQ(run.tables->fadt.dsdt, PhysAddr(memory.address_of("DSDT.bin")));
}

TEST(AcpiFadt, LegacyPmTimerFallbackAndItsLength)
{
    BlobMemory memory = q35();
    auto& fadt = memory.bytes("FACP.bin");
    put_u64(fadt, offsetof(spec::Fadt, x_pm_tmr_blk) + 4, 0); // clear X_PM_TMR_BLK's address
    put_u32(fadt, offsetof(spec::Fadt, flags),
        get_u32(fadt, offsetof(spec::Fadt, flags)) | spec::FADT_FLAG_TMR_VAL_EXT);
    seal_table(fadt);
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_TRUE(run.tables->fadt.has_pm_timer);
    EXPECT_EQ(run.tables->fadt.pm_timer.address, 0x608u);
    EXPECT_TRUE(run.tables->fadt.pm_timer.is_io_port());
    EXPECT_TRUE(run.tables->fadt.pm_timer_32bit);

    put_u8(fadt, offsetof(spec::Fadt, pm_tmr_len), 2);
    seal_table(fadt);
    run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_FALSE(run.tables->fadt.has_pm_timer);
    EXPECT_FALSE(run.tables->fadt.pm_timer.is_present());
    EXPECT_TRUE(run.diag.has(Warning::BadPmTimer));
}

TEST(AcpiFadt, PmTimerInAnUnusableAddressSpace)
{
    BlobMemory memory = q35();
    auto& fadt = memory.bytes("FACP.bin");
    put_u8(fadt, offsetof(spec::Fadt, x_pm_tmr_blk), 2); // PCI configuration space
    seal_table(fadt);
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_FALSE(run.tables->fadt.has_pm_timer);
    EXPECT_TRUE(run.diag.has(Warning::BadPmTimer));

    put_u8(fadt, offsetof(spec::Fadt, x_pm_tmr_blk), 0); // system memory is fine
    seal_table(fadt);
    run = parse_all(memory);
    ASSERT_TRUE(run.ok());
    EXPECT_TRUE(run.tables->fadt.has_pm_timer);
    EXPECT_EQ(run.tables->fadt.pm_timer.space, AddressSpace::SystemMemory);
}

TEST(AcpiFadt, ResetRegisterNeedsItsFlag)
{
    BlobMemory memory = q35();
    auto& fadt = memory.bytes("FACP.bin");
    put_u32(fadt, offsetof(spec::Fadt, flags),
        get_u32(fadt, offsetof(spec::Fadt, flags)) & ~spec::FADT_FLAG_RESET_REG_SUP);
    seal_table(fadt);
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok());
    EXPECT_FALSE(run.tables->fadt.has_reset_register);
}

TEST(AcpiFadt, BootArchitectureFlags)
{
    BlobMemory memory = q35();
    auto& fadt = memory.bytes("FACP.bin");
    put_u16(fadt, offsetof(spec::Fadt, iapc_boot_arch),
        spec::IAPC_VGA_NOT_PRESENT | spec::IAPC_CMOS_RTC_NOT_PRESENT | spec::IAPC_MSI_NOT_SUPPORTED);
    put_u32(fadt, offsetof(spec::Fadt, flags), spec::FADT_FLAG_HW_REDUCED_ACPI);
    seal_table(fadt);
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    const FadtInfo& info = run.tables->fadt;
    EXPECT_TRUE(info.boot_arch_valid);
    EXPECT_FALSE(info.has_8042);
    EXPECT_TRUE(info.vga_not_present);
    EXPECT_TRUE(info.cmos_rtc_not_present);
    EXPECT_TRUE(info.msi_not_supported);
    EXPECT_TRUE(info.hardware_reduced);
    EXPECT_FALSE(info.has_reset_register);
}

TEST(AcpiFadt, Acpi1FadtStopsBeforeTheExtendedFields)
{
    // Cut the q35 FADT to 116 bytes: everything after FLAGS must read as absent, so the
    // DSDT comes from the 32-bit field and the PM timer from PM_TMR_BLK.
    BlobMemory memory = q35();
    auto& fadt = memory.bytes("FACP.bin");
    fadt.resize(spec::FADT_V1_LENGTH);
    fadt[8] = 1;
    seal_table(fadt);
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    const FadtInfo& info = run.tables->fadt;
    EXPECT_EQ(info.dsdt, PhysAddr(memory.address_of("DSDT.bin")));
    EXPECT_EQ(info.pm_timer.address, 0x608u);
    EXPECT_FALSE(info.has_reset_register);
    EXPECT_FALSE(info.boot_arch_valid);
    EXPECT_EQ(info.minor_version, 0);
}

// --- HPET ---

TEST(AcpiHpet, Malformed)
{
    BlobMemory memory = q35();
    auto& hpet = memory.bytes("HPET.bin");
    hpet[36] ^= 0x01;
    expect_failure(parse_all(memory), Error::Corrupt, "table checksum is wrong", "HPET");

    hpet[36] ^= 0x01;
    hpet.resize(40);
    seal_table(hpet);
    expect_failure(parse_all(memory), Error::BadFormat, "HPET table is shorter than 56 bytes", "HPET");

    memory = q35();
    auto& io = memory.bytes("HPET.bin");
    io[offsetof(spec::Hpet, base_address)] = 1; // system I/O
    seal_table(io);
    expect_failure(parse_all(memory), Error::BadFormat, "HPET registers are not in system memory", "HPET",
        offsetof(spec::Hpet, base_address));

    memory = q35();
    auto& null = memory.bytes("HPET.bin");
    put_u64(null, offsetof(spec::Hpet, base_address) + 4, 0);
    seal_table(null);
    expect_failure(parse_all(memory), Error::BadFormat, "HPET register block is at address 0", "HPET",
        offsetof(spec::Hpet, base_address));
}

// --- MCFG ---

TEST(AcpiMcfg, Malformed)
{
    BlobMemory memory = q35();
    auto& mcfg = memory.bytes("MCFG.bin");
    mcfg.resize(mcfg.size() + 4);
    seal_table(mcfg);
    expect_failure(parse_all(memory), Error::BadFormat, "MCFG length is not the header plus whole 16-byte allocations",
        "MCFG");

    memory = q35();
    auto& buses = memory.bytes("MCFG.bin");
    buses[44 + 10] = 5; // start bus
    buses[44 + 11] = 4; // end bus
    seal_table(buses);
    expect_failure(parse_all(memory), Error::BadFormat, "MCFG allocation's start bus is after its end bus", "MCFG",
        44);

    memory = q35();
    auto& wrap = memory.bytes("MCFG.bin");
    put_u64(wrap, 44, 0xfffffffffff00000ull);
    seal_table(wrap);
    expect_failure(parse_all(memory), Error::BadFormat, "MCFG allocation runs past the end of the address space",
        "MCFG", 44);

    memory = q35();
    auto& short_table = memory.bytes("MCFG.bin");
    short_table.resize(40);
    seal_table(short_table);
    expect_failure(parse_all(memory), Error::BadFormat, "MCFG is shorter than its fixed part (44 bytes)", "MCFG");
}

TEST(AcpiMcfg, EmptyAndTooManyAllocations)
{
    BlobMemory memory = q35();
    memory.bytes("MCFG.bin").resize(44);
    seal_table(memory.bytes("MCFG.bin"));
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok());
    EXPECT_TRUE(run.tables->has_mcfg);
    EXPECT_EQ(run.tables->mcfg.segment_count, 0u);

    // 20 segments, relocated where there is room.
    std::vector<uint8_t> big = make_table("MCFG", 44 + 20 * 16);
    for (size_t i = 0; i < 20; ++i) {
        put_u64(big, 44 + i * 16, 0xe0000000ull + (i << 28));
        put_u16(big, 44 + i * 16 + 8, static_cast<uint16_t>(i));
        big[44 + i * 16 + 11] = 0xff;
    }
    seal_table(big);
    memory.add("BIGMCFG", 0x100000, big);
    put_u64(memory.bytes("XSDT.bin"), 36 + 3 * 8, 0x100000);
    seal_table(memory.bytes("XSDT.bin"));
    run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_TRUE(run.diag.has(Warning::TooManyMcfgSegments));
    EXPECT_EQ(run.tables->mcfg.segment_count, MAX_MCFG_SEGMENTS);
    EXPECT_EQ(run.tables->mcfg.segments_dropped, 4u);
    EXPECT_EQ(run.tables->mcfg.segments[15].segment, 15);
    EXPECT_EQ(run.tables->mcfg.segments[15].base, PhysAddr(0xe0000000ull + (15ull << 28)));
}
