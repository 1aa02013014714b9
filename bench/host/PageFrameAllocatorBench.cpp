// Host benchmarks for mm/PageFrameAllocator over 64 MiB of fake physical memory:
// init, single-page allocate+free (hot and cycling through many pages), contiguous runs
// on an empty and on a fragmented allocator. See bench/README.md for what each measures.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "BenchMemory.hpp"

namespace ts::bench {
namespace {

constexpr size_t MEMORY_PAGES = 16384; // 64 MiB

// A benchmark whose loop went wrong must not report a figure.
void check_all_free(benchmark::State& state, PageFrameAllocator& pfa)
{
    auto stats = pfa.stats();
    if (stats.free_pages != stats.total_pages || stats.rejected_frees != 0 || pfa.verify().is_error())
        state.SkipWithError("allocator not back to all-free");
}

// init() over 256 MiB: it writes the list links into every free page, so this is the
// boot-time cost per page of RAM.
void BM_PfaInit(benchmark::State& state)
{
    const size_t pages = static_cast<size_t>(state.range(0));
    size_t bytes = pages * PAGE_SIZE;
    void* buffer = std::aligned_alloc(2 * MiB, bytes);
    std::memset(buffer, 0, bytes);
    boot::MemoryRegion map { BenchMemory::PHYS_BASE, pages, boot::MemoryType::Usable, 0 };
    for (auto _ : state) {
        PageFrameAllocator pfa;
        if (pfa.init(&map, 1, reinterpret_cast<uint64_t>(buffer) - BenchMemory::PHYS_BASE).is_error())
            state.SkipWithError("init failed");
        benchmark::DoNotOptimize(pfa.stats().free_pages);
    }
    state.counters["ns_per_page"]
        = benchmark::Counter(static_cast<double>(state.iterations() * pages), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    std::free(buffer);
}
BENCHMARK(BM_PfaInit)->Arg(65536)->Unit(benchmark::kMicrosecond);

// The same page over and over: the list head and the page's links stay in cache.
void BM_PfaPageAllocFree(benchmark::State& state)
{
    BenchMemory memory(MEMORY_PAGES);
    PageFrameAllocator& pfa = memory.pfa();
    for (auto _ : state) {
        auto page = pfa.allocate_page();
        benchmark::DoNotOptimize(page);
        if (pfa.free_page(page.value()).is_error())
            state.SkipWithError("free_page refused");
    }
    check_all_free(state, pfa);
}
BENCHMARK(BM_PfaPageAllocFree);

// Allocate `batch` pages, then free them all: every operation touches another page's
// links, as when a process faults in its memory and later exits. Time is per
// allocate+free pair.
void BM_PfaPageBatch(benchmark::State& state)
{
    BenchMemory memory(MEMORY_PAGES);
    PageFrameAllocator& pfa = memory.pfa();
    const size_t batch = static_cast<size_t>(state.range(0));
    std::vector<PhysAddr> pages(batch);
    for (auto _ : state) {
        for (size_t i = 0; i < batch; ++i)
            pages[i] = pfa.allocate_page().value();
        for (size_t i = 0; i < batch; ++i) {
            if (pfa.free_page(pages[i]).is_error())
                state.SkipWithError("free_page refused");
        }
    }
    check_all_free(state, pfa);
    state.counters["ns_per_pair"]
        = benchmark::Counter(static_cast<double>(state.iterations() * batch), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_PfaPageBatch)->Arg(1024);

// allocate_contiguous(n) + free_contiguous on an otherwise empty allocator.
void BM_PfaContiguous(benchmark::State& state)
{
    BenchMemory memory(MEMORY_PAGES);
    PageFrameAllocator& pfa = memory.pfa();
    const size_t pages = static_cast<size_t>(state.range(0));
    for (auto _ : state) {
        auto run = pfa.allocate_contiguous(pages, 1);
        benchmark::DoNotOptimize(run);
        if (pfa.free_contiguous(run.value(), pages).is_error())
            state.SkipWithError("free_contiguous refused");
    }
    check_all_free(state, pfa);
}
BENCHMARK(BM_PfaContiguous)->Arg(16);

// The same, 16 KiB-aligned (what every heap slab asks for), after half of memory has
// been taken by randomly chosen single pages, so the scan must skip holes.
void BM_PfaContiguousFragmented(benchmark::State& state)
{
    BenchMemory memory(MEMORY_PAGES);
    PageFrameAllocator& pfa = memory.pfa();
    std::vector<PhysAddr> all;
    while (true) {
        auto page = pfa.allocate_page();
        if (page.is_error())
            break;
        all.push_back(page.value());
    }
    std::mt19937_64 rng(1);
    for (size_t i = all.size(); i > 1; --i)
        std::swap(all[i - 1], all[rng() % i]);
    // Give back a random half: the free memory is spread in short runs.
    for (size_t i = 0; i < all.size() / 2; ++i) {
        if (pfa.free_page(all[i]).is_error())
            BenchMemory::die("free_page refused");
    }
    const size_t free_before = pfa.stats().free_pages;
    const size_t pages = static_cast<size_t>(state.range(0));
    for (auto _ : state) {
        auto run = pfa.allocate_contiguous(pages, 4);
        if (run.is_error()) {
            state.SkipWithError("no run found");
            break;
        }
        if (pfa.free_contiguous(run.value(), pages).is_error())
            state.SkipWithError("free_contiguous refused");
    }
    if (pfa.stats().free_pages != free_before || pfa.verify().is_error())
        state.SkipWithError("allocator state changed");
}
BENCHMARK(BM_PfaContiguousFragmented)->Arg(4);

} // namespace
} // namespace ts::bench
