// Independent reference computations for the EEVDF run queue tests, and a simulator that
// drives a queue the way the kernel will. Nothing here reuses the queue's arithmetic:
//   - ExactAverage: V = sum(w_i v_i) / sum(w_i) as an exact 128-bit fraction over a set of
//     entities (no zero point, no recentring), eligibility and lag against it;
//   - brute_force_choices(): the EEVDF choice by scanning every entity;
//   - Simulator: pick, run until the slice-end timer fires (plus a random timer latency,
//     the simulator's scheduling quantum) or a wake-up interrupts, account, then events
//     (sleep, wake, join, exit). It tracks each entity's real service and two references
//     computed from real time only: the plain fluid share (processor sharing over the
//     intervals the entity was runnable) and the same fluid schedule with explicit rules
//     for entities that come and go (see leave_reference()).
#pragma once

#include <sched/Eevdf.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace ts::sched::test {

inline int64_t signed_diff(uint64_t a, uint64_t b) { return static_cast<int64_t>(a - b); }

// V = sum(w_i v_i) / sum(w_i) as an exact fraction. Virtual times are taken relative to
// `base` (any live virtual time) so that wrapped 64-bit values average correctly.
struct ExactAverage {
    uint64_t base { 0 };
    __int128 numerator { 0 };   // sum of w_i * (v_i - base)
    __int128 denominator { 0 }; // sum of w_i

    template<typename Entities>
    static ExactAverage of(const Entities& entities)
    {
        ExactAverage average;
        bool first = true;
        for (const SchedEntity* entity : entities) {
            if (first)
                average.base = entity->vruntime;
            first = false;
            average.numerator += static_cast<__int128>(entity->weight) * signed_diff(entity->vruntime, average.base);
            average.denominator += entity->weight;
        }
        return average;
    }

    // v <= V exactly: (v - base) * W <= sum(w_i (v_i - base)).
    bool eligible(const SchedEntity& entity) const
    {
        return static_cast<__int128>(signed_diff(entity.vruntime, base)) * denominator <= numerator;
    }
    // floor(V) as a virtual time.
    uint64_t floor_value() const
    {
        __int128 q = numerator / denominator;
        if (numerator % denominator < 0)
            --q;
        return base + static_cast<uint64_t>(static_cast<int64_t>(q));
    }
    // V - v in virtual ns.
    long double minus(uint64_t v) const
    {
        return static_cast<long double>(numerator - static_cast<__int128>(signed_diff(v, base)) * denominator) /
               static_cast<long double>(denominator);
    }
    // The entity's lag in real ns: w * (V - v) / 1024.
    long double real_lag(const SchedEntity& entity) const { return minus(entity.vruntime) * entity.weight / 1024.0L; }
};

// Every entity EEVDF may run: eligible against the exact V, with the earliest deadline
// (all of them on a tie). Empty only when nothing is eligible.
template<typename Entities>
std::vector<const SchedEntity*> brute_force_choices(const Entities& queued)
{
    ExactAverage average = ExactAverage::of(queued);
    const SchedEntity* best = nullptr;
    for (const SchedEntity* entity : queued) {
        if (average.eligible(*entity) && (!best || signed_diff(entity->deadline, best->deadline) < 0))
            best = entity;
    }
    std::vector<const SchedEntity*> choices;
    for (const SchedEntity* entity : queued) {
        if (best && average.eligible(*entity) && entity->deadline == best->deadline)
            choices.push_back(entity);
    }
    return choices;
}

struct SimEntity {
    SchedEntity se; // first member: the simulator maps a SchedEntity* back by a cast
    size_t id { 0 };
    enum class State { Runnable, Sleeping, Exited } state { State::Runnable };
    uint64_t wake_at { 0 };
    long double service { 0 };         // real ns it ran
    long double fluid { 0 };           // plain fluid share while runnable
    long double max_fluid_deviation { 0 };
    long double fair { 0 };            // fluid share with the come-and-go rules
    long double max_fair_deviation { 0 };
    long double carried { 0 };         // deviation carried through a sleep
};
static_assert(std::is_standard_layout_v<SimEntity>);

struct SimConfig {
    size_t entities { 8 };
    int nice_min { 0 };
    int nice_max { 0 };
    std::vector<uint32_t> weights {};                  // if set, drawn instead of nice
    std::vector<uint64_t> slices { DEFAULT_SLICE_NS }; // each entity draws one
    uint64_t jitter_ns { 0 };                          // timer latency, uniform in [0, jitter]
    // Events, each tried after every segment.
    double sleep_probability { 0 }; // the running entity blocks...
    uint64_t sleep_max_ns { 0 };    // ...for a uniform time in [1, sleep_max_ns]
    double join_probability { 0 };  // a new entity joins (up to max_entities alive)
    double exit_probability { 0 };  // a random runnable entity exits (down to min_alive)
    size_t max_entities { 64 };
    size_t min_alive { 1 };
    bool check_every_pick { true }; // brute-force the choice at each pick
    bool verify_every_op { true };  // queue.verify() after each operation
    uint64_t seed { 1 };
};

class Simulator {
public:
    explicit Simulator(SimConfig config, uint64_t initial_vtime = 0)
        : m_config(std::move(config)), m_queue(initial_vtime), m_rng(m_config.seed)
    {
        for (size_t i = 0; i < m_config.entities; ++i)
            join();
    }

    EevdfQueue& queue() { return m_queue; }
    const std::vector<std::unique_ptr<SimEntity>>& entities() const { return m_entities; }
    uint64_t now() const { return m_now; }
    uint64_t picks() const { return m_picks; }
    uint64_t segments() const { return m_segments; }
    uint64_t sleeps() const { return m_sleeps; }
    uint64_t wakeups() const { return m_wakeups; }
    uint64_t joins() const { return m_joins; }
    uint64_t exits() const { return m_exits; }
    uint64_t max_slice() const { return m_max_slice; }
    // Largest |real lag| (against the exact V) of a queued entity, sampled at each pick.
    long double max_abs_lag() const { return m_max_abs_lag; }
    // The first error found, as text; empty means every check held.
    const std::string& failure() const { return m_failure; }

    long double max_fluid_deviation() const
    {
        long double worst = 0;
        for (auto& entity : m_entities)
            worst = std::max(worst, entity->max_fluid_deviation);
        return worst;
    }
    long double max_fair_deviation() const
    {
        long double worst = 0;
        for (auto& entity : m_entities)
            worst = std::max(worst, entity->max_fair_deviation);
        return worst;
    }

    const std::vector<const SchedEntity*>& queued()
    {
        m_queued.clear();
        for (SimEntity* entity : m_alive) {
            if (entity->state == SimEntity::State::Runnable)
                m_queued.push_back(&entity->se);
        }
        return m_queued;
    }

    // Runs until `picks` more picks happened or a check failed.
    void run_picks(uint64_t picks)
    {
        uint64_t target = m_picks + picks;
        while (m_picks < target && m_failure.empty())
            step();
    }

    // One segment: pick if due, run, account, then events.
    void step()
    {
        if (!m_running || m_need_pick)
            pick();
        if (!m_running) {
            // Idle: jump to the next wake-up.
            uint64_t next = UINT64_MAX;
            for (SimEntity* entity : m_alive) {
                if (entity->state == SimEntity::State::Sleeping)
                    next = std::min(next, entity->wake_at);
            }
            if (next == UINT64_MAX) {
                fail("idle with nobody asleep");
                return;
            }
            m_now = std::max(m_now, next);
            wake_due();
            return;
        }

        uint64_t until_end = m_queue.time_until_slice_end(m_running->se);
        uint64_t run = until_end;
        if (m_config.jitter_ns)
            run += std::uniform_int_distribution<uint64_t>(0, m_config.jitter_ns)(m_rng);
        bool cut = false; // a wake-up interrupts the segment
        for (SimEntity* entity : m_alive) {
            if (entity->state == SimEntity::State::Sleeping && entity->wake_at < m_now + run) {
                run = entity->wake_at > m_now ? entity->wake_at - m_now : 0;
                cut = true;
            }
        }
        advance(run);
        bool done = m_queue.account(m_running->se, run);
        ++m_segments;
        if (!cut && !done)
            fail("account() did not complete the request after time_until_slice_end()");
        if (done)
            m_need_pick = true;
        after_op("account");

        wake_due();
        events();
    }

private:
    void fail(const std::string& what)
    {
        if (m_failure.empty())
            m_failure = what + " (at pick " + std::to_string(m_picks) + ", t=" + std::to_string(m_now) + " ns)";
    }

    static SimEntity* sim_of(const SchedEntity* se)
    {
        return reinterpret_cast<SimEntity*>(const_cast<SchedEntity*>(se));
    }

    void after_op(const char* what)
    {
        if (m_config.verify_every_op && !m_queue.verify())
            fail(std::string("verify() failed after ") + what);
        if (m_queue.size() != m_runnable)
            fail(std::string("size() disagrees after ") + what);
        if (m_queue.total_weight() != m_runnable_weight)
            fail(std::string("total_weight() disagrees after ") + what);
    }

    void pick()
    {
        std::vector<const SchedEntity*> expected;
        if (m_config.check_every_pick)
            expected = brute_force_choices(queued());
        SchedEntity* picked = m_queue.pick();
        ++m_picks;
        m_need_pick = false;
        if (!picked) {
            if (m_runnable != 0)
                fail("pick() returned null on a non-empty queue");
            m_running = nullptr;
            return;
        }
        if (m_config.check_every_pick) {
            if (std::find(expected.begin(), expected.end(), picked) == expected.end())
                fail("pick() chose an entity that is not eligible or not the earliest eligible deadline");
            // Sample the lags (the queue's state between two segments).
            ExactAverage average = ExactAverage::of(m_queued);
            for (const SchedEntity* entity : m_queued)
                m_max_abs_lag = std::max(m_max_abs_lag, std::abs(average.real_lag(*entity)));
        }
        if (m_queue.current() != picked)
            fail("pick() did not make its choice current");
        m_running = sim_of(picked);
        after_op("pick");
    }

    void advance(uint64_t run)
    {
        m_now += run;
        if (run == 0)
            return;
        m_running->service += run;
        for (SimEntity* entity : m_alive) {
            if (entity->state != SimEntity::State::Runnable)
                continue;
            long double share = static_cast<long double>(run) * entity->se.weight / m_runnable_weight;
            entity->fluid += share;
            entity->fair += share;
            entity->max_fluid_deviation =
                std::max(entity->max_fluid_deviation, std::abs(entity->service - entity->fluid));
            entity->max_fair_deviation = std::max(entity->max_fair_deviation, std::abs(entity->service - entity->fair));
        }
    }

    // The reference for a changing set of runnable entities, stated in real service only
    // (no virtual time). The deviations service - fair of the runnable entities always
    // sum to zero: each segment adds `run` to both sides. An entity leaving with
    // deviation E hands it to those still runnable in proportion to their weights; a
    // sleeper keeps E, limited to LAG_LIMIT_SLICES of its requests, and takes it back
    // from those runnable when it wakes, again by weight. A sleeper waking to an empty
    // queue has nobody to settle with and starts at zero, as does a new entity.
    void leave_reference(SimEntity& leaving, bool keep)
    {
        long double deviation = leaving.service - leaving.fair;
        long double limit = static_cast<long double>(LAG_LIMIT_SLICES * leaving.se.slice_ns);
        leaving.carried = keep ? std::clamp(deviation, -limit, limit) : 0;
        settle(leaving, -deviation);
    }
    void arrive_reference(SimEntity& arriving)
    {
        long double others = settle(arriving, arriving.carried);
        arriving.fair = arriving.service - (others > 0 ? arriving.carried : 0);
        arriving.carried = 0;
    }
    // Adds amount * w_i / W to the fair share of every runnable entity but `except`;
    // returns their total weight W.
    long double settle(const SimEntity& except, long double amount)
    {
        long double total = 0;
        for (SimEntity* entity : m_alive) {
            if (entity->state == SimEntity::State::Runnable && entity != &except)
                total += entity->se.weight;
        }
        if (total == 0)
            return 0;
        for (SimEntity* entity : m_alive) {
            if (entity->state == SimEntity::State::Runnable && entity != &except)
                entity->fair += amount * entity->se.weight / total;
        }
        return total;
    }

    void set_runnable(SimEntity& entity, bool runnable)
    {
        if (runnable) {
            ++m_runnable;
            m_runnable_weight += entity.se.weight;
        } else {
            --m_runnable;
            m_runnable_weight -= entity.se.weight;
        }
    }

    void wake_due()
    {
        for (SimEntity* entity : m_alive) {
            if (entity->state != SimEntity::State::Sleeping || entity->wake_at > m_now)
                continue;
            arrive_reference(*entity);
            entity->state = SimEntity::State::Runnable;
            set_runnable(*entity, true);
            m_queue.enqueue(entity->se, EnqueueReason::Wakeup);
            ++m_wakeups;
            after_op("enqueue(Wakeup)");
            if (m_running && m_queue.should_preempt(m_running->se, entity->se))
                m_need_pick = true;
        }
    }

    size_t alive() const { return m_alive.size(); }

    void join()
    {
        auto entity = std::make_unique<SimEntity>();
        entity->id = m_entities.size();
        if (!m_config.weights.empty()) {
            entity->se.set_weight(
                m_config.weights[std::uniform_int_distribution<size_t>(0, m_config.weights.size() - 1)(m_rng)]);
        } else {
            entity->se.set_nice(std::uniform_int_distribution<int>(m_config.nice_min, m_config.nice_max)(m_rng));
        }
        entity->se.set_slice(
            m_config.slices[std::uniform_int_distribution<size_t>(0, m_config.slices.size() - 1)(m_rng)]);
        m_max_slice = std::max(m_max_slice, entity->se.slice_ns);
        SimEntity& added = *entity;
        m_entities.push_back(std::move(entity));
        m_alive.push_back(&added);
        set_runnable(added, true);
        m_queue.enqueue(added.se, EnqueueReason::New);
        ++m_joins;
        after_op("enqueue(New)");
        if (m_running && m_queue.should_preempt(m_running->se, added.se))
            m_need_pick = true;
    }

    void events()
    {
        std::uniform_real_distribution<double> coin(0, 1);
        if (m_running && coin(m_rng) < m_config.sleep_probability && alive() > m_config.min_alive) {
            leave_reference(*m_running, true);
            m_running->state = SimEntity::State::Sleeping;
            set_runnable(*m_running, false);
            m_running->wake_at = m_now + std::uniform_int_distribution<uint64_t>(1, m_config.sleep_max_ns)(m_rng);
            m_queue.dequeue(m_running->se, DequeueReason::Sleep);
            ++m_sleeps;
            if (m_queue.current() != nullptr)
                fail("dequeue() of the running entity left it current");
            m_running = nullptr;
            m_need_pick = true;
            after_op("dequeue(Sleep)");
        }
        if (coin(m_rng) < m_config.join_probability && alive() < m_config.max_entities)
            join();
        if (coin(m_rng) < m_config.exit_probability && alive() > m_config.min_alive && m_runnable > 0) {
            auto& list = queued();
            SimEntity* victim = sim_of(list[std::uniform_int_distribution<size_t>(0, list.size() - 1)(m_rng)]);
            leave_reference(*victim, false);
            victim->state = SimEntity::State::Exited;
            m_alive.erase(std::find(m_alive.begin(), m_alive.end(), victim));
            set_runnable(*victim, false);
            m_queue.dequeue(victim->se, DequeueReason::Exit);
            ++m_exits;
            if (victim == m_running) {
                m_running = nullptr;
                m_need_pick = true;
            }
            after_op("dequeue(Exit)");
        }
    }

    SimConfig m_config;
    EevdfQueue m_queue;
    std::mt19937_64 m_rng;
    std::vector<std::unique_ptr<SimEntity>> m_entities; // all, exited ones too
    std::vector<SimEntity*> m_alive;                    // runnable or sleeping
    std::vector<const SchedEntity*> m_queued;
    SimEntity* m_running { nullptr };
    bool m_need_pick { true };
    size_t m_runnable { 0 };
    uint64_t m_runnable_weight { 0 };
    uint64_t m_now { 0 };
    uint64_t m_picks { 0 };
    uint64_t m_segments { 0 };
    uint64_t m_sleeps { 0 };
    uint64_t m_wakeups { 0 };
    uint64_t m_joins { 0 };
    uint64_t m_exits { 0 };
    uint64_t m_max_slice { 0 };
    long double m_max_abs_lag { 0 };
    std::string m_failure;
};

} // namespace ts::sched::test
