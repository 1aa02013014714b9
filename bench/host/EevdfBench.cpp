// Host benchmarks for sched/Eevdf, the per-CPU EEVDF run queue, at 1 to 10,000 runnable
// entities (nice -5..5, 3 ms slices): the scheduling round the kernel does at each slice
// end (pick, account, and the previous entity going back into the tree) and a sleep plus
// wake-up of a waiting entity (dequeue + enqueue). See bench/README.md.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "sched/Eevdf.hpp"

namespace ts::bench {
namespace {

using sched::DequeueReason;
using sched::EevdfQueue;
using sched::EnqueueReason;
using sched::SchedEntity;

struct QueueFixture {
    explicit QueueFixture(size_t count) : entities(count)
    {
        std::mt19937_64 rng(count);
        for (SchedEntity& entity : entities) {
            entity.set_nice(std::uniform_int_distribution<int>(-5, 5)(rng));
            queue.enqueue(entity, EnqueueReason::New);
        }
        // Warm up: every entity runs a few requests, so lags and deadlines are spread as
        // in a running system rather than all equal.
        for (size_t i = 0; i < 4 * count + 16; ++i) {
            SchedEntity* next = queue.pick();
            queue.account(*next, queue.time_until_slice_end(*next));
        }
    }

    void check(benchmark::State& state)
    {
        if (!queue.verify() || queue.stats().fallback_picks != 0 || queue.stats().refused != 0)
            state.SkipWithError("queue inconsistent after the loop");
    }

    std::vector<SchedEntity> entities;
    EevdfQueue queue;
};

// One scheduling round at a slice end: pick() (which puts the previous entity back into
// the tree and takes the chosen one out), then account() for a full request, which
// starts the next request. time_until_slice_end() is part of the round too: the kernel
// needs it to arm the timer.
void BM_EevdfPickAccount(benchmark::State& state)
{
    QueueFixture f(static_cast<size_t>(state.range(0)));
    f.queue.reset_stats();
    for (auto _ : state) {
        SchedEntity* next = f.queue.pick();
        bool done = f.queue.account(*next, f.queue.time_until_slice_end(*next));
        benchmark::DoNotOptimize(done);
    }
    const auto& stats = f.queue.stats();
    state.counters["steps"] = stats.picks ? static_cast<double>(stats.pick_steps) / stats.picks : 0;
    f.check(state);
}
BENCHMARK(BM_EevdfPickAccount)->Arg(1)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000);

// A waiting entity goes to sleep and wakes up again: dequeue(Sleep), which saves its
// lag, then enqueue(Wakeup), which places it by that lag and inserts it into the tree.
// The entities taken in turn are spread over the queue (a stride coprime to n), so the
// tree nodes touched change from one iteration to the next.
void BM_EevdfEnqueueDequeue(benchmark::State& state)
{
    size_t count = static_cast<size_t>(state.range(0));
    QueueFixture f(count);
    std::vector<SchedEntity*> waiting;
    f.queue.for_each_waiting([&](SchedEntity& entity) {
        waiting.push_back(&entity);
        return true;
    });
    if (waiting.empty()) {
        // One entity: it is the current one; sleeping and waking it works the same way.
        waiting.push_back(f.queue.current());
    }
    size_t stride = 7919 % waiting.size() ? 7919 : 1;
    size_t index = 0;
    for (auto _ : state) {
        SchedEntity& entity = *waiting[index];
        f.queue.dequeue(entity, DequeueReason::Sleep);
        f.queue.enqueue(entity, EnqueueReason::Wakeup);
        index = (index + stride) % waiting.size();
    }
    f.check(state);
}
BENCHMARK(BM_EevdfEnqueueDequeue)->Arg(1)->Arg(10)->Arg(100)->Arg(1000)->Arg(10000);

} // namespace
} // namespace ts::bench
