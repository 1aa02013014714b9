// Host tests for kernel/acpi against the tables QEMU really builds (dumped by
// tests/host/data/acpi/dump-acpi-tables.sh). The expected values come from QEMU's machine
// definitions (the q35/ICH9 and i440fx/PIIX4 chipsets as QEMU 7.2 models them and the
// command-line options each dump was made with), not from running the parser.
#include <gtest/gtest.h>

#include <string>

#include "AcpiTestMemory.hpp"
#include "acpi/StaticTables.hpp"

using namespace ts;
using namespace ts::acpi;
using ts::test::BlobMemory;
using ts::test::load_machine;

namespace {

struct Parsed {
    BlobMemory memory;
    AcpiTables tables;
    Diagnostics diag;
    bool ok;
};

// AcpiTables is ~18 KiB; keep it off the test's stack frame.
std::unique_ptr<Parsed> parse(const std::string& machine)
{
    auto parsed = std::make_unique<Parsed>();
    parsed->memory = load_machine(machine);
    auto result = parse_static_tables(parsed->memory, parsed->memory.rsdp(), 2, parsed->tables, &parsed->diag);
    parsed->ok = result.is_ok();
    EXPECT_TRUE(parsed->ok) << machine << ": " << (parsed->diag.reason ? parsed->diag.reason : "?");
    return parsed;
}

std::string signatures(const AcpiTables& tables) { return ts::test::directory_signatures(tables); }

// What every QEMU x86 machine's MADT holds besides the processors (QEMU's build_madt for
// the pc and q35 machines): one I/O APIC, ID 0 at 0xfec00000, GSI base 0; ISA IRQ 0 (the
// PIT) moved to GSI 2; the PCI-routed ISA IRQs 5, 9, 10 and 11 active high,
// level-triggered; LINT1 of every processor wired to NMI; the 8259s present.
void expect_qemu_interrupt_routing(const MadtInfo& madt)
{
    EXPECT_EQ(madt.local_apic_address, PhysAddr(0xfee00000));
    EXPECT_FALSE(madt.local_apic_address_overridden);
    EXPECT_TRUE(madt.has_8259);

    ASSERT_EQ(madt.ioapic_count, 1u);
    EXPECT_EQ(madt.ioapics[0].id, 0);
    EXPECT_EQ(madt.ioapics[0].address, PhysAddr(0xfec00000));
    EXPECT_EQ(madt.ioapics[0].gsi_base, 0u);

    ASSERT_EQ(madt.override_count, 5u);
    const InterruptOverride* pit = madt.find_isa_override(0);
    ASSERT_NE(pit, nullptr);
    EXPECT_EQ(pit->gsi, 2u);
    EXPECT_EQ(pit->polarity, Polarity::Conforming);
    EXPECT_EQ(pit->trigger, Trigger::Conforming);
    for (uint8_t irq : { 5, 9, 10, 11 }) {
        const InterruptOverride* pci = madt.find_isa_override(irq);
        ASSERT_NE(pci, nullptr) << "IRQ " << int(irq);
        EXPECT_EQ(pci->bus, 0);
        EXPECT_EQ(pci->gsi, irq);
        EXPECT_EQ(pci->polarity, Polarity::ActiveHigh);
        EXPECT_EQ(pci->trigger, Trigger::Level);
    }
    EXPECT_EQ(madt.find_isa_override(1), nullptr);
    EXPECT_EQ(madt.find_isa_override(8), nullptr);

    ASSERT_EQ(madt.local_nmi_count, 1u);
    EXPECT_TRUE(madt.local_nmis[0].all_processors);
    EXPECT_EQ(madt.local_nmis[0].lint, 1);
    EXPECT_EQ(madt.nmi_source_count, 0u);
    EXPECT_EQ(madt.unknown_entries, 0u);
}

// QEMU's processors: ACPI UID and APIC ID both equal the CPU index, all enabled.
void expect_cpus(const MadtInfo& madt, size_t count)
{
    ASSERT_EQ(madt.cpu_count, count);
    EXPECT_EQ(madt.enabled_cpu_count(), count);
    EXPECT_EQ(madt.cpus_dropped, 0u);
    EXPECT_EQ(madt.cpus_unusable, 0u);
    for (size_t i = 0; i < count; ++i) {
        EXPECT_EQ(madt.cpus[i].acpi_uid, i);
        EXPECT_EQ(madt.cpus[i].apic_id, i);
        EXPECT_TRUE(madt.cpus[i].enabled);
        EXPECT_FALSE(madt.cpus[i].x2apic_entry);
    }
}

// QEMU's HPET: one block at 0xfed00000, Intel's vendor ID, three comparators, a 64-bit
// counter, legacy replacement routing.
void expect_qemu_hpet(const AcpiTables& tables)
{
    ASSERT_TRUE(tables.has_hpet);
    EXPECT_EQ(tables.hpet.address, PhysAddr(0xfed00000));
    EXPECT_EQ(tables.hpet.hpet_number, 0);
    EXPECT_EQ(tables.hpet.pci_vendor_id, 0x8086);
    EXPECT_EQ(tables.hpet.comparator_count, 3);
    EXPECT_TRUE(tables.hpet.counter_64bit);
    EXPECT_TRUE(tables.hpet.legacy_replacement);
}

// The q35 FADT (QEMU's ICH9 LPC power management at I/O base 0x600): revision 3, SCI on
// IRQ 9, PM1a event/control at 0x600/0x604, the 24-bit PM timer at 0x608 in the
// X_PM_TMR_BLK, the reset register at I/O port 0xcf9 with value 0x0f, century at CMOS
// index 0x32, an 8042, VGA and the CMOS RTC present.
void expect_q35_fadt(const FadtInfo& fadt)
{
    EXPECT_EQ(fadt.revision, 3);
    EXPECT_EQ(fadt.sci_interrupt, 9);
    EXPECT_EQ(fadt.smi_command, 0xb2u);
    EXPECT_FALSE(fadt.hardware_reduced);
    EXPECT_TRUE(fadt.pm1a_event.is_io_port());
    EXPECT_EQ(fadt.pm1a_event.address, 0x600u);
    EXPECT_EQ(fadt.pm1a_control.address, 0x604u);
    EXPECT_FALSE(fadt.pm1b_control.is_present());

    ASSERT_TRUE(fadt.has_pm_timer);
    EXPECT_TRUE(fadt.pm_timer.is_io_port());
    EXPECT_EQ(fadt.pm_timer.address, 0x608u);
    EXPECT_EQ(fadt.pm_timer.bit_width, 32);
    EXPECT_FALSE(fadt.pm_timer_32bit);

    ASSERT_TRUE(fadt.has_reset_register);
    EXPECT_TRUE(fadt.reset_register.is_io_port());
    EXPECT_EQ(fadt.reset_register.address, 0xcf9u);
    EXPECT_EQ(fadt.reset_register.bit_width, 8);
    EXPECT_EQ(fadt.reset_value, 0x0f);

    EXPECT_EQ(fadt.rtc_century_index, 0x32);
    EXPECT_TRUE(fadt.boot_arch_valid);
    EXPECT_TRUE(fadt.has_8042);
    EXPECT_FALSE(fadt.vga_not_present);
    EXPECT_FALSE(fadt.cmos_rtc_not_present);
    EXPECT_FALSE(fadt.msi_not_supported);
}

// q35's MMCONFIG window: 256 buses at 0xb0000000 in segment 0.
void expect_q35_mcfg(const AcpiTables& tables)
{
    ASSERT_TRUE(tables.has_mcfg);
    ASSERT_EQ(tables.mcfg.segment_count, 1u);
    EXPECT_EQ(tables.mcfg.segments[0].base, PhysAddr(0xb0000000));
    EXPECT_EQ(tables.mcfg.segments[0].segment, 0);
    EXPECT_EQ(tables.mcfg.segments[0].start_bus, 0);
    EXPECT_EQ(tables.mcfg.segments[0].end_bus, 255);
}

} // namespace

TEST(AcpiQemu, Q35RsdpAndDirectory)
{
    auto parsed = parse("q35");
    ASSERT_TRUE(parsed->ok);
    const AcpiTables& tables = parsed->tables;
    EXPECT_EQ(parsed->diag.warnings, 0u) << parsed->diag.warning_reason;
    EXPECT_EQ(tables.rsdp.address, parsed->memory.rsdp());
    EXPECT_EQ(tables.rsdp.revision, 2);
    EXPECT_STREQ(tables.rsdp.oem_id, "BOCHS ");
    EXPECT_EQ(tables.rsdp.xsdt_address, PhysAddr(parsed->memory.address_of("XSDT.bin")));
    EXPECT_EQ(tables.rsdp.rsdt_address, PhysAddr(parsed->memory.address_of("RSDT.bin")));

    // The XSDT is preferred; OVMF adds a BGRT for its boot logo; QEMU adds the WAET.
    ASSERT_NE(tables.directory.root(), nullptr);
    EXPECT_TRUE(tables.directory.root()->has_signature("XSDT"));
    EXPECT_EQ(signatures(tables), "XSDT FACP APIC HPET MCFG WAET BGRT DSDT");
    for (size_t i = 0; i < tables.directory.count(); ++i) {
        const TableEntry& entry = tables.directory.at(i);
        std::string file = std::string(entry.signature) + ".bin";
        EXPECT_EQ(entry.address, PhysAddr(parsed->memory.address_of(file))) << file;
        EXPECT_EQ(entry.length, parsed->memory.bytes(file).size()) << file;
    }
    const TableEntry* madt = tables.find_table("APIC");
    ASSERT_NE(madt, nullptr);
    EXPECT_STREQ(madt->oem_id, "BOCHS ");
    EXPECT_STREQ(madt->oem_table_id, "BXPC    ");
    EXPECT_EQ(tables.find_table("APIC", 1), nullptr);
    EXPECT_EQ(tables.find_table("SSDT"), nullptr);
    EXPECT_EQ(tables.find_table("APICX"), nullptr);
    EXPECT_TRUE(tables.has_fadt && tables.has_madt && tables.has_hpet && tables.has_mcfg);
}

TEST(AcpiQemu, Q35Madt)
{
    auto parsed = parse("q35");
    ASSERT_TRUE(parsed->ok);
    expect_cpus(parsed->tables.madt, 1);
    expect_qemu_interrupt_routing(parsed->tables.madt);
}

TEST(AcpiQemu, Q35FadtHpetMcfg)
{
    auto parsed = parse("q35");
    ASSERT_TRUE(parsed->ok);
    const AcpiTables& tables = parsed->tables;
    expect_q35_fadt(tables.fadt);
    EXPECT_EQ(tables.fadt.dsdt, PhysAddr(parsed->memory.address_of("DSDT.bin")));
    EXPECT_EQ(tables.fadt.facs, PhysAddr(parsed->memory.address_of("FACS.bin")));
    expect_qemu_hpet(tables);
    expect_q35_mcfg(tables);
}

TEST(AcpiQemu, Q35Smp4HasFourProcessors)
{
    auto parsed = parse("q35-smp4");
    ASSERT_TRUE(parsed->ok);
    expect_cpus(parsed->tables.madt, 4);
    expect_qemu_interrupt_routing(parsed->tables.madt);
    EXPECT_NE(parsed->tables.madt.find_cpu_by_apic_id(3), nullptr);
    EXPECT_EQ(parsed->tables.madt.find_cpu_by_apic_id(4), nullptr);
}

TEST(AcpiQemu, Q35WithoutHpet)
{
    auto parsed = parse("q35-nohpet");
    ASSERT_TRUE(parsed->ok);
    EXPECT_FALSE(parsed->tables.has_hpet);
    EXPECT_EQ(parsed->tables.find_table("HPET"), nullptr);
    EXPECT_EQ(signatures(parsed->tables), "XSDT FACP APIC MCFG WAET BGRT DSDT");
    expect_cpus(parsed->tables.madt, 1);
    expect_q35_fadt(parsed->tables.fadt);
    expect_q35_mcfg(parsed->tables);
}

// The i440fx machine: QEMU gives it an ACPI 1.0 (revision 1, 116-byte) FADT, so every
// field comes from the legacy 32-bit fields: PIIX4 power management at I/O 0xb000, the PM
// timer at 0xb008, no reset register, no boot architecture flags; and no MCFG.
TEST(AcpiQemu, PcLegacyFadtAndNoMcfg)
{
    auto parsed = parse("pc");
    ASSERT_TRUE(parsed->ok);
    const AcpiTables& tables = parsed->tables;
    EXPECT_EQ(signatures(tables), "XSDT FACP APIC HPET WAET BGRT DSDT");
    EXPECT_FALSE(tables.has_mcfg);
    expect_cpus(tables.madt, 1);
    expect_qemu_interrupt_routing(tables.madt);
    expect_qemu_hpet(tables);

    const FadtInfo& fadt = tables.fadt;
    EXPECT_EQ(fadt.revision, 1);
    EXPECT_EQ(fadt.dsdt, PhysAddr(parsed->memory.address_of("DSDT.bin")));
    EXPECT_EQ(fadt.sci_interrupt, 9);
    ASSERT_TRUE(fadt.has_pm_timer);
    EXPECT_TRUE(fadt.pm_timer.is_io_port());
    EXPECT_EQ(fadt.pm_timer.address, 0xb008u);
    EXPECT_EQ(fadt.pm_timer.bit_width, 32);
    EXPECT_FALSE(fadt.pm_timer_32bit);
    EXPECT_EQ(fadt.pm1a_event.address, 0xb000u);
    EXPECT_EQ(fadt.pm1a_control.address, 0xb004u);
    EXPECT_EQ(fadt.pm1a_control.bit_width, 16);
    EXPECT_FALSE(fadt.has_reset_register);
    EXPECT_FALSE(fadt.boot_arch_valid);
    EXPECT_FALSE(fadt.has_8042);
    EXPECT_EQ(fadt.rtc_century_index, 0x32);
}

// The RSDT path: the same machine read as an ACPI 1.0 system (a revision-0 RSDP) must give
// the same tables through the RSDT's 32-bit entries.
TEST(AcpiQemu, Q35ThroughTheRsdt)
{
    BlobMemory memory = load_machine("q35");
    auto& rsdp = memory.bytes("RSDP.bin");
    rsdp[15] = 0; // revision
    rsdp.resize(20);
    ts::test::seal_rsdp(rsdp);
    auto tables = std::make_unique<AcpiTables>();
    Diagnostics diag;
    ASSERT_TRUE(parse_static_tables(memory, memory.rsdp(), 0, *tables, &diag).is_ok()) << diag.reason;
    EXPECT_EQ(diag.warnings, 0u);
    EXPECT_TRUE(tables->directory.root()->has_signature("RSDT"));
    EXPECT_EQ(signatures(*tables), "RSDT FACP APIC HPET MCFG WAET BGRT DSDT");
    expect_cpus(tables->madt, 1);
    expect_q35_mcfg(*tables);
}

TEST(AcpiQemu, RevisionHintMismatchIsAWarning)
{
    BlobMemory memory = load_machine("q35");
    auto tables = std::make_unique<AcpiTables>();
    Diagnostics diag;
    ASSERT_TRUE(parse_static_tables(memory, memory.rsdp(), 0, *tables, &diag).is_ok());
    EXPECT_TRUE(diag.has(Warning::RsdpRevisionMismatch));
    EXPECT_TRUE(tables->directory.root()->has_signature("XSDT"));
}
