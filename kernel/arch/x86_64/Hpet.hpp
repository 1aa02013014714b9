// Hpet: the High Precision Event Timer, used here as the TSC's calibration reference and
// as a readable nanosecond counter for tests. Layer: arch facade.
// Ref: IA-PC HPET (High Precision Event Timers) Specification 1.0a, §2.3 (registers).
#pragma once

#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

#include "Clock.hpp"

namespace ts::arch {

// Maps the HPET at `base`, checks its period, starts the main counter.
Result<void> hpet_init(PhysAddr base);
bool hpet_present();
uint64_t hpet_read();          // main counter
uint64_t hpet_frequency_hz();
ReferenceTimer hpet_reference();

// The ACPI PM timer: a 3.579545 MHz counter in an I/O port, 24 or 32 bits wide.
// Ref: ACPI 6.5 §4.8.3.3.
ReferenceTimer pm_timer_reference(uint16_t port, bool extended_32bit);

} // namespace ts::arch
