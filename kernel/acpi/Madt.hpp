// Madt: the Multiple APIC Description Table decoded into plain arrays: the processors
// (with their local APIC IDs), the I/O APICs, how ISA interrupts map onto global system
// interrupts, and the NMI wiring. Part of kernel/acpi (hardware-free; reads memory only
// through PhysicalMemory).
//
// Ref: ACPI 6.5 §5.2.12. After the fixed part come variable-length structures, each
// starting with its type and length. The walk refuses an entry whose length is below 2
// (it would never advance), that runs past the table's end, or that is shorter than its
// type's layout; a type we do not know is skipped by its length.
//
// The arrays have fixed capacities so that parsing needs no allocator (it runs before the
// heap exists). When the firmware lists more than fits, the rest is dropped and counted,
// with a warning, rather than failing: a machine with more processors than MAX_CPUS still
// boots on the first MAX_CPUS. Processors that are neither enabled nor online-capable are
// left out (the OS must not use them) and only counted.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

#include "Diagnostics.hpp"
#include "PhysicalMemory.hpp"
#include "Sdt.hpp"

namespace ts::acpi {

inline constexpr size_t MAX_CPUS = 256;
inline constexpr size_t MAX_IOAPICS = 16;
inline constexpr size_t MAX_OVERRIDES = 48;
inline constexpr size_t MAX_NMI_SOURCES = 16;
inline constexpr size_t MAX_LOCAL_NMIS = 256; // some firmware lists one per processor

// Ref: ACPI 6.5 §5.2.12.5, "MPS INTI Flags". Conforming means "as the bus defines": for
// ISA that is active high, edge triggered.
enum class Polarity : uint8_t { Conforming = 0, ActiveHigh = 1, Reserved = 2, ActiveLow = 3 };
enum class Trigger : uint8_t { Conforming = 0, Edge = 1, Reserved = 2, Level = 3 };

struct Cpu {
    uint32_t acpi_uid { 0 }; // ACPI processor UID (matches the namespace's processor objects)
    uint32_t apic_id { 0 }; // local APIC ID (x2APIC ID for x2APIC entries)
    bool enabled { false }; // usable now
    bool online_capable { false }; // disabled now, may be brought online later (MADT rev 5+)
    bool x2apic_entry { false }; // described by a Processor Local x2APIC structure
};

struct IoApic {
    uint8_t id { 0 };
    PhysAddr address {};
    uint32_t gsi_base { 0 }; // the global system interrupt of its first input
};

// An ISA (bus 0) interrupt that does not arrive on the I/O APIC input of the same number,
// or not with ISA's polarity and trigger mode.
struct InterruptOverride {
    uint8_t bus { 0 };
    uint8_t source { 0 }; // the ISA IRQ
    uint32_t gsi { 0 };
    Polarity polarity { Polarity::Conforming };
    Trigger trigger { Trigger::Conforming };
};

// A global system interrupt wired as a non-maskable interrupt.
struct NmiSource {
    uint32_t gsi { 0 };
    Polarity polarity { Polarity::Conforming };
    Trigger trigger { Trigger::Conforming };
};

// Which local APIC LINT input of which processor(s) receives NMIs (from either the local
// APIC or the local x2APIC NMI structure).
struct LocalNmi {
    uint32_t acpi_uid { 0 }; // meaningless when all_processors
    bool all_processors { false };
    uint8_t lint { 0 }; // 0 or 1
    Polarity polarity { Polarity::Conforming };
    Trigger trigger { Trigger::Conforming };
};

struct MadtInfo {
    uint8_t revision { 0 };
    PhysAddr local_apic_address {}; // after any Local APIC Address Override
    bool local_apic_address_overridden { false };
    bool has_8259 { false }; // PCAT_COMPAT: dual 8259 PICs present (mask them before using APICs)

    Cpu cpus[MAX_CPUS];
    size_t cpu_count { 0 };
    size_t cpus_dropped { 0 }; // usable processors that did not fit
    size_t cpus_unusable { 0 }; // neither enabled nor online-capable: left out

    IoApic ioapics[MAX_IOAPICS];
    size_t ioapic_count { 0 };
    size_t ioapics_dropped { 0 };

    InterruptOverride overrides[MAX_OVERRIDES];
    size_t override_count { 0 };
    size_t overrides_dropped { 0 };

    NmiSource nmi_sources[MAX_NMI_SOURCES];
    size_t nmi_source_count { 0 };
    size_t nmi_sources_dropped { 0 };

    LocalNmi local_nmis[MAX_LOCAL_NMIS];
    size_t local_nmi_count { 0 };
    size_t local_nmis_dropped { 0 };

    size_t unknown_entries { 0 }; // structures of types we skip (SAPIC, GIC, ...)

    size_t enabled_cpu_count() const;
    const Cpu* find_cpu_by_apic_id(uint32_t apic_id) const;
    // The override for ISA IRQ `irq` on bus 0, or null when it maps 1:1 with ISA's defaults.
    const InterruptOverride* find_isa_override(uint8_t irq) const;
};

// Parses the validated MADT `table` into `out` (reset first). Errors: BadFormat for a
// table shorter than its fixed part or any malformed entry (reason and offset in `diag`).
Result<void> parse_madt(const PhysicalMemory& memory, const TableEntry& table, MadtInfo& out, Diagnostics* diag);

} // namespace ts::acpi
