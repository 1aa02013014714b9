// In-kernel tests of the static ACPI tables on the machine we booted on: the parse
// succeeded, the boot CPU is in the MADT, there is an I/O APIC, and every listed table's
// bytes really sum to zero (checked here byte by byte through the direct map, not with
// the parser's own checksum code). acpi::init normally runs from platform_init; the tests
// run it themselves if it has not.
#include <acpi/Acpi.hpp>
#include <acpi/DirectMapMemory.hpp>
#include <arch/x86_64/Cpu.hpp>
#include <core/BootState.hpp>
#include <mm/DirectMap.hpp>

#include "KernelTest.hpp"

namespace ts {

namespace {

bool ensure_acpi()
{
    if (acpi::is_initialized())
        return true;
    const boot::BootInfo& boot = boot_info();
    if (boot.rsdp_phys == 0)
        return false;
    return acpi::init(PhysAddr(boot.rsdp_phys), boot.rsdp_revision).is_ok();
}

} // namespace

KTEST(acpi, tables_parsed)
{
    KASSERT(ensure_acpi());
    KASSERT(acpi::table_count() >= 3);
    const acpi::TableEntry& root = acpi::table_at(0);
    KEXPECT(root.has_signature("XSDT") || root.has_signature("RSDT"));
    KEXPECT(acpi::find_table("FACP") != nullptr);
    KEXPECT(acpi::find_table("APIC") != nullptr);
    KEXPECT(acpi::find_table("DSDT") != nullptr);
    KEXPECT(acpi::tables().has_fadt);
    KEXPECT(acpi::tables().has_madt);
    KEXPECT(!acpi::fadt().dsdt.is_null());
    KEXPECT(acpi::diagnostics().reason == nullptr);
    // A second init is refused rather than re-parsing under the readers' feet.
    KEXPECT(acpi::init(PhysAddr(boot_info().rsdp_phys), boot_info().rsdp_revision).is_error());
}

KTEST(acpi, boot_cpu_is_in_the_madt)
{
    KASSERT(ensure_acpi());
    // CPUID leaf 1, EBX[31:24]: the initial APIC ID of the CPU running this test, the
    // boot CPU (tests run before the APs take work). Ref: Intel SDM Vol. 2A, CPUID.
    uint32_t apic_id = arch::cpuid(1).ebx >> 24;
    const acpi::MadtInfo& madt = acpi::madt();
    KEXPECT(madt.enabled_cpu_count() >= 1);
    const acpi::Cpu* cpu = madt.find_cpu_by_apic_id(apic_id);
    KASSERT(cpu != nullptr);
    KEXPECT(cpu->enabled);
    KEXPECT(!madt.local_apic_address.is_null());
}

KTEST(acpi, ioapic_present)
{
    KASSERT(ensure_acpi());
    const acpi::MadtInfo& madt = acpi::madt();
    KASSERT(madt.ioapic_count >= 1);
    KEXPECT(!madt.ioapics[0].address.is_null());
    // Some I/O APIC serves GSI 0 (the legacy IRQs).
    bool has_gsi0 = false;
    for (size_t i = 0; i < madt.ioapic_count; ++i)
        has_gsi0 = has_gsi0 || madt.ioapics[i].gsi_base == 0;
    KEXPECT(has_gsi0);
}

KTEST(acpi, checksums_verified)
{
    KASSERT(ensure_acpi());
    for (size_t i = 0; i < acpi::table_count(); ++i) {
        const acpi::TableEntry& table = acpi::table_at(i);
        KASSERT(table.address.value() + table.length <= boot_info().direct_map_size);
        const uint8_t* bytes = phys_to_ptr<const uint8_t>(table.address);
        uint8_t sum = 0;
        for (uint32_t j = 0; j < table.length; ++j)
            sum = static_cast<uint8_t>(sum + bytes[j]);
        if (sum != 0)
            ktest_context.fail(__FILE__, __LINE__, "table %s at 0x%llx sums to 0x%02x", table.signature,
                static_cast<unsigned long long>(table.address.value()), sum);
    }
}

KTEST(acpi, direct_map_reads_are_bounded)
{
    const uint64_t size = boot_info().direct_map_size;
    acpi::DirectMapMemory memory(size);
    uint8_t buffer[4];
    KEXPECT(memory.read(PhysAddr(size - 2), buffer, 4).is_error());
    KEXPECT(memory.read(PhysAddr(~uint64_t(0) - 1), buffer, 4).is_error());
    KEXPECT(memory.read(PhysAddr(size), buffer, 1).is_error());
    if (boot_info().rsdp_phys)
        KEXPECT(memory.read(PhysAddr(boot_info().rsdp_phys), buffer, 4).is_ok());
}

} // namespace ts
