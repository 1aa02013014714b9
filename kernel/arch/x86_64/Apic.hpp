// Apic: the local APIC of each CPU: enabling it, end-of-interrupt, inter-processor
// interrupts and the timer. Layer: arch facade.
//
// x2APIC (MSR access) is used when CPUID offers it, xAPIC (memory-mapped, uncached)
// otherwise; callers never see the difference. The timer runs one-shot: in TSC-deadline
// mode when available (the deadline is an absolute TSC value: no conversion error), else
// in the classic count-down mode with a divider, calibrated against the TSC at boot.
// Ref: Intel SDM Vol. 3A chapter 11 (APIC), §11.5.4 (timer), §11.6 (IPIs), §11.12 (x2APIC).
#pragma once

#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

namespace ts::arch {

// Boot CPU: chooses the mode, maps the xAPIC page if needed (base from MADT/MSR).
Result<void> lapic_init_boot(PhysAddr mmio_base);
// Every CPU (the boot CPU too): enable, spurious vector, error vector, timer masked.
void lapic_init_cpu();
bool lapic_x2apic();
uint32_t lapic_id();
void lapic_eoi();

enum class IpiTarget { One, AllButSelf };
void lapic_send_ipi(uint32_t apic_id, uint8_t vector);
void lapic_broadcast_ipi(uint8_t vector); // all CPUs but the caller
void lapic_send_init(uint32_t apic_id);
void lapic_send_startup(uint32_t apic_id, uint8_t page);
void lapic_send_nmi_all_but_self();

// Timer: measure the count-down rate against the TSC (boot CPU, after clock calibration).
void lapic_timer_calibrate();
// Fires VECTOR_TIMER once at monotonic time deadline_ns (in the past: as soon as
// possible). Replaces any previous arming on this CPU.
void lapic_timer_arm(uint64_t deadline_ns);
void lapic_timer_cancel();
const char* lapic_timer_mode();

} // namespace ts::arch
