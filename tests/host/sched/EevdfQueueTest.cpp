// Host tests for the EEVDF run queue's operations, one behaviour at a time: the weight
// table, a single entity, exact accounting and slice-end times, deadlines, round robin
// among equals, the choice in hand-built situations, lag kept across sleep, clamped,
// dropped on exit and carried across a migration, wake-up preemption, yield, reweight,
// refused misuse and the load figures. Expected values come from the formulas in
// docs/kernel/scheduler.md evaluated here independently (exact 128-bit averages, double
// for the weight table), not from the queue.
#include "EevdfOracle.hpp"

#include <cmath>

namespace ts::sched::test {
namespace {

// floor(r * 1024 / w), at least 1: the virtual length of a request, computed here.
uint64_t vslice_of(uint64_t slice_ns, uint32_t weight)
{
    uint64_t v = static_cast<uint64_t>((static_cast<unsigned __int128>(slice_ns) * 1024) / weight);
    return v == 0 ? 1 : v;
}

uint64_t lag_limit_of(const SchedEntity& entity) { return vslice_of(2 * entity.slice_ns, entity.weight); }

// Runs `picks` picks, each followed by a complete request (the slice-end timer).
void drive(EevdfQueue& queue, int picks)
{
    for (int i = 0; i < picks; ++i) {
        SchedEntity* next = queue.pick();
        ASSERT_NE(next, nullptr);
        queue.account(*next, queue.time_until_slice_end(*next));
    }
}

template<size_t N>
std::vector<const SchedEntity*> all_of(SchedEntity (&entities)[N])
{
    std::vector<const SchedEntity*> list;
    for (SchedEntity& entity : entities) {
        if (entity.on_queue)
            list.push_back(&entity);
    }
    return list;
}

TEST(EevdfWeights, TableIsRoundedPowersOfOnePointTwoFive)
{
    for (int nice = NICE_MIN; nice <= NICE_MAX; ++nice) {
        long expected = std::lround(1024.0 * std::pow(1.25, -nice));
        EXPECT_EQ(weight_for_nice(nice), static_cast<uint32_t>(expected)) << "nice " << nice;
        if (nice > NICE_MIN) {
            double ratio = static_cast<double>(weight_for_nice(nice - 1)) / weight_for_nice(nice);
            EXPECT_GT(ratio, 1.19) << "nice " << nice;
            EXPECT_LT(ratio, 1.28) << "nice " << nice;
        }
    }
    EXPECT_EQ(weight_for_nice(0), NICE_0_WEIGHT);
    EXPECT_EQ(weight_for_nice(-100), weight_for_nice(-20));
    EXPECT_EQ(weight_for_nice(100), weight_for_nice(19));
    SchedEntity entity;
    entity.set_weight(0);
    EXPECT_EQ(entity.weight, MIN_WEIGHT);
    entity.set_weight(UINT32_MAX);
    EXPECT_EQ(entity.weight, MAX_WEIGHT);
    entity.set_slice(1);
    EXPECT_EQ(entity.slice_ns, MIN_SLICE_NS);
}

TEST(EevdfQueue, Empty)
{
    EevdfQueue queue;
    EXPECT_EQ(queue.pick(), nullptr);
    EXPECT_EQ(queue.peek(), nullptr);
    EXPECT_EQ(queue.current(), nullptr);
    EXPECT_EQ(queue.size(), 0u);
    EXPECT_EQ(queue.total_weight(), 0u);
    EXPECT_TRUE(queue.verify());
}

TEST(EevdfQueue, SingleEntity)
{
    const uint64_t start = 123'456'789;
    EevdfQueue queue(start);
    SchedEntity entity;
    entity.set_nice(3);
    queue.enqueue(entity, EnqueueReason::New);
    EXPECT_TRUE(entity.on_queue);
    EXPECT_EQ(queue.size(), 1u);
    EXPECT_EQ(queue.total_weight(), weight_for_nice(3));
    EXPECT_EQ(entity.vruntime, start);
    EXPECT_EQ(entity.deadline, start + vslice_of(DEFAULT_SLICE_NS, entity.weight));

    std::mt19937_64 rng(1);
    for (int i = 0; i < 1000; ++i) {
        ASSERT_EQ(queue.pick(), &entity);
        ASSERT_EQ(queue.current(), &entity);
        // Alone, it is always exactly at the average: lag zero.
        ASSERT_EQ(queue.avg_vruntime(), entity.vruntime);
        ASSERT_EQ(queue.lag(entity), 0);
        queue.account(entity, std::uniform_int_distribution<uint64_t>(1, 10'000'000)(rng));
        ASSERT_TRUE(queue.verify());
    }
    queue.dequeue(entity, DequeueReason::Sleep);
    EXPECT_EQ(entity.saved_vlag, 0);
    EXPECT_EQ(queue.current(), nullptr);
    EXPECT_EQ(queue.pick(), nullptr);
    EXPECT_TRUE(queue.verify());
}

TEST(EevdfQueue, AccountingIsExact)
{
    // v advances by floor(total * 1024 / w) over any split of the total, including spans
    // longer than the internal chunk (2^40 ns).
    for (uint32_t weight : { MIN_WEIGHT, 3u, 15u, 819u, 1024u, 3125u, 88818u, MAX_WEIGHT }) {
        EevdfQueue queue(7);
        SchedEntity entity;
        entity.set_weight(weight);
        queue.enqueue(entity, EnqueueReason::New);
        ASSERT_EQ(queue.pick(), &entity);
        uint64_t start = entity.vruntime;
        std::mt19937_64 rng(weight);
        unsigned __int128 total = 0;
        for (int i = 0; i < 2000; ++i) {
            uint64_t ran = std::uniform_int_distribution<uint64_t>(0, 5'000'000)(rng);
            if (i == 1000)
                ran = (uint64_t(3) << 40) + 12345; // one huge span
            queue.account(entity, ran);
            total += ran;
            unsigned __int128 exact = total * 1024;
            ASSERT_EQ(entity.vruntime - start, static_cast<uint64_t>(exact / weight)) << "weight " << weight;
            ASSERT_EQ(entity.vruntime_frac, static_cast<uint32_t>(exact % weight)) << "weight " << weight;
        }
        EXPECT_EQ(entity.exec_ns, static_cast<uint64_t>(total));
        EXPECT_TRUE(queue.verify());
    }
}

TEST(EevdfQueue, TimeUntilSliceEndIsExact)
{
    // After `done` real ns of a request of virtual length L, the request completes once
    // (done + t) * 1024 >= L * w, so the timer must be t = ceil(L * w / 1024) - done.
    std::mt19937_64 rng(3);
    for (int round = 0; round < 300; ++round) {
        EevdfQueue queue;
        SchedEntity other;
        queue.enqueue(other, EnqueueReason::New);
        SchedEntity entity;
        entity.set_weight(std::uniform_int_distribution<uint32_t>(MIN_WEIGHT, 100'000)(rng));
        entity.set_slice(std::uniform_int_distribution<uint64_t>(MIN_SLICE_NS, 20'000'000)(rng));
        queue.enqueue(entity, EnqueueReason::New);
        // Make `entity` current without charging it (it may not be the EEVDF choice).
        while (queue.current() != &entity) {
            SchedEntity* next = queue.pick();
            if (next != &entity)
                queue.account(*next, queue.time_until_slice_end(*next));
        }
        uint64_t length = entity.deadline - entity.vruntime;
        ASSERT_EQ(length, vslice_of(entity.slice_ns, entity.weight));
        uint64_t full = static_cast<uint64_t>((static_cast<unsigned __int128>(length) * entity.weight + 1023) / 1024);
        uint64_t done = std::uniform_int_distribution<uint64_t>(0, full - 1)(rng);
        ASSERT_FALSE(queue.account(entity, done));
        uint64_t expected = full - done;
        ASSERT_EQ(queue.time_until_slice_end(entity), expected);
        if (expected > 1) {
            ASSERT_FALSE(queue.account(entity, expected - 1));
        }
        ASSERT_TRUE(queue.account(entity, 1)) << "weight " << entity.weight;
        // A new request started where the entity is now.
        EXPECT_EQ(entity.deadline - entity.vruntime, length);
        EXPECT_TRUE(queue.verify());
    }
}

TEST(EevdfQueue, EqualEntitiesTakeTurns)
{
    // Equal weights and slices, exact timers: every window of n picks runs each entity
    // exactly once (round robin), and each gets exactly one slice per window.
    constexpr size_t N = 7;
    EevdfQueue queue;
    SchedEntity entities[N];
    for (SchedEntity& entity : entities)
        queue.enqueue(entity, EnqueueReason::New);
    for (int window = 0; window < 200; ++window) {
        bool seen[N] = {};
        for (size_t i = 0; i < N; ++i) {
            SchedEntity* next = queue.pick();
            size_t index = static_cast<size_t>(next - entities);
            ASSERT_LT(index, N);
            ASSERT_FALSE(seen[index]) << "ran twice in window " << window;
            seen[index] = true;
            ASSERT_TRUE(queue.account(*next, queue.time_until_slice_end(*next)));
        }
        for (const SchedEntity& entity : entities)
            ASSERT_EQ(entity.exec_ns, (window + 1) * DEFAULT_SLICE_NS);
    }
}

TEST(EevdfQueue, ChoiceInHandBuiltSituations)
{
    EevdfQueue queue;
    SchedEntity a, b;
    queue.enqueue(a, EnqueueReason::New);
    queue.enqueue(b, EnqueueReason::New);
    ASSERT_EQ(queue.pick(), &a); // equal deadlines: first inserted

    // a runs half a slice: ahead of V, so not eligible although its deadline is still
    // the earliest; b is eligible and must win.
    EXPECT_FALSE(queue.account(a, DEFAULT_SLICE_NS / 2));
    EXPECT_FALSE(queue.is_eligible(a));
    EXPECT_TRUE(queue.is_eligible(b));
    EXPECT_EQ(a.deadline, b.deadline);
    EXPECT_EQ(queue.pick(), &b);

    // A new entity with a short slice: eligible (lag 0) with the earliest deadline.
    SchedEntity quick;
    quick.set_slice(MIN_SLICE_NS);
    queue.enqueue(quick, EnqueueReason::New);
    EXPECT_TRUE(queue.should_preempt(b, quick));
    EXPECT_EQ(queue.pick(), &quick);
    queue.account(quick, queue.time_until_slice_end(quick));

    // A woken entity with negative lag and a tiny slice has the earliest deadline but is
    // not eligible: it must be skipped.
    SchedEntity behind;
    behind.set_slice(MIN_SLICE_NS);
    behind.saved_vlag = -1; // the smallest debt: placed at floor(V) + 1 > V
    queue.enqueue(behind, EnqueueReason::Wakeup);
    ExactAverage average = ExactAverage::of(std::vector<const SchedEntity*> { &a, &b, &quick, &behind });
    EXPECT_FALSE(average.eligible(behind));
    for (const SchedEntity* other : { &a, &b, &quick })
        EXPECT_TRUE(signed_diff(behind.deadline, other->deadline) < 0);
    SchedEntity* next = queue.pick();
    EXPECT_NE(next, &behind);
    EXPECT_TRUE(average.eligible(*next));
    EXPECT_FALSE(queue.should_preempt(*next, behind));
    EXPECT_TRUE(queue.verify());
}

TEST(EevdfQueue, WakeUpPreemption)
{
    EevdfQueue queue;
    SchedEntity running, owed, owing, patient;
    queue.enqueue(running, EnqueueReason::New);
    ASSERT_EQ(queue.pick(), &running);
    queue.account(running, DEFAULT_SLICE_NS / 3);

    // Positive lag and a short request: eligible, earlier deadline.
    owed.set_slice(MIN_SLICE_NS);
    owed.saved_vlag = 1000;
    queue.enqueue(owed, EnqueueReason::Wakeup);
    EXPECT_TRUE(queue.should_preempt(running, owed));
    queue.dequeue(owed, DequeueReason::Exit);

    // Negative lag: not eligible, whatever its deadline.
    owing.set_slice(MIN_SLICE_NS);
    owing.saved_vlag = -1'000'000;
    queue.enqueue(owing, EnqueueReason::Wakeup);
    EXPECT_FALSE(queue.should_preempt(running, owing));
    queue.dequeue(owing, DequeueReason::Exit);

    // Eligible but with a request longer than what the running entity has left.
    patient.set_slice(MAX_SLICE_NS);
    queue.enqueue(patient, EnqueueReason::Wakeup);
    EXPECT_TRUE(queue.is_eligible(patient));
    EXPECT_FALSE(queue.should_preempt(running, patient));
    EXPECT_FALSE(queue.should_preempt(running, running));
    EXPECT_TRUE(queue.verify());
}

// Runs a queue of mixed entities for a while, then checks the lag an entity leaves with
// and the place it gets back against the formulas, computed independently:
//   saved = clamp(floor(V) - v, +-floor(2 r 1024 / w))
//   v'    = floor(V_others) - (l + floor(l * w / W_others))   at the wake-up
//   and its lag right after, V' - v', within 1 virtual ns of l.
void check_sleep_and_wake(bool want_positive)
{
    SchedEntity entities[5];
    const int nices[5] = { -3, 0, 0, 2, 5 };
    EevdfQueue queue(1'000'000'000);
    for (size_t i = 0; i < 5; ++i) {
        entities[i].set_nice(nices[i]);
        queue.enqueue(entities[i], EnqueueReason::New);
    }
    std::mt19937_64 rng(want_positive ? 1 : 2);
    SchedEntity* sleeper = nullptr;
    for (int round = 0; round < 1000 && !sleeper; ++round) {
        SchedEntity* next = queue.pick();
        // Stop the request part-way at a random point, as a block would.
        uint64_t until_end = queue.time_until_slice_end(*next);
        queue.account(*next, std::uniform_int_distribution<uint64_t>(1, until_end)(rng));
        ExactAverage average = ExactAverage::of(all_of(entities));
        for (SchedEntity& entity : entities) {
            long double lag = average.minus(entity.vruntime);
            if (want_positive ? lag > 1000 : lag < -1000) {
                sleeper = &entity;
                break;
            }
        }
    }
    ASSERT_NE(sleeper, nullptr);

    ExactAverage before = ExactAverage::of(all_of(entities));
    int64_t expected_lag = signed_diff(before.floor_value(), sleeper->vruntime);
    int64_t limit = static_cast<int64_t>(lag_limit_of(*sleeper));
    expected_lag = std::clamp(expected_lag, -limit, limit);
    queue.dequeue(*sleeper, DequeueReason::Sleep);
    ASSERT_EQ(sleeper->saved_vlag, expected_lag);
    ASSERT_EQ(sleeper->saved_vlag > 0, want_positive);
    ASSERT_TRUE(queue.verify());

    // The others run on for a while; the sleeper's lag stays as it was.
    drive(queue, 37);
    ASSERT_EQ(sleeper->saved_vlag, expected_lag);

    ExactAverage others = ExactAverage::of(all_of(entities));
    int64_t w = sleeper->weight;
    int64_t total = static_cast<int64_t>(others.denominator);
    int64_t product = expected_lag * w;
    int64_t placed = expected_lag + product / total - (product % total < 0 ? 1 : 0);
    uint64_t expected_v = others.floor_value() - static_cast<uint64_t>(placed);
    queue.enqueue(*sleeper, EnqueueReason::Wakeup);
    EXPECT_EQ(sleeper->vruntime, expected_v);
    EXPECT_EQ(sleeper->deadline, expected_v + vslice_of(sleeper->slice_ns, sleeper->weight));
    ExactAverage after = ExactAverage::of(all_of(entities));
    long double lag_after = after.minus(sleeper->vruntime);
    EXPECT_NEAR(static_cast<double>(lag_after), static_cast<double>(expected_lag), 1.0);
    EXPECT_EQ(queue.avg_vruntime(), after.floor_value());
    EXPECT_TRUE(queue.verify());
}

TEST(EevdfQueue, PositiveLagKeptAcrossSleep) { check_sleep_and_wake(true); }
TEST(EevdfQueue, NegativeLagKeptAcrossSleep) { check_sleep_and_wake(false); }

TEST(EevdfQueue, SavedLagIsClamped)
{
    EevdfQueue queue;
    SchedEntity hog, starved;
    hog.set_nice(-2);
    starved.set_nice(4);
    queue.enqueue(hog, EnqueueReason::New);
    queue.enqueue(starved, EnqueueReason::New);
    ASSERT_EQ(queue.pick(), &hog);
    queue.account(hog, 1'000'000'000); // a whole second without a timer
    // The starved entity is owed far more than two requests, the hog owes far more.
    ExactAverage average = ExactAverage::of(std::vector<const SchedEntity*> { &hog, &starved });
    ASSERT_GT(average.real_lag(starved), 2.0L * DEFAULT_SLICE_NS);
    ASSERT_LT(average.real_lag(hog), -2.0L * DEFAULT_SLICE_NS);
    queue.dequeue(starved, DequeueReason::Sleep);
    EXPECT_EQ(starved.saved_vlag, static_cast<int64_t>(lag_limit_of(starved)));
    queue.enqueue(starved, EnqueueReason::Wakeup);
    queue.account(hog, 1'000'000'000); // and another second
    queue.dequeue(hog, DequeueReason::Sleep);
    EXPECT_EQ(hog.saved_vlag, -static_cast<int64_t>(lag_limit_of(hog)));

    // A lag set from outside beyond the limit is clamped at the wake-up too.
    hog.saved_vlag = INT64_MAX / 2;
    ExactAverage others = ExactAverage::of(std::vector<const SchedEntity*> { &starved });
    queue.enqueue(hog, EnqueueReason::Wakeup);
    int64_t limit = static_cast<int64_t>(lag_limit_of(hog));
    int64_t placed = limit + limit * static_cast<int64_t>(hog.weight) / static_cast<int64_t>(starved.weight);
    EXPECT_EQ(hog.vruntime, others.floor_value() - static_cast<uint64_t>(placed));
    EXPECT_TRUE(queue.verify());
}

TEST(EevdfQueue, NewEntitiesStartAtTheAverageAndExitDropsLag)
{
    SchedEntity entities[6];
    EevdfQueue queue;
    for (size_t i = 0; i < 4; ++i) {
        entities[i].set_nice(static_cast<int>(i) * 2 - 3);
        queue.enqueue(entities[i], EnqueueReason::New);
    }
    drive(queue, 23);
    queue.account(*queue.pick(), 1'234'567);

    // New ignores any saved lag: v = floor(V), so 0 <= lag < 1.
    entities[4].saved_vlag = -5'000'000;
    ExactAverage before = ExactAverage::of(all_of(entities));
    queue.enqueue(entities[4], EnqueueReason::New);
    EXPECT_EQ(entities[4].vruntime, before.floor_value());
    long double lag = ExactAverage::of(all_of(entities)).minus(entities[4].vruntime);
    EXPECT_GE(lag, 0.0L);
    EXPECT_LT(lag, 1.0L);

    // Exit forgets the lag: coming back as a wake-up places it at floor(V) as well.
    queue.dequeue(entities[1], DequeueReason::Exit);
    EXPECT_EQ(entities[1].saved_vlag, 0);
    ExactAverage others = ExactAverage::of(all_of(entities));
    queue.enqueue(entities[1], EnqueueReason::Wakeup);
    EXPECT_EQ(entities[1].vruntime, others.floor_value());
    EXPECT_TRUE(queue.verify());
}

TEST(EevdfQueue, MigrationCarriesLagBetweenQueues)
{
    // Two CPUs whose virtual clocks are far apart: the lag, not the virtual time, moves.
    EevdfQueue cpu0(0), cpu1(5'000'000'000'000ull);
    SchedEntity on0[4], on1[3];
    for (size_t i = 0; i < 4; ++i) {
        on0[i].set_nice(static_cast<int>(i) - 1);
        cpu0.enqueue(on0[i], EnqueueReason::New);
    }
    for (size_t i = 0; i < 3; ++i) {
        on1[i].set_nice(static_cast<int>(i) + 1);
        cpu1.enqueue(on1[i], EnqueueReason::New);
    }
    drive(cpu0, 17);
    cpu0.account(*cpu0.pick(), 777'777);
    drive(cpu1, 11);
    cpu1.account(*cpu1.pick(), 333'333);

    // Move the waiting entity with the largest |lag|.
    ExactAverage average0 = ExactAverage::of(all_of(on0));
    SchedEntity* mover = nullptr;
    for (SchedEntity& entity : on0) {
        if (&entity != cpu0.current() &&
            (!mover || std::abs(average0.minus(entity.vruntime)) > std::abs(average0.minus(mover->vruntime))))
            mover = &entity;
    }
    ASSERT_NE(mover, nullptr);
    int64_t lag = signed_diff(average0.floor_value(), mover->vruntime);
    ASSERT_NE(lag, 0);
    cpu0.dequeue(*mover, DequeueReason::Migrate);
    EXPECT_EQ(mover->saved_vlag, lag);
    cpu1.enqueue(*mover, EnqueueReason::Migrate);
    std::vector<const SchedEntity*> now_on1 = all_of(on1);
    now_on1.push_back(mover);
    EXPECT_NEAR(static_cast<double>(ExactAverage::of(now_on1).minus(mover->vruntime)), static_cast<double>(lag), 1.0);
    EXPECT_TRUE(cpu0.verify());
    EXPECT_TRUE(cpu1.verify());

    // And back again after the lag changed on cpu1.
    drive(cpu1, 9);
    while (cpu1.current() == mover) // a running entity is not migrated
        drive(cpu1, 1);
    ExactAverage average1 = ExactAverage::of(now_on1);
    int64_t lag1 = std::clamp<int64_t>(signed_diff(average1.floor_value(), mover->vruntime),
        -static_cast<int64_t>(lag_limit_of(*mover)), static_cast<int64_t>(lag_limit_of(*mover)));
    cpu1.dequeue(*mover, DequeueReason::Migrate);
    EXPECT_EQ(mover->saved_vlag, lag1);
    cpu0.enqueue(*mover, EnqueueReason::Migrate);
    EXPECT_NEAR(static_cast<double>(ExactAverage::of(all_of(on0)).minus(mover->vruntime)), static_cast<double>(lag1), 1.0);
    EXPECT_TRUE(cpu0.verify());
    EXPECT_TRUE(cpu1.verify());
    EXPECT_EQ(cpu0.size(), 4u);
    EXPECT_EQ(cpu1.size(), 3u);
}

TEST(EevdfQueue, YieldLetsTheOthersGoFirst)
{
    EevdfQueue queue;
    SchedEntity a, b;
    queue.enqueue(a, EnqueueReason::New);
    ASSERT_EQ(queue.pick(), &a);
    queue.yield(a); // alone: still a
    EXPECT_EQ(queue.pick(), &a);
    queue.enqueue(b, EnqueueReason::New);
    queue.yield(a);
    EXPECT_EQ(queue.pick(), &b);
    EXPECT_TRUE(queue.verify());
}

TEST(EevdfQueue, ReweightKeepsRealLagAndTheAverage)
{
    SchedEntity entities[5];
    EevdfQueue queue;
    for (size_t i = 0; i < 5; ++i) {
        entities[i].set_nice(static_cast<int>(i) - 2);
        queue.enqueue(entities[i], EnqueueReason::New);
    }
    drive(queue, 13);
    queue.account(*queue.pick(), 1'111'111);

    for (int round = 0; round < 10; ++round) {
        // Alternate between a waiting entity and the current one.
        SchedEntity* chosen = &entities[(round / 2) % 5];
        if (round % 2)
            chosen = queue.current();
        else if (chosen == queue.current())
            chosen = &entities[(round / 2 + 1) % 5];
        SchedEntity& target = *chosen;
        ExactAverage before = ExactAverage::of(all_of(entities));
        long double real_lag_before = before.real_lag(target);
        std::vector<long double> others_before;
        for (SchedEntity& entity : entities)
            others_before.push_back(before.minus(entity.vruntime));
        uint32_t old_weight = target.weight;
        uint32_t new_weight = weight_for_nice((round * 7) % 40 - 20);
        queue.reweight(target, new_weight);
        ASSERT_EQ(target.weight, new_weight);
        ExactAverage after = ExactAverage::of(all_of(entities));
        // V moves by less than one virtual ns; rounding of the entity's new v costs at
        // a few virtual ns of its own lag (the fractions of V dropped on either side and
        // the truncated rescale), each worth at most max(w) / 1024 real ns.
        long double shift = after.minus(before.base) - before.minus(before.base);
        EXPECT_LT(std::abs(static_cast<double>(shift)), 1.0);
        EXPECT_NEAR(static_cast<double>(after.real_lag(target)), static_cast<double>(real_lag_before),
            4.0 * std::max(old_weight, new_weight) / 1024.0 + 1.0);
        for (size_t i = 0; i < 5; ++i) {
            if (&entities[i] == &target)
                continue;
            EXPECT_NEAR(static_cast<double>(after.minus(entities[i].vruntime)), static_cast<double>(others_before[i]), 1.0);
        }
        ASSERT_TRUE(queue.verify());
        drive(queue, 3);
    }

    // Not queued: the saved lag is rescaled to the same real worth.
    queue.dequeue(entities[0], DequeueReason::Sleep);
    int64_t saved = entities[0].saved_vlag;
    uint32_t old_weight = entities[0].weight;
    queue.reweight(entities[0], 4 * old_weight);
    EXPECT_EQ(entities[0].saved_vlag, saved * static_cast<int64_t>(old_weight) / (4 * static_cast<int64_t>(old_weight)));
}

TEST(EevdfQueue, MisuseIsRefusedAndChangesNothing)
{
    EevdfQueue queue;
    SchedEntity a, b, stranger;
    queue.enqueue(a, EnqueueReason::New);
    queue.enqueue(b, EnqueueReason::New);
    ASSERT_EQ(queue.pick(), &a);
    uint64_t b_vruntime = b.vruntime;

    queue.enqueue(a, EnqueueReason::Wakeup);  // already queued
    queue.dequeue(stranger, DequeueReason::Sleep); // not queued
    EXPECT_FALSE(queue.account(b, 1'000'000)); // not the current entity
    queue.yield(b);                            // not the current entity
    EXPECT_EQ(queue.stats().refused, 4u);
    EXPECT_EQ(b.vruntime, b_vruntime);
    EXPECT_EQ(queue.size(), 2u);
    EXPECT_EQ(queue.current(), &a);
    EXPECT_TRUE(queue.verify());
}

TEST(EevdfQueue, DequeueingTheCurrentEntity)
{
    EevdfQueue queue;
    SchedEntity a, b;
    queue.enqueue(a, EnqueueReason::New);
    queue.enqueue(b, EnqueueReason::New);
    ASSERT_EQ(queue.pick(), &a);
    queue.account(a, 1'000'000);
    queue.dequeue(a, DequeueReason::Sleep);
    EXPECT_EQ(queue.current(), nullptr);
    EXPECT_TRUE(queue.verify());
    EXPECT_EQ(queue.pick(), &b);
    EXPECT_EQ(queue.current(), &b);
    EXPECT_TRUE(queue.verify());
}

TEST(EevdfQueue, LoadAndWaitingWalk)
{
    EevdfQueue queue;
    SchedEntity entities[6];
    uint64_t weight = 0;
    for (size_t i = 0; i < 6; ++i) {
        entities[i].set_nice(static_cast<int>(i));
        entities[i].set_slice(MIN_SLICE_NS * (6 - i)); // different deadlines
        queue.enqueue(entities[i], EnqueueReason::New);
        weight += entities[i].weight;
    }
    queue.pick();
    QueueLoad load = queue.load();
    EXPECT_EQ(load.weight, weight);
    EXPECT_EQ(load.runnable, 6u);
    EXPECT_EQ(load.waiting, 5u);
    std::vector<const SchedEntity*> walked;
    queue.for_each_waiting([&](SchedEntity& entity) {
        walked.push_back(&entity);
        return true;
    });
    ASSERT_EQ(walked.size(), 5u);
    for (size_t i = 1; i < walked.size(); ++i)
        EXPECT_LE(signed_diff(walked[i - 1]->deadline, walked[i]->deadline), 0);
    EXPECT_EQ(std::find(walked.begin(), walked.end(), queue.current()), walked.end());
    size_t visited = 0;
    queue.for_each_waiting([&](SchedEntity&) { return ++visited < 2; });
    EXPECT_EQ(visited, 2u);
}

} // namespace
} // namespace ts::sched::test
