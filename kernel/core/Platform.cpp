// Platform bring-up. See Platform.hpp. Everything hardware-specific comes from ACPI: the
// local APIC address and the CPUs from the MADT, the I/O APICs and their ISA overrides,
// the HPET's address, the PM timer's port and the RTC century register from the FADT.
#include "Platform.hpp"

#include <acpi/Acpi.hpp>
#include <arch/x86_64/Apic.hpp>
#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/Hpet.hpp>
#include <arch/x86_64/IoApic.hpp>
#include <arch/x86_64/Pic.hpp>
#include <arch/x86_64/Rtc.hpp>
#include <arch/x86_64/Smp.hpp>
#include <sched/Scheduler.hpp>

#include "Log.hpp"
#include "Panic.hpp"
#include "Processor.hpp"

namespace ts {

namespace {

uint64_t g_wall_clock = 0;
uint64_t g_wall_clock_taken_ns = 0; // arch::monotonic_ns() when g_wall_clock was read
bool g_acpi = false;

arch::Polarity polarity_of(acpi::Polarity p, arch::Polarity isa_default)
{
    switch (p) {
    case acpi::Polarity::ActiveHigh:
        return arch::Polarity::ActiveHigh;
    case acpi::Polarity::ActiveLow:
        return arch::Polarity::ActiveLow;
    default:
        return isa_default; // "conforms to the bus": ISA is active high
    }
}

arch::Trigger trigger_of(acpi::Trigger t, arch::Trigger isa_default)
{
    switch (t) {
    case acpi::Trigger::Edge:
        return arch::Trigger::Edge;
    case acpi::Trigger::Level:
        return arch::Trigger::Level;
    default:
        return isa_default; // ISA is edge triggered
    }
}

void init_interrupt_controllers()
{
    const acpi::MadtInfo* madt = g_acpi ? &acpi::madt() : nullptr;
    // The 8259s are masked whether or not the MADT says they exist: masking absent ones
    // is harmless, and a stray IRQ from forgotten ones is not.
    arch::pic_disable();
    if (auto r = arch::lapic_init_boot(madt ? madt->local_apic_address : PhysAddr()); r.is_error())
        panic("apic: cannot map the local APIC: %s", error_name(r.error()));
    arch::lapic_init_cpu();
    processor(0).apic_id = arch::lapic_id();
    if (madt) {
        if (const acpi::Cpu* cpu = madt->find_cpu_by_apic_id(processor(0).apic_id))
            processor(0).acpi_uid = cpu->acpi_uid;
        for (size_t i = 0; i < madt->ioapic_count; ++i) {
            const auto& io = madt->ioapics[i];
            if (auto r = arch::ioapic_add(io.id, io.address, io.gsi_base); r.is_error())
                log_error("ioapic: cannot use I/O APIC %u at 0x%llx: %s", io.id,
                    static_cast<unsigned long long>(io.address.value()), error_name(r.error()));
        }
        for (size_t i = 0; i < madt->override_count; ++i) {
            const auto& o = madt->overrides[i];
            if (o.bus != 0)
                continue;
            (void)arch::ioapic_add_override({ o.source, o.gsi, polarity_of(o.polarity, arch::Polarity::ActiveHigh),
                trigger_of(o.trigger, arch::Trigger::Edge) });
        }
    }
    log("apic: local APIC %s, id %u, timer %s; %zu I/O APIC(s)", arch::lapic_x2apic() ? "x2APIC" : "xAPIC",
        processor(0).apic_id, arch::lapic_timer_mode(), arch::ioapic_count());
}

void init_clock()
{
    // The invariant TSC is the clock; calibrate it against the best reference we have.
    if (g_acpi) {
        if (const acpi::HpetInfo* hpet = acpi::hpet()) {
            if (auto r = arch::hpet_init(hpet->address); r.is_ok()) {
                auto reference = arch::hpet_reference();
                arch::clock_init(&reference);
            } else {
                log_warn("clock: HPET at 0x%llx unusable (%s)", static_cast<unsigned long long>(hpet->address.value()),
                    error_name(r.error()));
            }
        }
        const acpi::FadtInfo& fadt = acpi::fadt();
        if (!arch::hpet_present() && fadt.has_pm_timer && fadt.pm_timer.is_io_port()) {
            auto reference = arch::pm_timer_reference(static_cast<uint16_t>(fadt.pm_timer.address), fadt.pm_timer_32bit);
            arch::clock_init(&reference);
        }
    }
    log("clock: TSC %llu.%03llu MHz, calibrated against the %s", static_cast<unsigned long long>(arch::tsc_frequency_hz() / 1000000),
        static_cast<unsigned long long>((arch::tsc_frequency_hz() / 1000) % 1000), arch::clock_reference_name());
    arch::lapic_timer_calibrate();

    arch::WallClock clock {};
    uint8_t century = g_acpi ? acpi::fadt().rtc_century_index : 0;
    if (arch::rtc_read(clock, century)) {
        g_wall_clock = arch::wall_clock_to_unix(clock);
        g_wall_clock_taken_ns = arch::monotonic_ns(); // the clock is calibrated by now
        log("rtc: %04u-%02u-%02u %02u:%02u:%02u UTC", clock.year, clock.month, clock.day, clock.hour, clock.minute,
            clock.second);
    } else {
        log_warn("rtc: no consistent reading from the CMOS clock");
    }
}

} // namespace

void platform_init(const boot::BootInfo& boot)
{
    if (boot.rsdp_phys) {
        auto r = acpi::init(PhysAddr(boot.rsdp_phys), boot.rsdp_revision);
        g_acpi = r.is_ok();
        if (r.is_error())
            log_error("acpi: static tables unusable (%s): one CPU, legacy defaults", error_name(r.error()));
    }
    init_interrupt_controllers();
    init_clock();
}

void platform_start_cpus()
{
    if (!g_acpi)
        return;
    const acpi::MadtInfo& madt = acpi::madt();
    static arch::CpuDescriptor cpus[acpi::MAX_CPUS];
    size_t count = 0;
    for (size_t i = 0; i < madt.cpu_count && count < acpi::MAX_CPUS; ++i)
        cpus[count++] = { madt.cpus[i].apic_id, madt.cpus[i].acpi_uid, madt.cpus[i].enabled };
    size_t started = arch::smp_start_aps(cpus, count);
    log("smp: %zu of %zu enabled CPUs online", started + 1, madt.enabled_cpu_count());
}

uint64_t boot_wall_clock() { return g_wall_clock; }
uint64_t boot_wall_clock_taken_ns() { return g_wall_clock_taken_ns; }

} // namespace ts
