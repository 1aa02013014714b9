// Clock: the monotonic time source, in nanoseconds since the clock was calibrated.
// Layer: arch facade. Today the TSC is calibrated against the legacy PIT (channel 2);
// issue 3 replaces the reference with the HPET (or the ACPI PM timer) and keeps this
// interface. Before calibration monotonic_ns() returns 0.
#pragma once

#include <cstdint>

namespace ts::arch {

void clock_init();
uint64_t monotonic_ns();
uint64_t tsc_frequency_hz();
inline uint32_t current_cpu_id() { return 0; } // per-CPU data arrives with SMP (issue 3)

} // namespace ts::arch
