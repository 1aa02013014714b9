// TSC calibration against the 8254 PIT. Ref: Intel 8254 datasheet (mode 0, channel 2 gate
// on port 0x61); Intel SDM Vol. 3B §18.17 (time-stamp counter).
//
// Method: gate channel 2 on, load a count worth ~10 ms at 1.193182 MHz in mode 0 (OUT goes
// high at terminal count), read the TSC, wait for OUT2 (port 0x61 bit 5), read the TSC
// again. Repeat and keep the shortest interval to filter out interference.
#include "Clock.hpp"

#include "Cpu.hpp"

namespace ts::arch {

namespace {
constexpr uint64_t PIT_HZ = 1193182;
constexpr uint16_t CALIBRATION_TICKS = 11932; // ~10 ms
uint64_t g_tsc_hz = 0;
uint64_t g_tsc_base = 0;
// ns = (ticks * g_ns_per_tick_q32) >> 32: a fixed-point multiply, no division per read.
uint64_t g_ns_per_tick_q32 = 0;

uint64_t measure_once()
{
    uint8_t gate = inb(0x61);
    outb(0x61, (gate & ~0x02) | 0x01);   // speaker off, gate channel 2 on
    outb(0x43, 0xB0);                    // channel 2, lobyte/hibyte, mode 0, binary
    outb(0x42, CALIBRATION_TICKS & 0xFF);
    outb(0x42, CALIBRATION_TICKS >> 8);
    uint64_t start = rdtsc();
    for (uint64_t spins = 0; !(inb(0x61) & 0x20); ++spins) {
        if (spins > 100000000)
            return 0; // no PIT: give up rather than hang
    }
    return rdtsc() - start;
}
} // namespace

void clock_init()
{
    uint64_t best = ~uint64_t(0);
    for (int i = 0; i < 3; ++i) {
        uint64_t cycles = measure_once();
        if (cycles && cycles < best)
            best = cycles;
    }
    if (best == ~uint64_t(0))
        best = 10000000; // fall back to pretending 1 GHz rather than dividing by zero
    g_tsc_hz = best * PIT_HZ / CALIBRATION_TICKS;
    g_ns_per_tick_q32 = (1000000000ull << 32) / g_tsc_hz;
    g_tsc_base = rdtsc();
}

uint64_t monotonic_ns()
{
    if (g_tsc_hz == 0)
        return 0;
    uint64_t delta = rdtsc() - g_tsc_base;
    // The 128-bit product cannot overflow for any realistic uptime.
    return static_cast<uint64_t>((static_cast<unsigned __int128>(delta) * g_ns_per_tick_q32) >> 32);
}

uint64_t tsc_frequency_hz() { return g_tsc_hz; }

} // namespace ts::arch
