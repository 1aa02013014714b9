// Host tests for tests/support/AcpiFuzzImage.hpp, the builder of the ACPI fuzzer's seeds:
// QEMU's tables packed into one blob with their pointers rewritten must parse to the same
// facts as the tables at their real addresses, with and without the stubbed DSDT.
#include <gtest/gtest.h>

#include <string>

#include "AcpiTestMemory.hpp"
#include "tests/support/AcpiFuzzImage.hpp"

using namespace ts;
using namespace ts::acpi;
using namespace ts::test;

namespace {

void expect_same_facts(const std::string& machine, bool stub_dsdt)
{
    SCOPED_TRACE(machine + (stub_dsdt ? " (stub DSDT)" : ""));
    std::vector<uint8_t> image = acpi_fuzz::make_image(acpi_data_dir(machine), 0, stub_dsdt);
    ASSERT_GT(image.size(), 1u);
    EXPECT_EQ(image[0], 0);
    BlobMemory packed;
    packed.add("RSDP.bin", acpi_fuzz::MEMORY_BASE, std::vector<uint8_t>(image.begin() + 1, image.end()));
    ParseRun from_image = parse_all(packed);
    ASSERT_TRUE(from_image.ok()) << from_image.reason();
    EXPECT_EQ(from_image.diag.warnings, 0u);

    BlobMemory real = load_machine(machine);
    ParseRun from_dump = parse_all(real);
    ASSERT_TRUE(from_dump.ok());

    const AcpiTables& a = *from_image.tables;
    const AcpiTables& b = *from_dump.tables;
    EXPECT_EQ(directory_signatures(a), directory_signatures(b));
    EXPECT_EQ(a.madt.cpu_count, b.madt.cpu_count);
    EXPECT_EQ(a.madt.ioapic_count, b.madt.ioapic_count);
    EXPECT_EQ(a.madt.override_count, b.madt.override_count);
    EXPECT_EQ(a.has_hpet, b.has_hpet);
    EXPECT_EQ(a.hpet.address, b.hpet.address);
    EXPECT_EQ(a.has_mcfg, b.has_mcfg);
    EXPECT_EQ(a.fadt.pm_timer.address, b.fadt.pm_timer.address);
    EXPECT_EQ(a.fadt.dsdt, a.find_table("DSDT")->address);
    EXPECT_EQ(a.find_table("DSDT")->length, stub_dsdt ? 36u : b.find_table("DSDT")->length);
}

} // namespace

TEST(AcpiFuzzImage, PackedTablesParseLikeTheDump)
{
    for (const char* machine : { "q35", "q35-smp4", "q35-nohpet", "pc" }) {
        expect_same_facts(machine, false);
        expect_same_facts(machine, true);
    }
}

TEST(AcpiFuzzImage, MissingDumpGivesAnEmptyImage)
{
    EXPECT_TRUE(acpi_fuzz::make_image(acpi_data_dir("no-such-machine"), 0, false).empty());
}
