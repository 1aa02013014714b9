// TSC calibration. Ref: Intel SDM Vol. 3B §18.17 (time-stamp counter, invariant TSC);
// IA-PC HPET specification 1.0a; ACPI 6.5 §4.8.3.3 (PM timer, 3.579545 MHz); Intel 8254
// datasheet (PIT channel 2, mode 0, gate on port 0x61).
//
// Method: read the reference counter and the TSC, spin until the reference has advanced
// by ~10 ms worth of ticks, read both again; the ratio gives the TSC rate. Repeat three
// times and keep the middle value to resist interference (an SMI, a host scheduling hiccup
// under emulation).
#include "Clock.hpp"

#include <lib/Math.hpp>

#include "Cpu.hpp"

namespace ts::arch {

namespace {

constexpr uint64_t PIT_HZ = 1193182;
constexpr uint16_t PIT_TICKS = 11932; // ~10 ms

uint64_t g_tsc_hz = 0;
uint64_t g_tsc_base = 0;
// ns = (ticks * g_ns_per_tick_q32) >> 32 and ticks = (ns * g_ticks_per_ns_q32) >> 32:
// fixed-point multiplies, no division per read.
uint64_t g_ns_per_tick_q32 = 0;
uint64_t g_ticks_per_ns_q32 = 0;
const char* g_reference = "none";

uint64_t measure_pit()
{
    uint8_t gate = inb(0x61);
    outb(0x61, (gate & ~0x02) | 0x01); // speaker off, gate channel 2 on
    outb(0x43, 0xB0);                  // channel 2, lobyte/hibyte, mode 0, binary
    outb(0x42, PIT_TICKS & 0xFF);
    outb(0x42, PIT_TICKS >> 8);
    uint64_t start = rdtsc();
    for (uint64_t spins = 0; !(inb(0x61) & 0x20); ++spins) {
        if (spins > 100000000)
            return 0; // no PIT: give up rather than hang
    }
    return (rdtsc() - start) * PIT_HZ / PIT_TICKS;
}

uint64_t measure_reference(const ReferenceTimer& ref)
{
    uint64_t mask = ref.width_bits >= 64 ? ~0ull : (1ull << ref.width_bits) - 1;
    uint64_t want = ref.frequency_hz / 100; // 10 ms
    uint64_t r0 = ref.read(ref.context) & mask;
    uint64_t t0 = rdtsc();
    uint64_t elapsed = 0;
    for (uint64_t spins = 0; elapsed < want; ++spins) {
        if (spins > 1000000000)
            return 0; // the reference does not count: give up
        elapsed = ((ref.read(ref.context) & mask) - r0) & mask;
    }
    uint64_t cycles = rdtsc() - t0;
    // cycles * frequency / elapsed without a 128-bit division (the kernel has none):
    // split frequency / elapsed into quotient and remainder; both products fit 64 bits.
    uint64_t q = ref.frequency_hz / elapsed, r = ref.frequency_hz % elapsed;
    return cycles * q + cycles * r / elapsed;
}

} // namespace

void clock_init(const ReferenceTimer* reference)
{
    uint64_t samples[3];
    for (auto& s : samples)
        s = reference ? measure_reference(*reference) : measure_pit();
    uint64_t middle = median_of_three(samples[0], samples[1], samples[2]);
    g_reference = reference ? reference->name : "PIT";
    if (middle == 0) {
        middle = 1000000000; // no working reference: pretend 1 GHz rather than divide by zero
        g_reference = "none (assumed 1 GHz)";
    }
    // Keep the time already elapsed continuous across a re-calibration.
    uint64_t now = monotonic_ns();
    g_tsc_hz = middle;
    g_ns_per_tick_q32 = (1000000000ull << 32) / g_tsc_hz;
    // (hz << 32) / 10^9 in 64-bit pieces: hz = q * 10^9 + r with r < 2^30.
    g_ticks_per_ns_q32 = ((g_tsc_hz / 1000000000u) << 32) + ((g_tsc_hz % 1000000000u) << 32) / 1000000000u;
    g_tsc_base = rdtsc() - static_cast<uint64_t>((static_cast<unsigned __int128>(now) * g_ticks_per_ns_q32) >> 32);
}

uint64_t monotonic_ns()
{
    if (g_tsc_hz == 0)
        return 0;
    uint64_t delta = rdtsc() - g_tsc_base;
    return static_cast<uint64_t>((static_cast<unsigned __int128>(delta) * g_ns_per_tick_q32) >> 32);
}

uint64_t tsc_from_ns(uint64_t ns)
{
    return g_tsc_base + static_cast<uint64_t>((static_cast<unsigned __int128>(ns) * g_ticks_per_ns_q32) >> 32);
}

uint64_t tsc_frequency_hz() { return g_tsc_hz; }
const char* clock_reference_name() { return g_reference; }

void delay_ns(uint64_t ns)
{
    uint64_t end = monotonic_ns() + ns;
    while (monotonic_ns() < end)
        pause();
}

} // namespace ts::arch
