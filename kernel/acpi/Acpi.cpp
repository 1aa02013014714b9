// Acpi: parsing the static tables once at boot and logging what they say. Part of
// kernel/acpi (kernel glue; see Acpi.hpp).
#include "Acpi.hpp"

#include <cstdarg>

#include <core/BootState.hpp>
#include <core/Log.hpp>
#include <core/Panic.hpp>
#include <lib/Format.hpp>
#include <lib/Math.hpp>

#include "DirectMapMemory.hpp"

namespace ts::acpi {

namespace {

using ull = unsigned long long;

// About 20 KiB: static storage, never a kernel stack. Written only by init().
AcpiTables g_tables;
Diagnostics g_diagnostics;
bool g_initialized = false;

const char* polarity_name(Polarity polarity)
{
    switch (polarity) {
    case Polarity::Conforming: return "bus default";
    case Polarity::ActiveHigh: return "high";
    case Polarity::ActiveLow: return "low";
    case Polarity::Reserved: break;
    }
    return "reserved";
}

const char* trigger_name(Trigger trigger)
{
    switch (trigger) {
    case Trigger::Conforming: return "bus default";
    case Trigger::Edge: return "edge";
    case Trigger::Level: return "level";
    case Trigger::Reserved: break;
    }
    return "reserved";
}

const char* space_name(const GenericAddress& address)
{
    switch (address.space) {
    case AddressSpace::SystemIo: return "port";
    case AddressSpace::SystemMemory: return "MMIO";
    case AddressSpace::PciConfig: return "PCI config";
    default: return "space";
    }
}

// Appends to a fixed line buffer; output past its end is dropped (the log line just ends
// early), so a firmware with dozens of overrides cannot overflow anything.
struct Line {
    char text[256] {};
    size_t used { 0 };

    void append(const char* fmt, ...) __attribute__((format(printf, 2, 3)))
    {
        if (used >= sizeof(text) - 1)
            return;
        va_list args;
        va_start(args, fmt);
        size_t wanted = vformat(text + used, sizeof(text) - used, fmt, args);
        va_end(args);
        used = min(used + wanted, sizeof(text) - 1);
    }
};

void log_summary()
{
    const AcpiTables& t = g_tables;
    const TableEntry* root = t.directory.root();
    log("acpi: RSDP revision %u (OEM \"%s\") at 0x%llx, %s at 0x%llx, %zu tables", t.rsdp.revision, t.rsdp.oem_id,
        static_cast<ull>(t.rsdp.address.value()), root->signature, static_cast<ull>(root->address.value()),
        t.directory.count());
    for (size_t i = 0; i < t.directory.count(); ++i) {
        const TableEntry& e = t.directory.at(i);
        log("acpi:   %s 0x%010llx %6u bytes rev %u OEM \"%s\" \"%s\"", e.signature, static_cast<ull>(e.address.value()),
            e.length, e.revision, e.oem_id, e.oem_table_id);
    }

    if (t.has_madt) {
        const MadtInfo& m = t.madt;
        log("acpi: MADT: %zu CPU(s) enabled of %zu listed, local APIC at 0x%llx%s%s", m.enabled_cpu_count(),
            m.cpu_count, static_cast<ull>(m.local_apic_address.value()), m.local_apic_address_overridden ? " (override)" : "",
            m.has_8259 ? ", 8259 PICs present" : "");
        Line cpus;
        for (size_t i = 0; i < m.cpu_count; ++i)
            cpus.append(" %u/%u%s", m.cpus[i].apic_id, m.cpus[i].acpi_uid, m.cpus[i].enabled ? "" : "(offline)");
        log("acpi: MADT: CPUs (APIC ID/ACPI UID):%s", cpus.text);
        for (size_t i = 0; i < m.ioapic_count; ++i)
            log("acpi: MADT: I/O APIC %u at 0x%llx, GSI base %u", m.ioapics[i].id,
                static_cast<ull>(m.ioapics[i].address.value()), m.ioapics[i].gsi_base);
        Line overrides;
        for (size_t i = 0; i < m.override_count; ++i) {
            const InterruptOverride& o = m.overrides[i];
            overrides.append(" %s%u->GSI%u", o.bus == 0 ? "IRQ" : "bus-irq", o.source, o.gsi);
            if (o.polarity != Polarity::Conforming || o.trigger != Trigger::Conforming)
                overrides.append("(%s,%s)", polarity_name(o.polarity), trigger_name(o.trigger));
        }
        log("acpi: MADT: %zu override(s):%s", m.override_count, overrides.text);
        for (size_t i = 0; i < m.local_nmi_count; ++i) {
            const LocalNmi& n = m.local_nmis[i];
            if (n.all_processors)
                log("acpi: MADT: NMI on LINT%u of all CPUs", n.lint);
            else
                log("acpi: MADT: NMI on LINT%u of CPU UID %u", n.lint, n.acpi_uid);
        }
        for (size_t i = 0; i < m.nmi_source_count; ++i)
            log("acpi: MADT: NMI source GSI %u", m.nmi_sources[i].gsi);
        if (m.cpus_dropped || m.ioapics_dropped || m.overrides_dropped || m.nmi_sources_dropped || m.local_nmis_dropped)
            log_warn("acpi: MADT: entries beyond our capacity dropped: %zu CPUs, %zu I/O APICs, %zu overrides, "
                     "%zu NMIs",
                m.cpus_dropped, m.ioapics_dropped, m.overrides_dropped, m.nmi_sources_dropped + m.local_nmis_dropped);
    } else {
        log_warn("acpi: no MADT");
    }

    if (t.has_fadt) {
        const FadtInfo& f = t.fadt;
        Line line;
        line.append("SCI IRQ %u", f.sci_interrupt);
        if (f.has_pm_timer)
            line.append(", PM timer %s 0x%llx (%u-bit)", space_name(f.pm_timer), static_cast<ull>(f.pm_timer.address),
                f.pm_timer_32bit ? 32u : 24u);
        else
            line.append(", no PM timer");
        if (f.has_reset_register)
            line.append(", reset %s 0x%llx <- 0x%02x", space_name(f.reset_register),
                static_cast<ull>(f.reset_register.address), f.reset_value);
        if (f.rtc_century_index)
            line.append(", century at CMOS 0x%02x", f.rtc_century_index);
        if (f.boot_arch_valid)
            line.append(", %s%s%s", f.has_8042 ? "8042" : "no 8042", f.vga_not_present ? ", no VGA" : "",
                f.cmos_rtc_not_present ? ", no CMOS RTC" : "");
        if (f.hardware_reduced)
            line.append(", hardware-reduced");
        log("acpi: FADT rev %u: %s", f.revision, line.text);
    } else {
        log_warn("acpi: no FADT");
    }

    if (t.has_hpet)
        log("acpi: HPET %u at 0x%llx: %u timers, %s counter, vendor %04x", t.hpet.hpet_number,
            static_cast<ull>(t.hpet.address.value()), t.hpet.comparator_count,
            t.hpet.counter_64bit ? "64-bit" : "32-bit", t.hpet.pci_vendor_id);
    else
        log("acpi: no HPET");
    if (t.has_mcfg) {
        for (size_t i = 0; i < t.mcfg.segment_count; ++i) {
            const McfgSegment& s = t.mcfg.segments[i];
            log("acpi: MCFG: segment %u buses %u-%u at 0x%llx", s.segment, s.start_bus, s.end_bus,
                static_cast<ull>(s.base.value()));
        }
    } else {
        log("acpi: no MCFG");
    }

    if (g_diagnostics.warnings)
        log_warn("acpi: tolerated firmware problems (warning bits 0x%x), first: %s", g_diagnostics.warnings,
            g_diagnostics.warning_reason);
}

// Back to "nothing parsed" after a failure, without a 20 KiB temporary.
void forget_tables()
{
    g_tables.directory.clear();
    g_tables.has_fadt = g_tables.has_madt = g_tables.has_hpet = g_tables.has_mcfg = false;
    g_tables.madt.cpu_count = g_tables.madt.ioapic_count = g_tables.madt.override_count = 0;
    g_tables.madt.nmi_source_count = g_tables.madt.local_nmi_count = 0;
    g_tables.mcfg.segment_count = 0;
    g_tables.fadt = FadtInfo {};
}

} // namespace

Result<void> init(PhysAddr rsdp, uint32_t revision)
{
    if (g_initialized)
        return Error::Exists;
    DirectMapMemory memory(boot_info().direct_map_size);
    g_diagnostics = Diagnostics {};
    auto result = parse_static_tables(memory, rsdp, revision, g_tables, &g_diagnostics);
    if (result.is_error()) {
        forget_tables();
        log_error("acpi: static tables rejected: %s (%s at 0x%llx, offset %u): %s", g_diagnostics.reason,
            g_diagnostics.signature[0] ? g_diagnostics.signature : "RSDP",
            static_cast<ull>(g_diagnostics.address.value()), g_diagnostics.offset, error_name(result.error()));
        return result.error();
    }
    g_initialized = true;
    log_summary();
    return {};
}

bool is_initialized() { return g_initialized; }
const AcpiTables& tables() { return g_tables; }
const Diagnostics& diagnostics() { return g_diagnostics; }
const MadtInfo& madt() { return g_tables.madt; }
const FadtInfo& fadt() { return g_tables.fadt; }
const HpetInfo* hpet() { return g_tables.has_hpet ? &g_tables.hpet : nullptr; }
const McfgInfo& mcfg() { return g_tables.mcfg; }
size_t table_count() { return g_tables.directory.count(); }

const TableEntry& table_at(size_t index)
{
    VERIFY(index < g_tables.directory.count());
    return g_tables.directory.at(index);
}

const TableEntry* find_table(StringView signature, size_t index) { return g_tables.find_table(signature, index); }

} // namespace ts::acpi
