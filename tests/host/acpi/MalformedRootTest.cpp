// Host tests for kernel/acpi: a broken RSDP, XSDT or RSDT, made from QEMU's real tables
// one defect at a time. Each must give an error with the right reason (or, where the
// design tolerates the defect, a warning and a working fallback), never a crash or a
// read outside the blobs (ASan and UBSan watch).
#include <gtest/gtest.h>

#include <string>

#include "AcpiTestMemory.hpp"

using namespace ts;
using namespace ts::acpi;
using namespace ts::test;

namespace {

constexpr size_t RSDP_REVISION = 15;
constexpr size_t RSDP_RSDT = 16;
constexpr size_t RSDP_LENGTH = 20;
constexpr size_t RSDP_XSDT = 24;
constexpr size_t SDT_LENGTH = 4;
constexpr size_t SDT_ENTRIES = 36;

BlobMemory q35() { return load_machine("q35"); }

void expect_failure(const ParseRun& run, Error error, const std::string& reason, const char* signature)
{
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.error(), error) << error_name(run.error());
    EXPECT_EQ(run.reason(), reason);
    EXPECT_STREQ(run.diag.signature, signature);
}

} // namespace

TEST(AcpiRsdp, WrongSignature)
{
    BlobMemory memory = q35();
    memory.bytes("RSDP.bin")[3] = 'X';
    seal_rsdp(memory.bytes("RSDP.bin"));
    expect_failure(parse_all(memory), Error::BadFormat, "RSDP signature is not \"RSD PTR \"", "");
}

TEST(AcpiRsdp, FlippedByteBreaksTheChecksum)
{
    BlobMemory memory = q35();
    memory.bytes("RSDP.bin")[10] ^= 0x40; // in the OEM ID
    ParseRun run = parse_all(memory);
    expect_failure(run, Error::Corrupt, "RSDP checksum (first 20 bytes) is wrong", "");
    EXPECT_EQ(run.diag.address, memory.rsdp());
}

TEST(AcpiRsdp, FlippedByteBreaksTheExtendedChecksum)
{
    BlobMemory memory = q35();
    memory.bytes("RSDP.bin")[RSDP_XSDT + 5] ^= 0x01; // a high byte of the XSDT address
    expect_failure(parse_all(memory), Error::Corrupt, "RSDP extended checksum is wrong", "");
}

TEST(AcpiRsdp, ChecksumsAreIgnoredOnlyWhenAsked)
{
    BlobMemory memory = q35();
    memory.bytes("RSDP.bin")[10] ^= 0x40;
    memory.bytes("APIC.bin")[20] ^= 0x40;
    EXPECT_FALSE(parse_all(memory).ok());
    ParseRun run = parse_all(memory, 2, ParseOptions { Checksums::Ignore });
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_EQ(run.tables->madt.cpu_count, 1u);
}

TEST(AcpiRsdp, LengthShorterThanTheAcpi2Structure)
{
    BlobMemory memory = q35();
    put_u32(memory.bytes("RSDP.bin"), RSDP_LENGTH, 20);
    seal_rsdp(memory.bytes("RSDP.bin"));
    expect_failure(parse_all(memory), Error::BadFormat, "RSDP length is smaller than the ACPI 2.0 RSDP (36 bytes)", "");
}

TEST(AcpiRsdp, HugeLength)
{
    BlobMemory memory = q35();
    put_u32(memory.bytes("RSDP.bin"), RSDP_LENGTH, 0xffffffff);
    seal_rsdp(memory.bytes("RSDP.bin"));
    expect_failure(parse_all(memory), Error::TooBig, "RSDP length is over 4 KiB", "");
}

TEST(AcpiRsdp, LengthPastReadableMemory)
{
    BlobMemory memory = q35();
    put_u32(memory.bytes("RSDP.bin"), RSDP_LENGTH, 64);
    seal_rsdp(memory.bytes("RSDP.bin"));
    expect_failure(parse_all(memory), Error::Fault, "RSDP runs past readable memory", "");
}

TEST(AcpiRsdp, Revision2TruncatedTo20Bytes)
{
    BlobMemory memory = q35();
    memory.bytes("RSDP.bin").resize(20);
    expect_failure(parse_all(memory), Error::Fault, "ACPI 2.0 part of the RSDP is not readable", "");
}

TEST(AcpiRsdp, Unreadable)
{
    BlobMemory memory = q35();
    auto tables = std::make_unique<AcpiTables>();
    Diagnostics diag;
    auto result = parse_static_tables(memory, PhysAddr(0x1000), 2, *tables, &diag);
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Error::Fault);
    EXPECT_STREQ(diag.reason, "RSDP is not readable");
    // At the very top of the address space, address + length wraps.
    result = parse_static_tables(memory, PhysAddr(~uint64_t(0) - 3), 2, *tables, &diag);
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Error::Fault);
}

TEST(AcpiRsdp, NoRootTable)
{
    BlobMemory memory = q35();
    put_u32(memory.bytes("RSDP.bin"), RSDP_RSDT, 0);
    put_u64(memory.bytes("RSDP.bin"), RSDP_XSDT, 0);
    seal_rsdp(memory.bytes("RSDP.bin"));
    expect_failure(parse_all(memory), Error::BadFormat, "RSDP names neither an RSDT nor an XSDT", "");
}

TEST(AcpiRsdp, NullDiagnosticsAreFine)
{
    BlobMemory memory = q35();
    memory.bytes("RSDP.bin")[10] ^= 0x40;
    auto tables = std::make_unique<AcpiTables>();
    EXPECT_EQ(parse_static_tables(memory, memory.rsdp(), 2, *tables, nullptr).error(), Error::Corrupt);
}

// --- XSDT and RSDT ---

TEST(AcpiRoot, BadXsdtChecksumFallsBackToTheRsdt)
{
    BlobMemory memory = q35();
    memory.bytes("XSDT.bin")[SDT_ENTRIES] ^= 0x10;
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_TRUE(run.diag.has(Warning::XsdtInvalid));
    EXPECT_STREQ(run.diag.warning_reason, "table checksum is wrong");
    EXPECT_EQ(run.diag.reason, nullptr);
    EXPECT_EQ(directory_signatures(*run.tables), "RSDT FACP APIC HPET MCFG WAET BGRT DSDT");
    EXPECT_EQ(run.tables->madt.ioapic_count, 1u);
}

TEST(AcpiRoot, BadXsdtAndBadRsdt)
{
    BlobMemory memory = q35();
    memory.bytes("XSDT.bin")[SDT_ENTRIES] ^= 0x10;
    memory.bytes("RSDT.bin")[SDT_ENTRIES] ^= 0x10;
    ParseRun run = parse_all(memory);
    expect_failure(run, Error::Corrupt, "table checksum is wrong", "RSDT");
    EXPECT_EQ(run.diag.address, PhysAddr(memory.address_of("RSDT.bin")));
    EXPECT_TRUE(run.diag.has(Warning::XsdtInvalid));
}

TEST(AcpiRoot, BadXsdtWithoutRsdt)
{
    BlobMemory memory = q35();
    memory.bytes("XSDT.bin")[SDT_ENTRIES] ^= 0x10;
    put_u32(memory.bytes("RSDP.bin"), RSDP_RSDT, 0);
    seal_rsdp(memory.bytes("RSDP.bin"));
    expect_failure(parse_all(memory), Error::Corrupt, "table checksum is wrong", "XSDT");
}

TEST(AcpiRoot, XsdtAddressHoldsAnotherTable)
{
    BlobMemory memory = q35();
    put_u64(memory.bytes("RSDP.bin"), RSDP_XSDT, memory.address_of("APIC.bin"));
    put_u32(memory.bytes("RSDP.bin"), RSDP_RSDT, 0);
    seal_rsdp(memory.bytes("RSDP.bin"));
    expect_failure(parse_all(memory), Error::BadFormat, "root table at the XSDT address is not an XSDT", "APIC");
}

TEST(AcpiRoot, XsdtLengthNotAWholeNumberOfEntries)
{
    BlobMemory memory = q35();
    memory.bytes("XSDT.bin").push_back(0);
    seal_table(memory.bytes("XSDT.bin"));
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok());
    EXPECT_STREQ(run.diag.warning_reason, "XSDT length is not the header plus a whole number of 8-byte entries");

    memory.bytes("RSDT.bin").resize(62);
    seal_table(memory.bytes("RSDT.bin"));
    expect_failure(parse_all(memory), Error::BadFormat,
        "RSDT length is not the header plus a whole number of 4-byte entries", "RSDT");
}

TEST(AcpiRoot, XsdtListingItselfIsALoop)
{
    BlobMemory memory = q35();
    put_u64(memory.bytes("XSDT.bin"), SDT_ENTRIES + 8, memory.address_of("XSDT.bin"));
    seal_table(memory.bytes("XSDT.bin"));
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok());
    EXPECT_STREQ(run.diag.warning_reason, "XSDT lists itself");
    EXPECT_TRUE(run.tables->directory.root()->has_signature("RSDT"));

    put_u32(memory.bytes("RSDT.bin"), SDT_ENTRIES, static_cast<uint32_t>(memory.address_of("RSDT.bin")));
    seal_table(memory.bytes("RSDT.bin"));
    run = parse_all(memory);
    expect_failure(run, Error::Corrupt, "RSDT lists itself", "RSDT");
    EXPECT_EQ(run.diag.offset, SDT_ENTRIES);
}

TEST(AcpiRoot, RootTablesListingEachOther)
{
    BlobMemory memory = q35();
    put_u64(memory.bytes("XSDT.bin"), SDT_ENTRIES, memory.address_of("RSDT.bin"));
    seal_table(memory.bytes("XSDT.bin"));
    put_u32(memory.bytes("RSDT.bin"), SDT_ENTRIES + 4, static_cast<uint32_t>(memory.address_of("XSDT.bin")));
    seal_table(memory.bytes("RSDT.bin"));
    ParseRun run = parse_all(memory);
    expect_failure(run, Error::Corrupt, "RSDT lists a root table (an RSDT or XSDT)", "RSDT");
    EXPECT_STREQ(run.diag.warning_reason, "XSDT lists a root table (an RSDT or XSDT)");
}

TEST(AcpiRoot, HugeLength)
{
    BlobMemory memory = q35();
    put_u32(memory.bytes("XSDT.bin"), SDT_LENGTH, 0xffffffff);
    reseal_checksum_only(memory.bytes("XSDT.bin"));
    put_u32(memory.bytes("RSDT.bin"), SDT_LENGTH, MAX_TABLE_LENGTH + 1);
    reseal_checksum_only(memory.bytes("RSDT.bin"));
    ParseRun run = parse_all(memory);
    expect_failure(run, Error::TooBig, "table length is over the 16 MiB limit", "RSDT");
    EXPECT_STREQ(run.diag.warning_reason, "table length is over the 16 MiB limit");
    // Refused from the header alone: nothing near 16 MiB was read.
    EXPECT_LT(memory.reads(), 100u);
}

TEST(AcpiRoot, LengthPastReadableMemory)
{
    BlobMemory memory = q35();
    put_u32(memory.bytes("XSDT.bin"), SDT_LENGTH, 4096);
    put_u32(memory.bytes("RSDP.bin"), RSDP_RSDT, 0);
    seal_rsdp(memory.bytes("RSDP.bin"));
    expect_failure(parse_all(memory), Error::Fault, "table runs past readable memory", "XSDT");
}

TEST(AcpiRoot, LengthSmallerThanTheHeader)
{
    BlobMemory memory = q35();
    put_u32(memory.bytes("XSDT.bin"), SDT_LENGTH, 20);
    reseal_checksum_only(memory.bytes("XSDT.bin"));
    put_u32(memory.bytes("RSDT.bin"), SDT_LENGTH, 0);
    reseal_checksum_only(memory.bytes("RSDT.bin"));
    expect_failure(parse_all(memory), Error::BadFormat, "table length is smaller than the table header", "RSDT");
}

TEST(AcpiRoot, NullAndRepeatedEntriesAreSkipped)
{
    BlobMemory memory = q35();
    auto& xsdt = memory.bytes("XSDT.bin");
    put_u64(xsdt, SDT_ENTRIES + 4 * 8, 0); // WAET
    put_u64(xsdt, SDT_ENTRIES + 5 * 8, memory.address_of("APIC.bin")); // BGRT
    seal_table(xsdt);
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_TRUE(run.diag.has(Warning::NullTableEntry));
    EXPECT_TRUE(run.diag.has(Warning::DuplicateTableEntry));
    EXPECT_FALSE(run.diag.has(Warning::DuplicateTable));
    EXPECT_EQ(directory_signatures(*run.tables), "XSDT FACP APIC HPET MCFG DSDT");
}

TEST(AcpiRoot, UninterpretedTablesThatFailAreLeftOut)
{
    BlobMemory memory = q35();
    memory.bytes("BGRT.bin")[40] ^= 1; // checksum
    put_u64(memory.bytes("XSDT.bin"), SDT_ENTRIES + 4 * 8, 0x123456789000ull); // WAET: unreadable
    seal_table(memory.bytes("XSDT.bin"));
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_TRUE(run.diag.has(Warning::InvalidTableSkipped));
    EXPECT_EQ(directory_signatures(*run.tables), "XSDT FACP APIC HPET MCFG DSDT");
}

TEST(AcpiRoot, UnprintableSignatureIsLeftOut)
{
    BlobMemory memory = q35();
    memory.bytes("WAET.bin")[1] = 0x07;
    seal_table(memory.bytes("WAET.bin"));
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok());
    EXPECT_TRUE(run.diag.has(Warning::InvalidTableSkipped));
    EXPECT_EQ(directory_signatures(*run.tables), "XSDT FACP APIC HPET MCFG BGRT DSDT");
}

TEST(AcpiRoot, SeveralSsdtsAreFoundByIndex)
{
    BlobMemory memory = q35();
    auto first = make_table("SSDT", 40);
    auto second = make_table("SSDT", 48);
    memory.add("SSDT-1", 0x100000, first);
    memory.add("SSDT-2", 0x100100, second);
    auto& xsdt = memory.bytes("XSDT.bin");
    xsdt.resize(xsdt.size() + 16);
    put_u64(xsdt, xsdt.size() - 16, 0x100000);
    put_u64(xsdt, xsdt.size() - 8, 0x100100);
    seal_table(xsdt);
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_EQ(run.diag.warnings, 0u);
    const AcpiTables& tables = *run.tables;
    EXPECT_EQ(tables.directory.count_of("SSDT"), 2u);
    ASSERT_NE(tables.find_table("SSDT", 0), nullptr);
    ASSERT_NE(tables.find_table("SSDT", 1), nullptr);
    EXPECT_EQ(tables.find_table("SSDT", 0)->address, PhysAddr(0x100000));
    EXPECT_EQ(tables.find_table("SSDT", 1)->length, 48u);
    EXPECT_STREQ(tables.find_table("SSDT", 1)->oem_id, "TESTID");
    EXPECT_EQ(tables.find_table("SSDT", 2), nullptr);
}

TEST(AcpiRoot, DsdtListedInTheXsdtAppearsOnce)
{
    BlobMemory memory = q35();
    put_u64(memory.bytes("XSDT.bin"), SDT_ENTRIES + 4 * 8, memory.address_of("DSDT.bin")); // instead of WAET
    seal_table(memory.bytes("XSDT.bin"));
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_EQ(directory_signatures(*run.tables), "XSDT FACP APIC HPET MCFG DSDT BGRT");
}

TEST(AcpiRoot, MoreTablesThanTheDirectoryHolds)
{
    BlobMemory memory = q35();
    // A new XSDT listing 200 small tables, followed by the FADT (which must not be
    // reached, so the DSDT is absent too).
    constexpr size_t COUNT = 200;
    std::vector<uint8_t> xsdt = make_table("XSDT", 36 + (COUNT + 1) * 8);
    for (size_t i = 0; i < COUNT; ++i) {
        uint64_t address = 0x200000 + i * 64;
        memory.add("T" + std::to_string(i), address, make_table("OEMT", 36));
        put_u64(xsdt, 36 + i * 8, address);
    }
    put_u64(xsdt, 36 + COUNT * 8, memory.address_of("FACP.bin"));
    seal_table(xsdt);
    memory.add("BIGXSDT", 0x400000, xsdt);
    put_u64(memory.bytes("RSDP.bin"), RSDP_XSDT, 0x400000);
    seal_rsdp(memory.bytes("RSDP.bin"));
    ParseRun run = parse_all(memory);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_TRUE(run.diag.has(Warning::TooManyTables));
    EXPECT_EQ(run.tables->directory.count(), MAX_TABLES - 1);
    EXPECT_FALSE(run.tables->has_fadt);
}

TEST(AcpiRoot, Revision0RsdpIgnoresTheXsdtFields)
{
    BlobMemory memory = q35();
    auto& rsdp = memory.bytes("RSDP.bin");
    rsdp[RSDP_REVISION] = 0;
    put_u64(rsdp, RSDP_XSDT, 0xdeadbeef000ull); // would be unreadable if it were used
    seal_rsdp(rsdp);
    ParseRun run = parse_all(memory, 0);
    ASSERT_TRUE(run.ok()) << run.reason();
    EXPECT_EQ(run.diag.warnings, 0u);
    EXPECT_TRUE(run.tables->rsdp.xsdt_address.is_null());
    EXPECT_TRUE(run.tables->directory.root()->has_signature("RSDT"));
}
