// Host benchmarks for mm/SlabHeap, fed by a PageFrameAllocator over 256 MiB of fake
// physical memory as in the kernel: allocate+free per size class, the slab churn that
// immediate release of empty slabs causes, large page-run allocations, and a mixed
// workload. glibc malloc runs the same loops as a reference point. See bench/README.md.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <vector>

#include "BenchMemory.hpp"

namespace ts::bench {
namespace {

constexpr size_t MEMORY_PAGES = 65536; // 256 MiB

struct HeapFixture {
    BenchMemory memory { MEMORY_PAGES };
    BenchProvider provider { memory };
    SlabHeap heap { provider };

    // A benchmark whose loop went wrong must not report a figure: after the loop every
    // block is freed, so the heap must be empty and no free may have been refused.
    void check(benchmark::State& state)
    {
        auto stats = heap.stats();
        if (stats.corruption != 0 || stats.objects_in_use != 0 || stats.pages_held != 0)
            state.SkipWithError("heap not empty or a free was refused");
    }
};

// Steady state of one size class: another object of the class stays live throughout, so
// its slab is never released and each iteration is a pure free-list pop and push.
void BM_HeapAllocFree(benchmark::State& state)
{
    HeapFixture f;
    const size_t size = static_cast<size_t>(state.range(0));
    void* anchor = f.heap.allocate(size).value();
    for (auto _ : state) {
        void* p = f.heap.allocate(size).value();
        benchmark::DoNotOptimize(p);
        f.heap.free(p);
    }
    f.heap.free(anchor);
    f.check(state);
}
BENCHMARK(BM_HeapAllocFree)->Arg(16)->Arg(64)->Arg(256)->Arg(1024)->Arg(4096);

// The same without the anchor: every allocate takes a fresh slab from the provider and
// every free hands it back (the price of releasing empty slabs at once).
void BM_HeapSlabChurn(benchmark::State& state)
{
    HeapFixture f;
    const size_t size = static_cast<size_t>(state.range(0));
    for (auto _ : state) {
        void* p = f.heap.allocate(size).value();
        benchmark::DoNotOptimize(p);
        f.heap.free(p);
    }
    f.check(state);
}
BENCHMARK(BM_HeapSlabChurn)->Arg(64);

// Above the largest class: a SLAB_SIZE-aligned page run from the provider per request.
void BM_HeapLarge(benchmark::State& state)
{
    HeapFixture f;
    const size_t size = static_cast<size_t>(state.range(0));
    for (auto _ : state) {
        void* p = f.heap.allocate(size).value();
        benchmark::DoNotOptimize(p);
        f.heap.free(p);
    }
    f.check(state);
}
BENCHMARK(BM_HeapLarge)->Arg(64 * 1024);

// A working set of 4096 live blocks; each iteration frees a random one and allocates a
// new block of a random size in its place. Sizes: 70% 8..256 bytes, 25% 257..4096,
// 5% 4 KiB..32 KiB. The sequence is drawn once, before timing.
struct MixedPlan {
    static constexpr size_t LIVE = 4096;
    static constexpr size_t STEPS = 1 << 16;
    std::vector<size_t> sizes;
    std::vector<uint32_t> slots;

    MixedPlan()
    {
        std::mt19937_64 rng(2026);
        for (size_t i = 0; i < STEPS; ++i) {
            unsigned kind = rng() % 100;
            sizes.push_back(kind < 70 ? 8 + rng() % 249 : kind < 95 ? 257 + rng() % 3840 : 4096 + rng() % (28 * 1024));
            slots.push_back(static_cast<uint32_t>(rng() % LIVE));
        }
    }
};

template<typename Allocate, typename Free>
void run_mixed(benchmark::State& state, Allocate allocate, Free release)
{
    static const MixedPlan plan;
    std::vector<void*> live(MixedPlan::LIVE);
    for (size_t i = 0; i < MixedPlan::LIVE; ++i)
        live[i] = allocate(plan.sizes[i]);
    size_t step = 0;
    for (auto _ : state) {
        // No DoNotOptimize(live[slot]) here: with g++ 12 and this library version it let
        // the store into the vector be dropped (compare google/benchmark issue #2282), so
        // stale pointers were freed twice. The calls are opaque; nothing needs protecting.
        uint32_t slot = plan.slots[step];
        release(live[slot]);
        live[slot] = allocate(plan.sizes[step]);
        step = (step + 1) % MixedPlan::STEPS;
    }
    for (void* p : live)
        release(p);
}

void BM_HeapMixed(benchmark::State& state)
{
    HeapFixture f;
    run_mixed(
        state, [&](size_t size) { return f.heap.allocate(size).value(); }, [&](void* p) { f.heap.free(p); });
    f.check(state);
}
BENCHMARK(BM_HeapMixed);

// --- reference: the host C library's allocator on the same loops ------------------------

void BM_GlibcMallocFree(benchmark::State& state)
{
    const size_t size = static_cast<size_t>(state.range(0));
    void* anchor = std::malloc(size);
    for (auto _ : state) {
        void* p = std::malloc(size);
        benchmark::DoNotOptimize(p);
        std::free(p);
    }
    std::free(anchor);
}
BENCHMARK(BM_GlibcMallocFree)->Arg(64)->Arg(4096);

void BM_GlibcMixed(benchmark::State& state)
{
    run_mixed(state, [](size_t size) { return std::malloc(size); }, [](void* p) { std::free(p); });
}
BENCHMARK(BM_GlibcMixed);

} // namespace
} // namespace ts::bench
