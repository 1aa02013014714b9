// Madt: walking the MADT's interrupt controller structures. Part of kernel/acpi
// (hardware-free; reads memory only through PhysicalMemory).
#include "Madt.hpp"

#include "Structures.hpp"

namespace ts::acpi {

namespace {

Polarity polarity_of(uint16_t flags)
{
    return static_cast<Polarity>(flags & spec::MPS_INTI_POLARITY_MASK);
}

Trigger trigger_of(uint16_t flags)
{
    return static_cast<Trigger>((flags >> spec::MPS_INTI_TRIGGER_SHIFT) & spec::MPS_INTI_TRIGGER_MASK);
}

void check_flags(uint16_t flags, Diagnostics* diag)
{
    if (polarity_of(flags) == Polarity::Reserved || trigger_of(flags) == Trigger::Reserved)
        warn(diag, Warning::ReservedInterruptFlags, "MADT interrupt flags use a reserved polarity or trigger value");
}

void reset(MadtInfo& out)
{
    // Field by field rather than `out = MadtInfo {}`, which would build an 8 KiB
    // temporary on a kernel stack. Array slots past the counts are never read.
    out.revision = 0;
    out.local_apic_address = PhysAddr();
    out.local_apic_address_overridden = false;
    out.has_8259 = false;
    out.cpu_count = out.cpus_dropped = out.cpus_unusable = 0;
    out.ioapic_count = out.ioapics_dropped = 0;
    out.override_count = out.overrides_dropped = 0;
    out.nmi_source_count = out.nmi_sources_dropped = 0;
    out.local_nmi_count = out.local_nmis_dropped = 0;
    out.unknown_entries = 0;
}

void add_cpu(MadtInfo& out, uint32_t uid, uint32_t apic_id, uint32_t flags, bool x2apic, Diagnostics* diag)
{
    bool enabled = (flags & spec::MADT_LAPIC_ENABLED) != 0;
    bool online_capable = (flags & spec::MADT_LAPIC_ONLINE_CAPABLE) != 0;
    if (!enabled && !online_capable) {
        ++out.cpus_unusable;
        return;
    }
    // Starting the same APIC twice would be worse than missing a duplicate listing
    // (firmware may describe a processor with both structure types).
    if (out.find_cpu_by_apic_id(apic_id)) {
        warn(diag, Warning::DuplicateApicId, "MADT lists two processors with the same APIC ID");
        return;
    }
    if (out.cpu_count == MAX_CPUS) {
        ++out.cpus_dropped;
        warn(diag, Warning::TooManyCpus, "MADT lists more processors than MAX_CPUS");
        return;
    }
    out.cpus[out.cpu_count++] = Cpu { uid, apic_id, enabled, online_capable, x2apic };
}

// Appends to one of the fixed arrays, or counts the drop and warns.
template<typename T, size_t N>
void append(T (&array)[N], size_t& count, size_t& dropped, const T& value, Warning warning, const char* reason,
    Diagnostics* diag)
{
    if (count == N) {
        ++dropped;
        warn(diag, warning, reason);
        return;
    }
    array[count++] = value;
}

} // namespace

size_t MadtInfo::enabled_cpu_count() const
{
    size_t count = 0;
    for (size_t i = 0; i < cpu_count; ++i)
        count += cpus[i].enabled ? 1 : 0;
    return count;
}

const Cpu* MadtInfo::find_cpu_by_apic_id(uint32_t apic_id) const
{
    for (size_t i = 0; i < cpu_count; ++i) {
        if (cpus[i].apic_id == apic_id)
            return &cpus[i];
    }
    return nullptr;
}

const InterruptOverride* MadtInfo::find_isa_override(uint8_t irq) const
{
    for (size_t i = 0; i < override_count; ++i) {
        if (overrides[i].bus == 0 && overrides[i].source == irq)
            return &overrides[i];
    }
    return nullptr;
}

Result<void> parse_madt(const PhysicalMemory& memory, const TableEntry& table, MadtInfo& out, Diagnostics* diag)
{
    reset(out);
    if (table.length < sizeof(spec::Madt))
        return fail(diag, Error::BadFormat, "MADT is shorter than its fixed part (44 bytes)", table.address,
            table.signature);
    spec::Madt madt;
    TRY(read_table_prefix(memory, table, &madt, sizeof(madt), diag));
    out.revision = table.revision;
    out.local_apic_address = PhysAddr(madt.local_apic_address);
    out.has_8259 = (madt.flags & spec::MADT_FLAG_PCAT_COMPAT) != 0;

    // Each structure is copied into this buffer before it is decoded; 255 is the largest
    // length a one-byte length field can give.
    uint8_t entry[255];
    uint32_t offset = sizeof(spec::Madt);
    while (offset < table.length) {
        auto failure = [&](const char* reason) {
            return fail(diag, Error::BadFormat, reason, table.address, table.signature, offset);
        };
        if (table.length - offset < sizeof(spec::MadtEntryHeader))
            return failure("MADT entry header runs past the end of the table");
        spec::MadtEntryHeader header;
        TRY(read_table_bytes(memory, table, offset, &header, sizeof(header), "MADT entry past the table", diag));
        if (header.length < sizeof(spec::MadtEntryHeader))
            return failure("MADT entry length is smaller than 2");
        if (header.length > table.length - offset)
            return failure("MADT entry runs past the end of the table");
        TRY(read_table_bytes(memory, table, offset, entry, header.length, "MADT entry past the table", diag));

        // Copies the structure of type T out of `entry`, or fails when the entry is
        // shorter than T (a longer one is fine: later revisions may append fields).
        auto decode = [&]<typename T>(T& value) -> bool {
            if (header.length < sizeof(T))
                return false;
            __builtin_memcpy(&value, entry, sizeof(T));
            return true;
        };

        switch (header.type) {
        case spec::MADT_LOCAL_APIC: {
            spec::MadtLocalApic lapic;
            if (!decode(lapic))
                return failure("MADT processor local APIC entry is shorter than 8 bytes");
            add_cpu(out, lapic.acpi_processor_uid, lapic.apic_id, lapic.flags, false, diag);
            break;
        }
        case spec::MADT_LOCAL_X2APIC: {
            spec::MadtLocalX2Apic x2apic;
            if (!decode(x2apic))
                return failure("MADT processor local x2APIC entry is shorter than 16 bytes");
            add_cpu(out, x2apic.acpi_processor_uid, x2apic.x2apic_id, x2apic.flags, true, diag);
            break;
        }
        case spec::MADT_IO_APIC: {
            spec::MadtIoApic ioapic;
            if (!decode(ioapic))
                return failure("MADT I/O APIC entry is shorter than 12 bytes");
            if (ioapic.io_apic_address == 0)
                return failure("MADT I/O APIC entry has address 0");
            append(out.ioapics, out.ioapic_count, out.ioapics_dropped,
                IoApic { ioapic.io_apic_id, PhysAddr(ioapic.io_apic_address), ioapic.global_system_interrupt_base },
                Warning::TooManyIoApics, "MADT lists more I/O APICs than MAX_IOAPICS", diag);
            break;
        }
        case spec::MADT_INTERRUPT_SOURCE_OVERRIDE: {
            spec::MadtInterruptSourceOverride iso;
            if (!decode(iso))
                return failure("MADT interrupt source override entry is shorter than 10 bytes");
            check_flags(iso.flags, diag);
            append(out.overrides, out.override_count, out.overrides_dropped,
                InterruptOverride { iso.bus, iso.source, iso.global_system_interrupt, polarity_of(iso.flags),
                    trigger_of(iso.flags) },
                Warning::TooManyOverrides, "MADT lists more interrupt source overrides than MAX_OVERRIDES", diag);
            break;
        }
        case spec::MADT_NMI_SOURCE: {
            spec::MadtNmiSource nmi;
            if (!decode(nmi))
                return failure("MADT NMI source entry is shorter than 8 bytes");
            check_flags(nmi.flags, diag);
            append(out.nmi_sources, out.nmi_source_count, out.nmi_sources_dropped,
                NmiSource { nmi.global_system_interrupt, polarity_of(nmi.flags), trigger_of(nmi.flags) },
                Warning::TooManyNmiSources, "MADT lists more NMI sources than MAX_NMI_SOURCES", diag);
            break;
        }
        case spec::MADT_LOCAL_APIC_NMI: {
            spec::MadtLocalApicNmi nmi;
            if (!decode(nmi))
                return failure("MADT local APIC NMI entry is shorter than 6 bytes");
            check_flags(nmi.flags, diag);
            bool all = nmi.acpi_processor_uid == 0xff;
            append(out.local_nmis, out.local_nmi_count, out.local_nmis_dropped,
                LocalNmi { all ? 0u : nmi.acpi_processor_uid, all, nmi.local_apic_lint, polarity_of(nmi.flags),
                    trigger_of(nmi.flags) },
                Warning::TooManyLocalNmis, "MADT lists more local APIC NMIs than MAX_LOCAL_NMIS", diag);
            break;
        }
        case spec::MADT_LOCAL_X2APIC_NMI: {
            spec::MadtLocalX2ApicNmi nmi;
            if (!decode(nmi))
                return failure("MADT local x2APIC NMI entry is shorter than 12 bytes");
            check_flags(nmi.flags, diag);
            bool all = nmi.acpi_processor_uid == 0xffffffffu;
            append(out.local_nmis, out.local_nmi_count, out.local_nmis_dropped,
                LocalNmi { all ? 0u : nmi.acpi_processor_uid, all, nmi.local_x2apic_lint, polarity_of(nmi.flags),
                    trigger_of(nmi.flags) },
                Warning::TooManyLocalNmis, "MADT lists more local APIC NMIs than MAX_LOCAL_NMIS", diag);
            break;
        }
        case spec::MADT_LOCAL_APIC_ADDRESS_OVERRIDE: {
            spec::MadtLocalApicAddressOverride lapic_override;
            if (!decode(lapic_override))
                return failure("MADT local APIC address override entry is shorter than 12 bytes");
            if (lapic_override.local_apic_address == 0)
                return failure("MADT local APIC address override gives address 0");
            out.local_apic_address = PhysAddr(lapic_override.local_apic_address);
            out.local_apic_address_overridden = true;
            break;
        }
        default:
            ++out.unknown_entries;
            break;
        }
        offset += header.length;
    }

    if (out.local_apic_address.is_null())
        return fail(diag, Error::BadFormat, "MADT gives no local APIC address", table.address, table.signature,
            __builtin_offsetof(spec::Madt, local_apic_address));
    return {};
}

} // namespace ts::acpi
