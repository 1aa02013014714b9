// Clock: the monotonic time source, in nanoseconds since calibration.
// Layer: arch facade. The invariant TSC is the clock; its rate is measured against a
// reference timer with a known frequency: the HPET when ACPI lists one, else the ACPI PM
// timer, else the legacy PIT. Before calibration monotonic_ns() returns 0.
#pragma once

#include <cstdint>

namespace ts::arch {

// A free-running counter of known frequency used to calibrate the TSC.
struct ReferenceTimer {
    const char* name;
    uint64_t frequency_hz;
    unsigned width_bits;        // the counter wraps at 2^width_bits
    uint64_t (*read)(void* context);
    void* context;
};

// Calibrates against `reference`; with none (null), against the PIT.
void clock_init(const ReferenceTimer* reference);
uint64_t monotonic_ns();
uint64_t tsc_frequency_hz();
const char* clock_reference_name();
// The TSC value at which monotonic_ns() reaches ns (for TSC-deadline timers).
uint64_t tsc_from_ns(uint64_t ns);
// Busy-waits (for hardware sequences such as INIT-SIPI-SIPI, never for synchronisation).
void delay_ns(uint64_t ns);

} // namespace ts::arch
