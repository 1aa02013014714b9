// IoApic: routes device interrupts (global system interrupts, GSIs) to CPU vectors.
// Layer: arch facade. ISA IRQ numbers go through the MADT's interrupt source overrides
// (on QEMU the PIT's IRQ0 arrives at GSI 2, and the ACPI SCI is level/active-low), so
// drivers ask for an ISA IRQ or a GSI and never hard-code either.
// Ref: Intel 82093AA I/O APIC datasheet §3.2 (IOREGSEL/IOWIN, redirection table);
// ACPI 6.5 §5.2.12.5 (interrupt source override), §5.2.12.3 (I/O APIC structure).
#pragma once

#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

namespace ts::arch {

enum class Polarity : uint8_t { ActiveHigh, ActiveLow };
enum class Trigger : uint8_t { Edge, Level };

struct IsaOverride {
    uint8_t isa_irq;
    uint32_t gsi;
    Polarity polarity;
    Trigger trigger;
};

// Registers an I/O APIC (masks all its inputs). Up to 8.
Result<void> ioapic_add(uint8_t id, PhysAddr base, uint32_t gsi_base);
Result<void> ioapic_add_override(const IsaOverride& entry);
size_t ioapic_count();

// Routes `gsi` to `vector` on the CPU with `apic_id` and unmasks it.
Result<void> ioapic_route_gsi(uint32_t gsi, uint8_t vector, uint32_t apic_id, Polarity polarity, Trigger trigger);
// Applies the override table (ISA default: edge, active high, GSI = IRQ); returns the GSI.
Result<uint32_t> ioapic_route_isa_irq(uint8_t irq, uint8_t vector, uint32_t apic_id);
Result<void> ioapic_mask(uint32_t gsi);

} // namespace ts::arch
