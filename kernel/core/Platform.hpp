// Platform: bringing up what the firmware describes: ACPI tables, the interrupt
// controllers, the clock sources, the wall clock and the other CPUs. Layer: core; the
// order lives here so Main.cpp stays a readable list of phases.
#pragma once

#include <arch/x86_64/BootInfo.hpp>

namespace ts {

// Parses ACPI, masks the 8259s, enables the boot CPU's local APIC, routes the I/O APICs,
// calibrates the TSC against the HPET (or the ACPI PM timer) and reads the RTC.
void platform_init(const boot::BootInfo& boot);
// Starts the application processors (after the scheduler exists on the boot CPU).
void platform_start_cpus();
// Seconds since 1970 read from the RTC at boot (0 if unreadable).
uint64_t boot_wall_clock();
// The monotonic clock (arch::monotonic_ns()) at the moment of that reading, so the wall
// clock can be carried forward: boot_wall_clock() s + (monotonic_ns() - this) ns.
uint64_t boot_wall_clock_taken_ns();

} // namespace ts
