// Host tests for mm/SlabHeap: size classes and alignment, large allocations, argument
// errors, misuse detection, provider failure, and a randomized run that writes a pattern
// into every byte of every allocation and checks it survives (which catches overlap).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "FakeMemory.hpp"

namespace ts::test {
namespace {

uint64_t addr(const void* p) { return reinterpret_cast<uint64_t>(p); }

void fill(void* p, size_t n, uint8_t seed)
{
    auto* bytes = static_cast<uint8_t*>(p);
    for (size_t i = 0; i < n; ++i)
        bytes[i] = uint8_t(seed + i * 13 + (i >> 8));
}

bool intact(const void* p, size_t n, uint8_t seed)
{
    auto* bytes = static_cast<const uint8_t*>(p);
    for (size_t i = 0; i < n; ++i) {
        if (bytes[i] != uint8_t(seed + i * 13 + (i >> 8)))
            return false;
    }
    return true;
}

TEST(SlabHeap, EverySizeAndAlignmentIsHonoured)
{
    MallocProvider provider;
    SlabHeap heap(provider);
    std::vector<void*> live;
    for (size_t align = 1; align <= SlabHeap::MAX_ALIGN; align *= 2) {
        for (size_t size : { size_t(0), size_t(1), size_t(15), size_t(16), size_t(17), size_t(100), size_t(1000),
                 size_t(2048), size_t(4095), size_t(4096), size_t(4097), size_t(20000), size_t(70000) }) {
            auto p = heap.allocate(size, align);
            ASSERT_TRUE(p.is_ok()) << size << "/" << align;
            EXPECT_EQ(addr(p.value()) % align, 0u) << size << "/" << align;
            size_t usable = heap.allocation_size(p.value());
            EXPECT_GE(usable, max<size_t>(size, 1));
            // Every usable byte is writable: with one aligned_alloc block per run,
            // AddressSanitizer reports any write past the end.
            std::memset(p.value(), 0xab, usable);
            live.push_back(p.value());
        }
    }
    std::set<void*> unique(live.begin(), live.end());
    EXPECT_EQ(unique.size(), live.size());
    EXPECT_EQ(heap.stats().objects_in_use, live.size());
    for (void* p : live)
        EXPECT_TRUE(heap.free(p));
    auto stats = heap.stats();
    EXPECT_EQ(stats.objects_in_use, 0u);
    EXPECT_EQ(stats.bytes_in_use, 0u);
    EXPECT_EQ(stats.pages_held, 0u);
    EXPECT_EQ(stats.corruption, 0u);
    EXPECT_EQ(provider.pages_out(), 0u);
}

TEST(SlabHeap, SmallRequestsUseTheSmallestFittingClass)
{
    MallocProvider provider;
    SlabHeap heap(provider);
    // Checked against the class definition (powers of two from 16 to 4096), not against
    // the heap's own arithmetic.
    for (size_t size = 1; size <= SlabHeap::MAX_CLASS; size += 7) {
        auto p = heap.allocate(size);
        ASSERT_TRUE(p.is_ok());
        size_t expected = SlabHeap::MIN_CLASS;
        while (expected < size)
            expected *= 2;
        EXPECT_EQ(heap.allocation_size(p.value()), expected) << size;
        EXPECT_EQ(heap.stats().large_allocations, 0u);
        EXPECT_TRUE(heap.free(p.value()));
    }
    EXPECT_EQ(provider.pages_out(), 0u);
}

TEST(SlabHeap, LargeAllocationsArePageRuns)
{
    HeapMemory mem;
    SlabHeap heap(mem.provider);
    std::vector<std::pair<void*, size_t>> live;
    for (size_t size : { size_t(4097), size_t(16 * KiB), size_t(100 * KiB), size_t(1 * MiB), size_t(3 * MiB + 5) }) {
        auto p = heap.allocate(size);
        ASSERT_TRUE(p.is_ok()) << size;
        EXPECT_GE(heap.allocation_size(p.value()), size);
        // A run, not many: the slack is below one page plus the header.
        EXPECT_LT(heap.allocation_size(p.value()), size + PAGE_SIZE);
        fill(p.value(), size, uint8_t(size));
        live.emplace_back(p.value(), size);
    }
    EXPECT_EQ(heap.stats().large_allocations, live.size());
    EXPECT_EQ(heap.stats().pages_held, mem.provider.pages_out());
    for (auto [p, size] : live)
        EXPECT_TRUE(intact(p, size, uint8_t(size)));
    for (auto [p, size] : live)
        EXPECT_TRUE(heap.free(p));
    EXPECT_EQ(heap.stats().pages_held, 0u);
    EXPECT_EQ(mem.provider.pages_out(), 0u);
    EXPECT_EQ(mem.pfa.stats().free_pages, mem.free_at_start);
    EXPECT_TRUE(mem.pfa.verify().is_ok());
}

TEST(SlabHeap, BadArgumentsAreErrors)
{
    HeapMemory mem;
    SlabHeap heap(mem.provider);
    EXPECT_EQ(heap.allocate(16, 0).error(), Error::InvalidArgument);
    EXPECT_EQ(heap.allocate(16, 3).error(), Error::InvalidArgument);
    EXPECT_EQ(heap.allocate(16, 2 * SlabHeap::MAX_ALIGN).error(), Error::InvalidArgument);
    EXPECT_EQ(heap.allocate(~size_t(0)).error(), Error::TooBig);
    EXPECT_EQ(heap.allocate(~size_t(0) - 100).error(), Error::TooBig);
    // Representable but far more than the 16 MiB of fake memory.
    EXPECT_EQ(heap.allocate(size_t(1) << 40).error(), Error::NoMemory);
    EXPECT_EQ(heap.stats().pages_held, 0u);
    EXPECT_EQ(heap.stats().objects_in_use, 0u);
    EXPECT_EQ(mem.provider.pages_out(), 0u);
}

TEST(SlabHeap, MisuseIsRefusedAndCounted)
{
    HeapMemory mem;
    SlabHeap heap(mem.provider);
    SlabHeap other(mem.provider);
    SlabCache cache(mem.provider, "standalone", 64, 16);

    auto small = heap.allocate(40);
    auto keep = heap.allocate(40); // keeps small's slab alive
    auto large = heap.allocate(50000);
    auto other_small = other.allocate(40);
    auto other_large = other.allocate(50000);
    auto cached = cache.allocate();
    ASSERT_TRUE(small.is_ok() && keep.is_ok() && large.is_ok() && other_small.is_ok() && other_large.is_ok()
        && cached.is_ok());
    auto before = heap.stats();
    size_t bad = 0;

    EXPECT_FALSE(heap.free(other_small.value()));
    ++bad;
    EXPECT_FALSE(heap.free(other_large.value()));
    ++bad;
    EXPECT_FALSE(heap.free(cached.value()));
    ++bad;
    EXPECT_FALSE(heap.free(static_cast<uint8_t*>(small.value()) + 16));
    ++bad;
    EXPECT_FALSE(heap.free(static_cast<uint8_t*>(large.value()) + 16));
    ++bad;
    EXPECT_FALSE(heap.free(static_cast<uint8_t*>(large.value()) + 5 * PAGE_SIZE));
    ++bad;
    EXPECT_EQ(heap.allocation_size(other_small.value()), 0u);
    EXPECT_EQ(heap.allocation_size(static_cast<uint8_t*>(large.value()) + 16), 0u);
    EXPECT_EQ(heap.stats().objects_in_use, before.objects_in_use);
    EXPECT_EQ(heap.stats().pages_held, before.pages_held);

    // Double frees: small with its slab alive, small whose slab was released, large.
    EXPECT_TRUE(heap.free(small.value()));
    EXPECT_FALSE(heap.free(small.value()));
    ++bad;
    EXPECT_EQ(heap.allocation_size(small.value()), 0u);
    EXPECT_TRUE(heap.free(keep.value()));
    EXPECT_FALSE(heap.free(keep.value()));
    ++bad;
    EXPECT_TRUE(heap.free(large.value()));
    EXPECT_FALSE(heap.free(large.value()));
    ++bad;

    EXPECT_EQ(heap.stats().corruption, bad);
    EXPECT_EQ(other.stats().corruption, 0u);
    EXPECT_EQ(heap.stats().objects_in_use, 0u);
    EXPECT_EQ(heap.stats().pages_held, 0u);
    EXPECT_TRUE(heap.free(nullptr));

    // The heap is still sound: a burst of allocations gives distinct, intact blocks.
    std::vector<void*> burst;
    for (int i = 0; i < 300; ++i) {
        auto p = heap.allocate(40);
        ASSERT_TRUE(p.is_ok());
        fill(p.value(), 40, uint8_t(i));
        burst.push_back(p.value());
    }
    for (int i = 0; i < 300; ++i) {
        EXPECT_TRUE(intact(burst[i], 40, uint8_t(i)));
        EXPECT_TRUE(heap.free(burst[i]));
    }
    EXPECT_TRUE(other.free(other_small.value()));
    EXPECT_TRUE(other.free(other_large.value()));
    EXPECT_TRUE(cache.free(cached.value()));
    EXPECT_EQ(mem.provider.pages_out(), 0u);
}

TEST(SlabHeap, PoisonModeCatchesWritesAfterFree)
{
    MallocProvider provider;
    SlabHeap heap(provider, HeapDebug::Poison);
    auto keep = heap.allocate(200);
    auto victim = heap.allocate(200);
    ASSERT_TRUE(keep.is_ok() && victim.is_ok());
    auto* bytes = static_cast<uint8_t*>(victim.value());
    EXPECT_TRUE(heap.free(bytes));
    bytes[100] = 0;
    std::vector<void*> taken;
    for (int i = 0; i < 64; ++i) {
        auto p = heap.allocate(200);
        ASSERT_TRUE(p.is_ok());
        taken.push_back(p.value());
    }
    EXPECT_EQ(heap.stats().corruption, 1u);
    for (void* p : taken)
        EXPECT_TRUE(heap.free(p));
    EXPECT_TRUE(heap.free(keep.value()));
    EXPECT_EQ(provider.pages_out(), 0u);
}

TEST(SlabHeap, ProviderExhaustionLeavesNothingBehind)
{
    HeapMemory mem(512); // 2 MiB
    SlabHeap heap(mem.provider);
    std::vector<void*> live;
    std::mt19937_64 rng(3);
    Error last = Error::InvalidArgument;
    bool failed = false;
    for (int i = 0; i < 100000 && !failed; ++i) {
        size_t size = rng() % 4 == 0 ? 5000 + rng() % 30000 : 1 + rng() % 3000;
        auto p = heap.allocate(size);
        if (p.is_error()) {
            last = p.error();
            failed = true;
        } else {
            live.push_back(p.value());
        }
    }
    ASSERT_TRUE(failed);
    EXPECT_EQ(last, Error::NoMemory);
    EXPECT_EQ(heap.stats().pages_held, mem.provider.pages_out());
    for (void* p : live)
        EXPECT_TRUE(heap.free(p));
    EXPECT_EQ(heap.stats().pages_held, 0u);
    EXPECT_EQ(mem.pfa.stats().free_pages, mem.free_at_start);
}

// --- randomized run with content checks ------------------------------------------------

enum class ProviderKind { Pfa, Malloc };

class SlabHeapRandom : public ::testing::TestWithParam<std::tuple<ProviderKind, uint64_t>> {};

TEST_P(SlabHeapRandom, ContentsSurviveAndAccountingReturnsToZero)
{
    auto [kind, seed] = GetParam();
    HeapMemory mem(8192); // 32 MiB
    MallocProvider malloc_provider;
    PageProvider& provider = kind == ProviderKind::Pfa ? static_cast<PageProvider&>(mem.provider) : malloc_provider;
    SlabHeap heap(provider);
    std::mt19937_64 rng(seed);

    struct Block {
        size_t size;
        size_t usable;
        uint8_t seed;
    };
    std::map<uint64_t, Block> live; // by address, to check for overlap with neighbours
    size_t bytes_in_use = 0;

    auto random_size = [&]() -> size_t {
        switch (rng() % 10) {
        case 0:
            return 4097 + rng() % (60 * KiB);
        case 1:
        case 2:
            return 1 + rng() % 4096;
        default:
            return 1 + rng() % 256;
        }
    };

    for (int step = 0; step < 15000; ++step) {
        if (live.empty() || rng() % 100 < 55) {
            size_t size = random_size();
            size_t align = rng() % 4 == 0 ? size_t(1) << (rng() % 13) : 16;
            auto r = heap.allocate(size, align);
            ASSERT_TRUE(r.is_ok()) << size << "/" << align;
            uint64_t p = addr(r.value());
            ASSERT_EQ(p % align, 0u);
            size_t usable = heap.allocation_size(r.value());
            ASSERT_GE(usable, size);
            // No overlap with the neighbours on either side.
            auto next = live.lower_bound(p);
            if (next != live.end()) {
                ASSERT_LE(p + usable, next->first) << "overlaps the next block";
            }
            if (next != live.begin()) {
                auto prev = std::prev(next);
                ASSERT_LE(prev->first + prev->second.usable, p) << "overlaps the previous block";
            }
            Block block { size, usable, uint8_t(rng()) };
            fill(r.value(), usable, block.seed);
            live.emplace(p, block);
            bytes_in_use += usable;
        } else {
            auto it = live.begin();
            std::advance(it, rng() % live.size());
            void* p = reinterpret_cast<void*>(it->first);
            ASSERT_TRUE(intact(p, it->second.usable, it->second.seed)) << "block overwritten while live";
            ASSERT_TRUE(heap.free(p));
            bytes_in_use -= it->second.usable;
            live.erase(it);
        }
        auto stats = heap.stats();
        ASSERT_EQ(stats.objects_in_use, live.size());
        ASSERT_EQ(stats.bytes_in_use, bytes_in_use);
    }
    for (auto& [p, block] : live) {
        ASSERT_TRUE(intact(reinterpret_cast<void*>(p), block.usable, block.seed));
        ASSERT_TRUE(heap.free(reinterpret_cast<void*>(p)));
    }
    auto stats = heap.stats();
    EXPECT_EQ(stats.objects_in_use, 0u);
    EXPECT_EQ(stats.bytes_in_use, 0u);
    EXPECT_EQ(stats.pages_held, 0u);
    EXPECT_EQ(stats.corruption, 0u);
    EXPECT_EQ(mem.provider.pages_out(), 0u);
    EXPECT_EQ(malloc_provider.pages_out(), 0u);
    EXPECT_EQ(mem.pfa.stats().free_pages, mem.free_at_start);
    EXPECT_TRUE(mem.pfa.verify().is_ok());
}

INSTANTIATE_TEST_SUITE_P(Seeds, SlabHeapRandom,
    ::testing::Combine(::testing::Values(ProviderKind::Pfa, ProviderKind::Malloc), ::testing::Values(1u, 99u, 2026u)),
    [](const auto& info) {
        return std::string(std::get<0>(info.param) == ProviderKind::Pfa ? "Pfa_" : "Malloc_")
            + std::to_string(std::get<1>(info.param));
    });

} // namespace
} // namespace ts::test
