// Host tests for mm/SlabCache: geometry, slab lifetime (empty slabs go straight back to
// the provider), data integrity, misuse detection and the poison debug mode.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "FakeMemory.hpp"

namespace ts::test {
namespace {

uint64_t addr(const void* p) { return reinterpret_cast<uint64_t>(p); }

std::vector<void*> allocate_n(SlabCache& cache, size_t n)
{
    std::vector<void*> objects;
    for (size_t i = 0; i < n; ++i) {
        auto object = cache.allocate();
        EXPECT_TRUE(object.is_ok());
        if (object.is_error())
            break;
        objects.push_back(object.value());
    }
    return objects;
}

TEST(SlabCache, InvalidGeometryIsReportedNotUsed)
{
    MallocProvider provider;
    struct Case {
        size_t size, align;
    };
    for (Case c : { Case { 0, 8 }, Case { 16, 0 }, Case { 16, 3 }, Case { 16, 48 }, Case { SLAB_SIZE + 1, 8 },
             Case { 64, SLAB_SIZE }, Case { SLAB_SIZE, 8 } }) {
        SlabCache cache(provider, "bad", c.size, c.align);
        EXPECT_FALSE(cache.is_valid()) << c.size << "/" << c.align;
        EXPECT_EQ(cache.allocate().error(), Error::InvalidArgument);
    }
    EXPECT_EQ(provider.pages_out(), 0u);

    // The largest objects that still fit: one per slab.
    SlabCache big(provider, "big", SLAB_SIZE / 2 + 1, 8);
    EXPECT_TRUE(big.is_valid());
    EXPECT_EQ(big.stats().objects_per_slab, 1u);
}

TEST(SlabCache, ObjectsAreAlignedDistinctAndInsideTheirSlab)
{
    MallocProvider provider;
    struct Case {
        size_t size, align;
    };
    for (Case c : { Case { 1, 1 }, Case { 24, 8 }, Case { 100, 32 }, Case { 200, 64 }, Case { 3000, 512 },
             Case { 40, 4096 } }) {
        SlabCache cache(provider, "geometry", c.size, c.align);
        ASSERT_TRUE(cache.is_valid());
        auto stats = cache.stats();
        EXPECT_GE(stats.stride, c.size);
        EXPECT_GE(stats.objects_per_slab, 1u);
        // The header costs at most 64 bytes (rounded up to the alignment), and it exists.
        EXPECT_GE(stats.objects_per_slab, (SLAB_SIZE - align_up(64, max<size_t>(c.align, 8))) / stats.stride)
            << c.size << "/" << c.align;
        EXPECT_LT(stats.objects_per_slab * stats.stride, SLAB_SIZE);

        auto objects = allocate_n(cache, stats.objects_per_slab * 3 + 1);
        EXPECT_EQ(cache.stats().slabs, 4u);
        std::vector<uint64_t> sorted;
        for (void* p : objects) {
            EXPECT_EQ(addr(p) % c.align, 0u);
            EXPECT_EQ(SlabCache::cache_of(p), &cache);
            // The object lies inside the SLAB_SIZE block that holds its header.
            EXPECT_EQ(align_down(addr(p), SLAB_SIZE), align_down(addr(p) + c.size - 1, SLAB_SIZE));
            EXPECT_NE(addr(p) % SLAB_SIZE, 0u);
            sorted.push_back(addr(p));
        }
        std::sort(sorted.begin(), sorted.end());
        for (size_t i = 1; i < sorted.size(); ++i)
            EXPECT_GE(sorted[i] - sorted[i - 1], c.size);
        for (void* p : objects)
            EXPECT_TRUE(cache.free(p));
        EXPECT_EQ(cache.stats().slabs, 0u);
    }
    EXPECT_EQ(provider.pages_out(), 0u);
}

TEST(SlabCache, EmptySlabsGoBackToTheProviderAtOnce)
{
    HeapMemory mem;
    SlabCache cache(mem.provider, "lifetime", 64, 16);
    size_t per_slab = cache.stats().objects_per_slab;

    auto first_slab = allocate_n(cache, per_slab);
    EXPECT_EQ(cache.stats().slabs, 1u);
    EXPECT_EQ(mem.provider.pages_out(), SLAB_PAGES);
    auto extra = cache.allocate();
    ASSERT_TRUE(extra.is_ok());
    EXPECT_EQ(cache.stats().slabs, 2u);
    EXPECT_EQ(mem.provider.pages_out(), 2 * SLAB_PAGES);
    EXPECT_EQ(cache.stats().pages_held, 2 * SLAB_PAGES);

    EXPECT_TRUE(cache.free(extra.value()));
    EXPECT_EQ(cache.stats().slabs, 1u);
    EXPECT_EQ(mem.provider.pages_out(), SLAB_PAGES);

    // A full slab that loses one object becomes partial and serves the next request.
    void* victim = first_slab[per_slab / 2];
    EXPECT_TRUE(cache.free(victim));
    auto again = cache.allocate();
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(cache.stats().slabs, 1u);
    first_slab[per_slab / 2] = again.value();

    std::mt19937_64 rng(5);
    std::shuffle(first_slab.begin(), first_slab.end(), rng);
    for (void* p : first_slab)
        EXPECT_TRUE(cache.free(p));
    EXPECT_EQ(cache.stats().slabs, 0u);
    EXPECT_EQ(cache.stats().objects_in_use, 0u);
    EXPECT_EQ(mem.provider.pages_out(), 0u);
    EXPECT_EQ(mem.pfa.stats().free_pages, mem.free_at_start);
    EXPECT_EQ(cache.stats().corruption, 0u);
}

TEST(SlabCache, ContentsSurviveRandomChurn)
{
    MallocProvider provider;
    SlabCache cache(provider, "churn", 100, 32);
    std::mt19937_64 rng(11);
    struct Live {
        uint8_t* p;
        uint8_t seed;
    };
    std::vector<Live> live;
    auto check = [](const Live& l) {
        for (size_t i = 0; i < 100; ++i) {
            if (l.p[i] != uint8_t(l.seed + i))
                return false;
        }
        return true;
    };
    for (int step = 0; step < 20000; ++step) {
        if (live.empty() || rng() % 5 < 3) {
            auto object = cache.allocate();
            ASSERT_TRUE(object.is_ok());
            Live l { static_cast<uint8_t*>(object.value()), uint8_t(rng()) };
            for (size_t i = 0; i < 100; ++i)
                l.p[i] = uint8_t(l.seed + i);
            live.push_back(l);
        } else {
            size_t i = rng() % live.size();
            ASSERT_TRUE(check(live[i])) << "object overwritten while live";
            ASSERT_TRUE(cache.free(live[i].p));
            live[i] = live.back();
            live.pop_back();
        }
        ASSERT_EQ(cache.stats().objects_in_use, live.size());
    }
    for (const Live& l : live) {
        ASSERT_TRUE(check(l));
        ASSERT_TRUE(cache.free(l.p));
    }
    EXPECT_EQ(provider.pages_out(), 0u);
    EXPECT_EQ(cache.stats().corruption, 0u);
}

TEST(SlabCache, DoubleFreeIsRefusedAndCounted)
{
    HeapMemory mem;
    SlabCache cache(mem.provider, "double", 48, 16);
    auto objects = allocate_n(cache, 10);
    EXPECT_TRUE(cache.free(objects[3]));
    EXPECT_FALSE(cache.free(objects[3]));
    EXPECT_EQ(cache.stats().corruption, 1u);
    EXPECT_EQ(cache.stats().objects_in_use, 9u);

    // The refused free must not have linked the object twice: every object handed out
    // from now on is distinct from the live ones and from each other.
    std::set<void*> seen(objects.begin(), objects.end());
    seen.erase(objects[3]);
    auto more = allocate_n(cache, 3 * cache.stats().objects_per_slab);
    for (void* p : more)
        EXPECT_TRUE(seen.insert(p).second) << "object handed out twice";

    for (void* p : more)
        EXPECT_TRUE(cache.free(p));
    for (size_t i = 0; i < objects.size(); ++i) {
        if (i != 3) {
            EXPECT_TRUE(cache.free(objects[i]));
        }
    }
    EXPECT_EQ(cache.stats().slabs, 0u);

    // Double free after the slab itself went back to the provider: the block no longer
    // carries a slab header, so the free is refused too.
    auto lone = cache.allocate();
    ASSERT_TRUE(lone.is_ok());
    EXPECT_TRUE(cache.free(lone.value()));
    EXPECT_FALSE(cache.free(lone.value()));
    EXPECT_EQ(cache.stats().corruption, 2u);
    EXPECT_EQ(mem.provider.pages_out(), 0u);
}

// Allocates until `target` comes back (or the slab is exhausted); returns everything taken.
std::vector<void*> allocate_until(SlabCache& cache, const void* target, bool* found)
{
    std::vector<void*> taken;
    *found = false;
    for (size_t i = 0; i < cache.stats().objects_per_slab && !*found; ++i) {
        auto p = cache.allocate();
        if (p.is_error())
            break;
        taken.push_back(p.value());
        *found = p.value() == target;
    }
    return taken;
}

TEST(SlabCache, LiveDataThatMimicsAFreeObjectIsStillFreed)
{
    // The double-free check confirms a tag match by walking the slab's free list, so a
    // live object whose bytes happen to equal its own free state can still be freed.
    // Reproduce that: free an object, save its bytes, get it back, write them back.
    MallocProvider provider;
    SlabCache cache(provider, "tag", 32, 16);
    auto objects = allocate_n(cache, 4);
    auto* p = static_cast<uint8_t*>(objects[1]);
    ASSERT_TRUE(cache.free(p));
    uint8_t free_state[32];
    std::memcpy(free_state, p, sizeof(free_state));
    bool found = false;
    auto taken = allocate_until(cache, p, &found);
    ASSERT_TRUE(found);
    std::memcpy(p, free_state, sizeof(free_state));
    for (void* t : taken)
        EXPECT_TRUE(cache.free(t));
    EXPECT_EQ(cache.stats().corruption, 0u);
    for (size_t i = 0; i < objects.size(); ++i) {
        if (i != 1) {
            EXPECT_TRUE(cache.free(objects[i]));
        }
    }
    EXPECT_EQ(provider.pages_out(), 0u);
}

TEST(SlabCache, ForeignAndInteriorPointersAreRefused)
{
    HeapMemory mem;
    SlabCache a(mem.provider, "a", 64, 16);
    SlabCache b(mem.provider, "b", 64, 16);
    auto in_a = allocate_n(a, 4);
    auto in_b = allocate_n(b, 4);

    EXPECT_FALSE(a.free(in_b[0]));                                 // another cache's object
    EXPECT_FALSE(a.free(static_cast<uint8_t*>(in_a[0]) + 8));      // interior pointer
    EXPECT_FALSE(a.free(reinterpret_cast<void*>(align_down(addr(in_a[0]), SLAB_SIZE) + 1))); // header
    // A slot never handed out yet (objects are carved in address order from the tail).
    uint64_t stride = a.stats().stride;
    uint64_t highest = addr(*std::max_element(in_a.begin(), in_a.end()));
    EXPECT_FALSE(a.free(reinterpret_cast<void*>(highest + 2 * stride)));
    // Memory that never was a slab: a zeroed, SLAB_SIZE-aligned block.
    void* plain = std::aligned_alloc(SLAB_SIZE, SLAB_SIZE);
    std::memset(plain, 0, SLAB_SIZE);
    EXPECT_EQ(SlabCache::cache_of(static_cast<uint8_t*>(plain) + 64), nullptr);
    EXPECT_FALSE(a.free(static_cast<uint8_t*>(plain) + 64));
    std::free(plain);

    EXPECT_EQ(a.stats().corruption, 5u);
    EXPECT_EQ(a.stats().objects_in_use, 4u);
    EXPECT_EQ(b.stats().objects_in_use, 4u);
    EXPECT_TRUE(a.free(nullptr));
    for (void* p : in_a)
        EXPECT_TRUE(a.free(p));
    for (void* p : in_b)
        EXPECT_TRUE(b.free(p));
    EXPECT_EQ(b.stats().corruption, 0u);
}

TEST(SlabCache, PoisonCatchesWritesAfterFree)
{
    for (HeapDebug debug : { HeapDebug::Off, HeapDebug::Poison }) {
        MallocProvider provider;
        SlabCache cache(provider, "poison", 64, 16, debug);
        auto keep = cache.allocate(); // keeps the slab alive
        auto victim = cache.allocate();
        ASSERT_TRUE(keep.is_ok() && victim.is_ok());
        auto* bytes = static_cast<uint8_t*>(victim.value());
        ASSERT_TRUE(cache.free(bytes));
        bytes[40] = 0x77; // use after free

        // Take objects until the victim comes back; its reuse is where the check runs.
        bool found = false;
        auto taken = allocate_until(cache, bytes, &found);
        ASSERT_TRUE(found);
        EXPECT_EQ(cache.stats().corruption, debug == HeapDebug::Poison ? 1u : 0u);
        if (debug == HeapDebug::Poison) {
            EXPECT_NE(bytes[40], 0x77) << "a poisoned heap hands out refilled objects";
        }
        for (void* p : taken)
            EXPECT_TRUE(cache.free(p));
        EXPECT_TRUE(cache.free(keep.value()));
        EXPECT_EQ(provider.pages_out(), 0u);
    }
}

TEST(SlabCache, ProviderFailurePropagates)
{
    HeapMemory mem;
    SlabCache cache(mem.provider, "fail", 256, 16);
    mem.provider.set_budget(1);
    auto objects = allocate_n(cache, cache.stats().objects_per_slab);
    auto next = cache.allocate();
    ASSERT_TRUE(next.is_error());
    EXPECT_EQ(next.error(), Error::NoMemory);
    EXPECT_EQ(cache.stats().slabs, 1u);
    EXPECT_EQ(cache.stats().objects_in_use, objects.size());
    for (void* p : objects)
        EXPECT_TRUE(cache.free(p));
    EXPECT_EQ(mem.provider.pages_out(), 0u);
}

// A provider that ignores the requested alignment.
class MisalignedProvider final : public PageProvider {
public:
    Result<VirtAddr> allocate_run(size_t pages, size_t) override
    {
        m_block = std::aligned_alloc(SLAB_SIZE, align_up((pages + 1) * PAGE_SIZE, SLAB_SIZE));
        ++m_outstanding;
        return virt_from_ptr(static_cast<uint8_t*>(m_block) + PAGE_SIZE);
    }
    void free_run(VirtAddr, size_t) override
    {
        std::free(m_block);
        --m_outstanding;
    }
    int outstanding() const { return m_outstanding; }

private:
    void* m_block { nullptr };
    int m_outstanding { 0 };
};

TEST(SlabCache, MisalignedRunsAreGivenBack)
{
    MisalignedProvider provider;
    SlabCache cache(provider, "misaligned", 32, 16);
    EXPECT_EQ(cache.allocate().error(), Error::Unaligned);
    EXPECT_EQ(provider.outstanding(), 0);
    EXPECT_EQ(cache.stats().slabs, 0u);
}

} // namespace
} // namespace ts::test
