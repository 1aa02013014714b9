// Platform bring-up. See Platform.hpp.
#include "Platform.hpp"

#include <arch/x86_64/Apic.hpp>
#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/Hpet.hpp>
#include <arch/x86_64/IoApic.hpp>
#include <arch/x86_64/Pic.hpp>
#include <arch/x86_64/Rtc.hpp>
#include <arch/x86_64/Smp.hpp>

#include "Log.hpp"
#include "Panic.hpp"
#include "Processor.hpp"

namespace ts {

namespace {
uint64_t g_wall_clock = 0;
} // namespace

void platform_init(const boot::BootInfo&)
{
    arch::pic_disable();
    if (auto r = arch::lapic_init_boot(PhysAddr()); r.is_error())
        panic("apic: cannot map the local APIC: %s", error_name(r.error()));
    arch::lapic_init_cpu();
    processor(0).apic_id = arch::lapic_id();
    arch::lapic_timer_calibrate();
    arch::WallClock clock {};
    if (arch::rtc_read(clock, 0))
        g_wall_clock = arch::wall_clock_to_unix(clock);
}

void platform_start_cpus() { }

uint64_t boot_wall_clock() { return g_wall_clock; }

} // namespace ts
