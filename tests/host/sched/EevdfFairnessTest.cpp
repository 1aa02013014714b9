// Host tests for the EEVDF run queue's fairness: long simulated runs (EevdfOracle.hpp)
// with mixed weights and slices, a fixed set of entities and then entities joining,
// exiting, sleeping and waking. At every pick the choice is checked against a brute-force
// scan with an exact V, verify() runs after every operation, and each entity's real
// service is compared with references computed from real time only:
//   - fixed set: the plain fluid share (its weight's part of every nanosecond);
//   - changing set: the fluid share with the come-and-go rules stated in the simulator
//     (the plain fluid share has no bound there: an entity that exits owed some service
//     leaves that debt with the others for good, and a sleeper waking to an empty queue
//     has nobody to settle with; docs/kernel/scheduler.md, "Fairness").
// The bounds: one request of the largest slice r plus the simulator's quantum q (the
// timer latency) for a fixed set, which is the EEVDF lag bound; with sleepers, the lag a
// sleeper may carry (LAG_LIMIT_SLICES requests) plus q.
#include "EevdfOracle.hpp"

#include <cstdio>

namespace ts::sched::test {
namespace {

constexpr uint64_t JITTER_NS = 50'000; // timer latency up to 50 us

struct Outcome {
    long double fluid;
    long double fair;
    long double lag;
};

Outcome run(SimConfig config, uint64_t picks, const char* name, uint64_t initial_vtime = 0)
{
    Simulator sim(config, initial_vtime);
    sim.run_picks(picks);
    EXPECT_EQ(sim.failure(), "") << name;
    EXPECT_EQ(sim.queue().stats().fallback_picks, 0u) << name;
    EXPECT_EQ(sim.queue().stats().refused, 0u) << name;
    EXPECT_TRUE(sim.queue().verify()) << name;
    double slice = static_cast<double>(sim.max_slice());
    std::printf("[ figures  ] %s: %llu picks, %.1f s simulated, %llu sleeps, %llu joins, %llu exits; "
                "max |service - fluid| %.3f r, max |service - fair| %.3f r, max |lag| %.3f r (r = %.1f ms)\n",
        name, static_cast<unsigned long long>(sim.picks()), static_cast<double>(sim.now()) / 1e9,
        static_cast<unsigned long long>(sim.sleeps()), static_cast<unsigned long long>(sim.joins()),
        static_cast<unsigned long long>(sim.exits()), static_cast<double>(sim.max_fluid_deviation()) / slice,
        static_cast<double>(sim.max_fair_deviation()) / slice, static_cast<double>(sim.max_abs_lag()) / slice,
        slice / 1e6);
    return { sim.max_fluid_deviation(), sim.max_fair_deviation(), sim.max_abs_lag() };
}

SimConfig fixed_set(size_t entities, uint64_t seed)
{
    SimConfig config;
    config.entities = entities;
    config.nice_min = -5;
    config.nice_max = 5;
    config.jitter_ns = JITTER_NS;
    config.seed = seed;
    return config;
}

TEST(EevdfFairness, FixedSetMillionPicks)
{
    // The long run: 20 entities of nice -5..5, one million picks (about 50 minutes of
    // simulated CPU time).
    Outcome outcome = run(fixed_set(20, 7), 1'000'000, "fixed set, 20 entities");
    long double bound = DEFAULT_SLICE_NS + JITTER_NS;
    EXPECT_LE(outcome.fluid, bound);
    EXPECT_LE(outcome.lag, bound);
}

TEST(EevdfFairness, FixedSetSizes)
{
    for (size_t entities : { 2, 3, 5, 10, 50 }) {
        std::string name = "fixed set, " + std::to_string(entities) + " entities";
        Outcome outcome = run(fixed_set(entities, entities), 100'000, name.c_str());
        EXPECT_LE(outcome.fluid, DEFAULT_SLICE_NS + JITTER_NS) << name;
    }
}

TEST(EevdfFairness, FixedSetMixedSlices)
{
    // Latency-sensitive and batch entities side by side: the bound is the largest slice.
    SimConfig config = fixed_set(12, 3);
    config.slices = { 500'000, 3'000'000, 12'000'000 };
    Outcome outcome = run(config, 200'000, "fixed set, slices 0.5/3/12 ms");
    EXPECT_LE(outcome.fluid, 12'000'000 + JITTER_NS);
}

TEST(EevdfFairness, FixedSetHugeWeightRatios)
{
    // Weights from 1 to 2^20 (a million to one), the nice table's ends and nice 0.
    SimConfig config = fixed_set(8, 11);
    config.weights = { MIN_WEIGHT, weight_for_nice(19), NICE_0_WEIGHT, weight_for_nice(-20), MAX_WEIGHT };
    Outcome outcome = run(config, 200'000, "fixed set, weights 1..2^20");
    EXPECT_LE(outcome.fluid, DEFAULT_SLICE_NS + JITTER_NS);
}

TEST(EevdfFairness, FixedSetAcrossVirtualTimeWrap)
{
    // Virtual time starts 10 s (virtual) before 2^64 and wraps during the run.
    SimConfig config = fixed_set(10, 5);
    config.nice_max = 19; // light entities advance virtual time fast
    Outcome outcome = run(config, 100'000, "fixed set, across the 2^64 wrap", UINT64_MAX - 10'000'000'000ull);
    EXPECT_LE(outcome.fluid, DEFAULT_SLICE_NS + JITTER_NS);
}

TEST(EevdfFairness, JoinAndExit)
{
    // Entities come (with zero lag) and go (their lag is dropped): against the plain
    // fluid share the others keep what an exiting entity was owed or owed, so only the
    // fair reference is bounded, by the same bound as a fixed set.
    SimConfig config = fixed_set(20, 13);
    config.join_probability = 0.02;
    config.exit_probability = 0.02;
    config.max_entities = 40;
    config.min_alive = 2;
    Outcome outcome = run(config, 300'000, "join and exit, ~20 entities");
    EXPECT_LE(outcome.fair, DEFAULT_SLICE_NS + JITTER_NS);
    EXPECT_LE(outcome.lag, DEFAULT_SLICE_NS + JITTER_NS);
}

TEST(EevdfFairness, SleepAndWake)
{
    for (size_t entities : { 2, 5, 20 }) {
        SimConfig config = fixed_set(entities, 17 + entities);
        config.sleep_probability = 0.05;
        config.sleep_max_ns = 20'000'000;
        std::string name = "sleep and wake, " + std::to_string(entities) + " entities";
        Outcome outcome = run(config, 200'000, name.c_str());
        long double bound = LAG_LIMIT_SLICES * DEFAULT_SLICE_NS + JITTER_NS;
        EXPECT_LE(outcome.fair, bound) << name;
        EXPECT_LE(outcome.lag, bound) << name;
    }
}

TEST(EevdfFairness, EverythingAtOnce)
{
    for (size_t entities : { 5, 50 }) {
        SimConfig config = fixed_set(entities, 23 + entities);
        config.slices = { 1'000'000, 3'000'000, 6'000'000 };
        config.sleep_probability = 0.05;
        config.sleep_max_ns = 30'000'000;
        config.join_probability = 0.01;
        config.exit_probability = 0.01;
        config.max_entities = 2 * entities + 2;
        std::string name = "sleep, wake, join, exit, " + std::to_string(entities) + " entities, slices 1/3/6 ms";
        Outcome outcome = run(config, 200'000, name.c_str());
        long double bound = LAG_LIMIT_SLICES * 6'000'000 + JITTER_NS;
        EXPECT_LE(outcome.fair, bound) << name;
        EXPECT_LE(outcome.lag, bound) << name;
    }
}

} // namespace
} // namespace ts::sched::test
