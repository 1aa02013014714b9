// EevdfMath: the integer vocabulary of the EEVDF run queue: weights and the nice-to-weight
// table, request sizes, conversions between real and virtual nanoseconds, and wrap-safe
// comparison of virtual times. Layer: sched, hardware-free; it depends on nothing but
// <cstdint>, so the kernel, the host tests and the benchmarks share it unchanged.
// docs/kernel/scheduler.md derives everything used here.
//
// No floating point anywhere: the kernel is built with -mno-sse. 128-bit products are
// allowed (the compiler inlines them); 128-bit divisions are not (the kernel has no
// __udivti3), so every division here has a 64-bit dividend.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts::sched {

// Weight of a nice-0 entity. Virtual time is measured in "nice-0 nanoseconds": an entity
// of weight w that runs for t real ns advances its virtual time by t * NICE_0_WEIGHT / w.
// A power of two, so that the conversion back (v * w / NICE_0_WEIGHT) is a shift.
inline constexpr uint32_t NICE_0_WEIGHT = 1024;
inline constexpr unsigned NICE_0_SHIFT = 10;
static_assert(NICE_0_WEIGHT == 1u << NICE_0_SHIFT);

inline constexpr int NICE_MIN = -20;
inline constexpr int NICE_MAX = 19;

// weight(nice) = round(1024 * 1.25^-nice), computed once offline and written out so the
// kernel needs no floating point. One nice step changes the CPU share of an entity
// competing with a nice-0 one by about 10 % (1.25 / (1 + 1.25) ~ 55.6 % against 50 %),
// and the whole range spans a ratio of 88818 / 15 ~ 5900. The steps at the light end are
// coarser (18 -> 15 is 1.2) because the values are rounded to integers.
inline constexpr uint32_t NICE_TO_WEIGHT[NICE_MAX - NICE_MIN + 1] = {
    /* -20 */ 88818, 71054, 56843, 45475, 36380,
    /* -15 */ 29104, 23283, 18626, 14901, 11921,
    /* -10 */ 9537,  7629,  6104,  4883,  3906,
    /*  -5 */ 3125,  2500,  2000,  1600,  1280,
    /*   0 */ 1024,  819,   655,   524,   419,
    /*   5 */ 336,   268,   215,   172,   137,
    /*  10 */ 110,   88,    70,    56,    45,
    /*  15 */ 36,    29,    23,    18,    15,
};

// Weights outside the nice table (kernel threads, future group weights) are accepted
// within these limits; the overflow bounds in docs/kernel/scheduler.md assume them.
inline constexpr uint32_t MIN_WEIGHT = 1;
inline constexpr uint32_t MAX_WEIGHT = 1u << 20;

// Nice values outside [-20, 19] are clamped.
constexpr uint32_t weight_for_nice(int nice)
{
    if (nice < NICE_MIN)
        nice = NICE_MIN;
    if (nice > NICE_MAX)
        nice = NICE_MAX;
    return NICE_TO_WEIGHT[nice - NICE_MIN];
}

constexpr uint32_t clamp_weight(uint32_t weight)
{
    return weight < MIN_WEIGHT ? MIN_WEIGHT : (weight > MAX_WEIGHT ? MAX_WEIGHT : weight);
}

// The requested slice r: how much real CPU time an entity asks for per request. It sets
// the entity's latency (shorter slice, earlier deadlines, served sooner) but not its
// share (that is the weight). 3 ms is short enough for interactive work and long enough
// that the switch costs stay small; the limits keep the arithmetic bounds (below) valid.
inline constexpr uint64_t DEFAULT_SLICE_NS = 3'000'000;
inline constexpr uint64_t MIN_SLICE_NS = 100'000;
inline constexpr uint64_t MAX_SLICE_NS = 100'000'000;

constexpr uint64_t clamp_slice(uint64_t slice_ns)
{
    return slice_ns < MIN_SLICE_NS ? MIN_SLICE_NS : (slice_ns > MAX_SLICE_NS ? MAX_SLICE_NS : slice_ns);
}

// A saved lag is clamped to +- LAG_LIMIT_SLICES requests of the entity (in real time):
// enough to carry the normal EEVDF lag (which stays within about one request while
// runnable) across a sleep, not enough for a long sleeper or a thread that ran far over
// its share to bank an arbitrary credit or debt.
inline constexpr uint64_t LAG_LIMIT_SLICES = 2;

// Virtual times are 64-bit counters that may wrap (a lone nice-19 entity advances virtual
// time about 68 times faster than real time, so a wrap after some 8.5 years of uptime is
// possible). All live virtual times of one queue lie within 2^63 of each other, so they
// are compared through their signed difference, never directly.
constexpr int64_t vtime_diff(uint64_t a, uint64_t b) { return static_cast<int64_t>(a - b); }
constexpr bool vtime_before(uint64_t a, uint64_t b) { return vtime_diff(a, b) < 0; }
constexpr bool vtime_not_after(uint64_t a, uint64_t b) { return vtime_diff(a, b) <= 0; }
constexpr uint64_t vtime_min(uint64_t a, uint64_t b) { return vtime_before(b, a) ? b : a; }

// Real to virtual: ns * NICE_0 / weight, rounded down, at least 1 for ns > 0 so a request
// is never empty. Only for bounded spans (requests and lag limits, at most a few
// MAX_SLICE_NS), so the shifted value cannot overflow.
constexpr uint64_t real_to_virtual(uint64_t ns, uint32_t weight)
{
    uint64_t v = (ns << NICE_0_SHIFT) / weight;
    return (v == 0 && ns != 0) ? 1 : v;
}

// The virtual length of an entity's request: r * NICE_0 / w.
constexpr uint64_t request_vslice(uint64_t slice_ns, uint32_t weight)
{
    return real_to_virtual(slice_ns, weight);
}

// Floor division of a signed 64-bit value by a positive divisor (C++ division truncates
// toward zero, which would round negative averages up).
constexpr int64_t floor_div(int64_t value, int64_t divisor)
{
    int64_t quotient = value / divisor;
    if ((value % divisor) < 0)
        --quotient;
    return quotient;
}

} // namespace ts::sched
