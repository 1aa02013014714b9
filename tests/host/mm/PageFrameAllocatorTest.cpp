// Host tests for mm/PageFrameAllocator: memory-map handling, single pages, contiguous
// runs, misuse detection and a randomized run against a shadow model. The "physical
// memory" is a FakeMemory buffer, so AddressSanitizer also checks that the allocator
// stays inside it.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "FakeMemory.hpp"

namespace ts::test {
namespace {

using boot::MemoryRegion;
using boot::MemoryType;

constexpr uint64_t BASE = 0x100000; // 1 MiB: physical page 0x100

uint64_t page_at(uint64_t index) { return BASE + index * PAGE_SIZE; }

// Drains the allocator with allocate_page() and returns every page it gave out.
std::vector<uint64_t> drain(PageFrameAllocator& pfa)
{
    std::vector<uint64_t> pages;
    while (true) {
        auto page = pfa.allocate_page();
        if (page.is_error()) {
            EXPECT_EQ(page.error(), Error::NoMemory);
            break;
        }
        pages.push_back(page.value().value());
    }
    return pages;
}

void free_all(PageFrameAllocator& pfa, const std::vector<uint64_t>& pages)
{
    for (uint64_t page : pages)
        ASSERT_TRUE(pfa.free_page(PhysAddr(page)).is_ok()) << std::hex << page;
}

// The set of page addresses covered by regions of the given type.
std::set<uint64_t> pages_of(const std::vector<MemoryRegion>& map, MemoryType type)
{
    std::set<uint64_t> pages;
    for (const MemoryRegion& r : map) {
        if (r.type == type) {
            for (uint64_t i = 0; i < r.pages; ++i)
                pages.insert(r.base + i * PAGE_SIZE);
        }
    }
    return pages;
}

TEST(PageFrameAllocator, SingleRegionHandsOutEveryPageOnce)
{
    FakeMemory memory(BASE, 256);
    auto map = region(BASE, 256, MemoryType::Usable);
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(&map, 1, memory.offset()).is_ok());
    auto stats = pfa.stats();
    EXPECT_GE(stats.bookkeeping_pages, 1u);
    EXPECT_EQ(stats.total_pages + stats.bookkeeping_pages, 256u);
    EXPECT_EQ(stats.free_pages, stats.total_pages);
    EXPECT_TRUE(pfa.verify().is_ok());

    auto pages = drain(pfa);
    EXPECT_EQ(pages.size(), stats.total_pages);
    std::set<uint64_t> unique(pages.begin(), pages.end());
    EXPECT_EQ(unique.size(), pages.size());
    for (uint64_t page : pages) {
        EXPECT_EQ(page % PAGE_SIZE, 0u);
        EXPECT_GE(page, BASE);
        EXPECT_LT(page, memory.phys_end());
    }
    EXPECT_EQ(pfa.stats().free_pages, 0u);
    EXPECT_TRUE(pfa.verify().is_ok());

    free_all(pfa, pages);
    EXPECT_EQ(pfa.stats().free_pages, stats.total_pages);
    EXPECT_TRUE(pfa.verify().is_ok());
}

TEST(PageFrameAllocator, AllocatedPagesCanBeOverwrittenCompletely)
{
    // If the bitmaps or list heads lived in a page the allocator handed out, filling the
    // pages with garbage would break verify() or the frees afterwards.
    FakeMemory memory(BASE, 512);
    std::vector<MemoryRegion> map = {
        region(BASE, 200, MemoryType::Usable),
        region(page_at(200), 312, MemoryType::Usable),
    };
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(map.data(), map.size(), memory.offset()).is_ok());
    size_t total = pfa.stats().total_pages;
    auto pages = drain(pfa);
    for (uint64_t page : pages)
        std::memset(memory.at(page), 0x5a, PAGE_SIZE);
    EXPECT_TRUE(pfa.verify().is_ok());
    free_all(pfa, pages);
    EXPECT_TRUE(pfa.verify().is_ok());
    EXPECT_EQ(drain(pfa).size(), total);
}

TEST(PageFrameAllocator, NoUsableMemoryIsAnError)
{
    FakeMemory memory(BASE, 16);
    PageFrameAllocator empty;
    EXPECT_EQ(empty.init(nullptr, 0, memory.offset()).error(), Error::NoMemory);

    std::vector<MemoryRegion> map = {
        region(BASE, 8, MemoryType::Reserved),
        region(page_at(8), 8, MemoryType::BootloaderReclaimable),
    };
    PageFrameAllocator no_usable;
    EXPECT_EQ(no_usable.init(map.data(), map.size(), memory.offset()).error(), Error::NoMemory);

    auto zero_pages = region(BASE, 0, MemoryType::Usable);
    PageFrameAllocator zero;
    EXPECT_EQ(zero.init(&zero_pages, 1, memory.offset()).error(), Error::NoMemory);
}

TEST(PageFrameAllocator, TinyMaps)
{
    FakeMemory memory(BASE, 4);
    // One page: all of it is needed for the bitmaps, nothing is left for callers.
    auto one = region(BASE, 1, MemoryType::Usable);
    PageFrameAllocator pfa_one;
    EXPECT_EQ(pfa_one.init(&one, 1, memory.offset()).error(), Error::NoMemory);

    // Two pages: one for the bitmaps, one to hand out.
    auto two = region(BASE, 2, MemoryType::Usable);
    PageFrameAllocator pfa_two;
    ASSERT_TRUE(pfa_two.init(&two, 1, memory.offset()).is_ok());
    EXPECT_EQ(pfa_two.stats().total_pages, 1u);
    auto page = pfa_two.allocate_page();
    ASSERT_TRUE(page.is_ok());
    EXPECT_EQ(pfa_two.allocate_page().error(), Error::NoMemory);
    EXPECT_EQ(pfa_two.allocate_contiguous(1).error(), Error::NoMemory);
    EXPECT_TRUE(pfa_two.free_page(page.value()).is_ok());
    EXPECT_TRUE(pfa_two.verify().is_ok());
}

TEST(PageFrameAllocator, MalformedMapsAreRejected)
{
    FakeMemory memory(BASE, 64);
    PageFrameAllocator a;
    std::vector<MemoryRegion> overlapping = {
        region(BASE, 32, MemoryType::Usable),
        region(page_at(16), 32, MemoryType::Reserved),
    };
    EXPECT_EQ(a.init(overlapping.data(), overlapping.size(), memory.offset()).error(), Error::BadFormat);

    // Overlap is refused whatever the order and type (a reserved region inside a usable
    // one would otherwise be handed out).
    std::vector<MemoryRegion> nested = {
        region(page_at(4), 2, MemoryType::Mmio),
        region(BASE, 32, MemoryType::Usable),
    };
    EXPECT_EQ(a.init(nested.data(), nested.size(), memory.offset()).error(), Error::BadFormat);

    auto unaligned = region(BASE + 0x800, 4, MemoryType::Usable);
    EXPECT_EQ(a.init(&unaligned, 1, memory.offset()).error(), Error::BadFormat);

    auto wrapping = region(0xfffffffffffff000ull, 16, MemoryType::Usable);
    EXPECT_EQ(a.init(&wrapping, 1, memory.offset()).error(), Error::BadFormat);

    auto beyond_52_bits = region(uint64_t(1) << 53, 16, MemoryType::Usable);
    EXPECT_EQ(a.init(&beyond_52_bits, 1, memory.offset()).error(), Error::BadFormat);

    // Nothing was committed by the refused calls: a good map still works.
    auto good = region(BASE, 64, MemoryType::Usable);
    EXPECT_TRUE(a.init(&good, 1, memory.offset()).is_ok());
    EXPECT_EQ(a.init(&good, 1, memory.offset()).error(), Error::Busy);
}

TEST(PageFrameAllocator, MapOrderDoesNotMatter)
{
    std::vector<MemoryRegion> sorted = {
        region(BASE, 40, MemoryType::Usable),
        region(page_at(40), 10, MemoryType::Reserved),
        region(page_at(50), 30, MemoryType::Usable),
        region(page_at(90), 38, MemoryType::Usable),
    };
    std::vector<MemoryRegion> shuffled = { sorted[3], sorted[1], sorted[0], sorted[2] };

    FakeMemory memory_a(BASE, 128), memory_b(BASE, 128);
    PageFrameAllocator a, b;
    ASSERT_TRUE(a.init(sorted.data(), sorted.size(), memory_a.offset()).is_ok());
    ASSERT_TRUE(b.init(shuffled.data(), shuffled.size(), memory_b.offset()).is_ok());
    auto pages_a = drain(a), pages_b = drain(b);
    std::sort(pages_a.begin(), pages_a.end());
    std::sort(pages_b.begin(), pages_b.end());
    EXPECT_EQ(pages_a, pages_b);
    EXPECT_EQ(pages_a.size(), 40u + 30 + 38 - a.stats().bookkeeping_pages);
}

TEST(PageFrameAllocator, HolesAndReservedMemoryAreNeverHandedOutOrTouched)
{
    FakeMemory memory(BASE, 256);
    std::vector<MemoryRegion> map = {
        region(BASE, 50, MemoryType::Usable),
        region(page_at(50), 10, MemoryType::Reserved),
        // [60, 70): a hole with no entry at all
        region(page_at(70), 5, MemoryType::KernelImage),
        region(page_at(75), 60, MemoryType::Usable),
        region(page_at(135), 5, MemoryType::AcpiNvs),
        region(page_at(140), 100, MemoryType::Usable),
        region(page_at(240), 16, MemoryType::Mmio),
    };
    auto usable = pages_of(map, MemoryType::Usable);
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(map.data(), map.size(), memory.offset()).is_ok());
    EXPECT_EQ(pfa.stats().total_pages + pfa.stats().bookkeeping_pages, usable.size());

    std::mt19937_64 rng(7);
    std::vector<uint64_t> held;
    for (int round = 0; round < 2000; ++round) {
        if (held.empty() || rng() % 3 != 0) {
            auto page = pfa.allocate_page();
            if (page.is_ok()) {
                EXPECT_TRUE(usable.count(page.value().value())) << std::hex << page.value().value();
                held.push_back(page.value().value());
            }
        } else {
            size_t i = rng() % held.size();
            ASSERT_TRUE(pfa.free_page(PhysAddr(held[i])).is_ok());
            held[i] = held.back();
            held.pop_back();
        }
    }
    for (int round = 0; round < 50; ++round) {
        size_t pages = 1 + rng() % 8;
        auto run = pfa.allocate_contiguous(pages, size_t(1) << (rng() % 4));
        for (size_t i = 0; run.is_ok() && i < pages; ++i)
            EXPECT_TRUE(usable.count(run.value().value() + i * PAGE_SIZE));
    }
    // Bytes of every non-usable page must still hold the fill pattern.
    for (uint64_t page = BASE; page < memory.phys_end(); page += PAGE_SIZE) {
        if (usable.count(page))
            continue;
        const uint8_t* bytes = memory.at(page);
        EXPECT_TRUE(std::all_of(bytes, bytes + PAGE_SIZE, [](uint8_t b) { return b == FakeMemory::FILL; }))
            << "non-usable page " << std::hex << page << " was written";
    }
    EXPECT_TRUE(pfa.verify().is_ok());
}

TEST(PageFrameAllocator, PageZeroIsNeverHandedOut)
{
    FakeMemory memory(0, 64);
    auto map = region(0, 64, MemoryType::Usable);
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(&map, 1, memory.offset()).is_ok());
    EXPECT_EQ(pfa.stats().total_pages, 63u - pfa.stats().bookkeeping_pages);
    auto pages = drain(pfa);
    EXPECT_EQ(std::count(pages.begin(), pages.end(), 0u), 0);
    EXPECT_EQ(pfa.free_page(PhysAddr(0)).error(), Error::Permission);
    free_all(pfa, pages);

    // Usable memory consisting of page 0 alone is no usable memory.
    auto only_zero = region(0, 1, MemoryType::Usable);
    PageFrameAllocator none;
    EXPECT_EQ(none.init(&only_zero, 1, memory.offset()).error(), Error::NoMemory);
}

TEST(PageFrameAllocator, BadFreesAreRefusedAndChangeNothing)
{
    FakeMemory memory(BASE, 128);
    std::vector<MemoryRegion> map = {
        region(BASE, 60, MemoryType::Usable),
        region(page_at(60), 8, MemoryType::Reserved),
        region(page_at(68), 60, MemoryType::Usable),
    };
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(map.data(), map.size(), memory.offset()).is_ok());
    auto page = pfa.allocate_page();
    ASSERT_TRUE(page.is_ok());
    PhysAddr p = page.value();
    auto before = pfa.stats();

    EXPECT_EQ(pfa.free_page(p + 8).error(), Error::Unaligned);
    EXPECT_EQ(pfa.free_page(PhysAddr(BASE - PAGE_SIZE)).error(), Error::OutOfRange);
    EXPECT_EQ(pfa.free_page(PhysAddr(memory.phys_end())).error(), Error::OutOfRange);
    EXPECT_EQ(pfa.free_page(PhysAddr(0xfffffffffffff000ull)).error(), Error::OutOfRange);
    EXPECT_EQ(pfa.free_page(PhysAddr(page_at(62))).error(), Error::Permission); // reserved
    EXPECT_EQ(pfa.stats().free_pages, before.free_pages);
    EXPECT_EQ(pfa.stats().rejected_frees, 5u);

    ASSERT_TRUE(pfa.free_page(p).is_ok());
    EXPECT_EQ(pfa.free_page(p).error(), Error::InvalidArgument); // double free
    EXPECT_EQ(pfa.stats().free_pages, before.free_pages + 1);
    EXPECT_EQ(pfa.stats().rejected_frees, 6u);
    EXPECT_TRUE(pfa.verify().is_ok());

    // The bitmaps' own pages: the ones that are usable but never handed out.
    auto pages = drain(pfa);
    std::set<uint64_t> handed(pages.begin(), pages.end());
    size_t bookkeeping_seen = 0;
    for (uint64_t addr : pages_of(map, MemoryType::Usable)) {
        if (!handed.count(addr)) {
            ++bookkeeping_seen;
            EXPECT_EQ(pfa.free_page(PhysAddr(addr)).error(), Error::Permission);
        }
    }
    EXPECT_EQ(bookkeeping_seen, pfa.stats().bookkeeping_pages);
    EXPECT_EQ(pfa.stats().free_pages, 0u);
    free_all(pfa, pages);
    EXPECT_TRUE(pfa.verify().is_ok());
}

TEST(PageFrameAllocator, FreeContiguousValidatesTheWholeRangeFirst)
{
    FakeMemory memory(BASE, 64);
    auto map = region(BASE, 64, MemoryType::Usable);
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(&map, 1, memory.offset()).is_ok());
    auto run = pfa.allocate_contiguous(8);
    ASSERT_TRUE(run.is_ok());
    PhysAddr base = run.value();
    ASSERT_TRUE(pfa.free_page(base + 5 * PAGE_SIZE).is_ok());
    size_t free_before = pfa.stats().free_pages;

    EXPECT_EQ(pfa.free_contiguous(base, 8).error(), Error::InvalidArgument);
    EXPECT_EQ(pfa.stats().free_pages, free_before);
    for (size_t i = 0; i < 8; ++i)
        EXPECT_EQ(pfa.is_free(base + i * PAGE_SIZE), i == 5) << i;
    EXPECT_EQ(pfa.free_contiguous(base, 0).error(), Error::InvalidArgument);
    EXPECT_EQ(pfa.free_contiguous(base, size_t(1) << 50).error(), Error::OutOfRange);

    // Freed in pieces instead, it all comes back.
    EXPECT_TRUE(pfa.free_contiguous(base, 5).is_ok());
    EXPECT_TRUE(pfa.free_contiguous(base + 6 * PAGE_SIZE, 2).is_ok());
    EXPECT_EQ(pfa.stats().free_pages, pfa.stats().total_pages);
    EXPECT_TRUE(pfa.verify().is_ok());
}

// A span whose first page number is odd, so alignment must be computed on physical page
// numbers rather than on bitmap indexes.
TEST(PageFrameAllocator, ContiguousRunsHonourPhysicalAlignment)
{
    constexpr uint64_t odd_base = 0x101000;
    FakeMemory memory(odd_base, 4096);
    auto map = region(odd_base, 4096, MemoryType::Usable);
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(&map, 1, memory.offset()).is_ok());
    std::vector<std::pair<PhysAddr, size_t>> runs;
    for (size_t align = 1; align <= 512; align *= 2) {
        for (size_t pages : { size_t(1), size_t(3), size_t(17) }) {
            auto run = pfa.allocate_contiguous(pages, align);
            ASSERT_TRUE(run.is_ok()) << "align " << align << " pages " << pages;
            EXPECT_EQ(run.value().value() % (align * PAGE_SIZE), 0u) << "align " << align;
            for (size_t i = 0; i < pages; ++i)
                EXPECT_FALSE(pfa.is_free(run.value() + i * PAGE_SIZE));
            for (auto& [other, other_pages] : runs) {
                bool disjoint = run.value() + pages * PAGE_SIZE <= other || other + other_pages * PAGE_SIZE <= run.value();
                EXPECT_TRUE(disjoint);
            }
            runs.emplace_back(run.value(), pages);
        }
    }
    EXPECT_TRUE(pfa.verify().is_ok());
    for (auto& [base, pages] : runs)
        ASSERT_TRUE(pfa.free_contiguous(base, pages).is_ok());
    EXPECT_EQ(pfa.stats().free_pages, pfa.stats().total_pages);
    EXPECT_TRUE(pfa.verify().is_ok());
}

TEST(PageFrameAllocator, ContiguousArgumentErrors)
{
    FakeMemory memory(BASE, 32);
    auto map = region(BASE, 32, MemoryType::Usable);
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(&map, 1, memory.offset()).is_ok());
    EXPECT_EQ(pfa.allocate_contiguous(0).error(), Error::InvalidArgument);
    EXPECT_EQ(pfa.allocate_contiguous(1, 3).error(), Error::InvalidArgument);
    EXPECT_EQ(pfa.allocate_contiguous(1, 0).error(), Error::InvalidArgument);
    EXPECT_EQ(pfa.allocate_contiguous(33).error(), Error::NoMemory);
    EXPECT_EQ(pfa.allocate_contiguous(size_t(1) << 60).error(), Error::NoMemory);
    // An alignment no page in the span satisfies.
    EXPECT_EQ(pfa.allocate_contiguous(1, size_t(1) << 30).error(), Error::NoMemory);
    EXPECT_EQ(pfa.stats().free_pages, pfa.stats().total_pages);
}

TEST(PageFrameAllocator, FragmentationDefeatsRunsUntilPagesReturn)
{
    FakeMemory memory(BASE, 300);
    auto map = region(BASE, 300, MemoryType::Usable);
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(&map, 1, memory.offset()).is_ok());
    auto pages = drain(pfa);
    std::sort(pages.begin(), pages.end());
    // Free every other page: plenty of free memory, no two adjacent pages.
    std::vector<uint64_t> kept;
    for (size_t i = 0; i < pages.size(); ++i) {
        if (i % 2 == 0) {
            ASSERT_TRUE(pfa.free_page(PhysAddr(pages[i])).is_ok());
        }
        else
            kept.push_back(pages[i]);
    }
    EXPECT_GE(pfa.stats().free_pages, 100u);
    EXPECT_EQ(pfa.allocate_contiguous(2).error(), Error::NoMemory);
    auto single = pfa.allocate_contiguous(1);
    ASSERT_TRUE(single.is_ok());
    ASSERT_TRUE(pfa.free_page(single.value()).is_ok());

    free_all(pfa, kept);
    // Now one run covers everything the allocator owns (the bitmaps sit at the top).
    auto all = pfa.allocate_contiguous(pfa.stats().total_pages);
    ASSERT_TRUE(all.is_ok());
    EXPECT_EQ(pfa.stats().free_pages, 0u);
    EXPECT_TRUE(pfa.verify().is_ok());
    ASSERT_TRUE(pfa.free_contiguous(all.value(), pfa.stats().total_pages).is_ok());
}

TEST(PageFrameAllocator, ReclaimedRangesJoinThePool)
{
    FakeMemory memory(BASE, 256);
    std::vector<MemoryRegion> map = {
        region(BASE, 16, MemoryType::FirmwareReclaimable), // below the lowest usable page
        region(page_at(16), 100, MemoryType::Usable),
        region(page_at(116), 20, MemoryType::AcpiReclaimable),
        region(page_at(136), 100, MemoryType::Usable),
        region(page_at(236), 10, MemoryType::BootloaderReclaimable), // above the highest
        region(page_at(246), 10, MemoryType::Reserved),
    };
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(map.data(), map.size(), memory.offset()).is_ok());
    EXPECT_EQ(pfa.span_base(), PhysAddr(BASE));
    EXPECT_EQ(pfa.span_pages(), 246u);
    size_t total = pfa.stats().total_pages;

    // Not owned yet: freeing it would be a bug in the caller.
    EXPECT_EQ(pfa.free_page(PhysAddr(page_at(0))).error(), Error::Permission);
    EXPECT_EQ(pfa.free_page(PhysAddr(page_at(240))).error(), Error::Permission);

    auto before = drain(pfa);
    EXPECT_EQ(before.size(), total);
    ASSERT_TRUE(pfa.add_free_range(PhysAddr(page_at(0)), 16).is_ok());
    ASSERT_TRUE(pfa.add_free_range(PhysAddr(page_at(116)), 20).is_ok());
    ASSERT_TRUE(pfa.add_free_range(PhysAddr(page_at(236)), 10).is_ok());
    EXPECT_EQ(pfa.stats().total_pages, total + 46);
    EXPECT_EQ(pfa.stats().free_pages, 46u);
    EXPECT_TRUE(pfa.verify().is_ok());

    auto reclaimed = drain(pfa);
    std::set<uint64_t> expected;
    for (uint64_t i = 0; i < 16; ++i)
        expected.insert(page_at(i));
    for (uint64_t i = 116; i < 136; ++i)
        expected.insert(page_at(i));
    for (uint64_t i = 236; i < 246; ++i)
        expected.insert(page_at(i));
    EXPECT_EQ(std::set<uint64_t>(reclaimed.begin(), reclaimed.end()), expected);
    free_all(pfa, reclaimed);
    free_all(pfa, before);
    EXPECT_TRUE(pfa.verify().is_ok());

    // Refusals, each leaving everything as it was.
    auto stats = pfa.stats();
    EXPECT_EQ(pfa.add_free_range(PhysAddr(page_at(116)), 1).error(), Error::Exists);
    EXPECT_EQ(pfa.add_free_range(PhysAddr(page_at(10)), 10).error(), Error::Exists); // straddles usable
    EXPECT_EQ(pfa.add_free_range(PhysAddr(page_at(246)), 10).error(), Error::OutOfRange);
    EXPECT_EQ(pfa.add_free_range(PhysAddr(page_at(240)), 10).error(), Error::OutOfRange);
    EXPECT_EQ(pfa.add_free_range(PhysAddr(BASE - PAGE_SIZE), 1).error(), Error::OutOfRange);
    EXPECT_EQ(pfa.add_free_range(PhysAddr(page_at(3) + 1), 1).error(), Error::Unaligned);
    EXPECT_TRUE(pfa.add_free_range(PhysAddr(page_at(3)), 0).is_ok());
    EXPECT_EQ(pfa.stats().total_pages, stats.total_pages);
    EXPECT_EQ(pfa.stats().free_pages, stats.free_pages);
    EXPECT_TRUE(pfa.verify().is_ok());
}

TEST(PageFrameAllocator, ReclaimingTheBookkeepingIsRefused)
{
    FakeMemory memory(BASE, 64);
    auto map = region(BASE, 64, MemoryType::Usable);
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(&map, 1, memory.offset()).is_ok());
    auto pages = drain(pfa);
    std::set<uint64_t> handed(pages.begin(), pages.end());
    uint64_t bookkeeping = 0;
    for (uint64_t i = 0; i < 64; ++i) {
        if (!handed.count(page_at(i)))
            bookkeeping = page_at(i);
    }
    ASSERT_NE(bookkeeping, 0u);
    // Claiming the bitmaps' pages as free memory would let them be handed out.
    EXPECT_EQ(pfa.add_free_range(PhysAddr(bookkeeping), 1).error(), Error::Busy);
    EXPECT_EQ(pfa.add_free_range(PhysAddr(BASE), 64).error(), Error::Busy);
    EXPECT_EQ(pfa.stats().free_pages, 0u);
    free_all(pfa, pages);
    EXPECT_TRUE(pfa.verify().is_ok());
}

TEST(PageFrameAllocator, VerifyNoticesABrokenList)
{
    FakeMemory memory(BASE, 64);
    auto map = region(BASE, 64, MemoryType::Usable);
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(&map, 1, memory.offset()).is_ok());
    // After these frees the list starts a -> b -> ...; make a skip b.
    auto a = pfa.allocate_page(), b = pfa.allocate_page(), c = pfa.allocate_page();
    ASSERT_TRUE(a.is_ok() && b.is_ok() && c.is_ok());
    ASSERT_TRUE(pfa.free_page(c.value()).is_ok());
    ASSERT_TRUE(pfa.free_page(b.value()).is_ok());
    ASSERT_TRUE(pfa.free_page(a.value()).is_ok());
    ASSERT_TRUE(pfa.verify().is_ok());
    // The header documents the layout: a free page starts with its list links.
    auto* a_links = reinterpret_cast<ListNode*>(memory.at(a.value()));
    auto* c_links = reinterpret_cast<ListNode*>(memory.at(c.value()));
    ASSERT_EQ(a_links->next, reinterpret_cast<ListNode*>(memory.at(b.value())));
    a_links->next = c_links;
    EXPECT_EQ(pfa.verify().error(), Error::Corrupt);
}

// --- randomized run against a shadow model ---------------------------------------------

class PageFrameAllocatorRandom : public ::testing::TestWithParam<uint64_t> {};

TEST_P(PageFrameAllocatorRandom, MatchesShadowModel)
{
    constexpr size_t PAGES = 1024;
    FakeMemory memory(BASE, PAGES);
    std::vector<MemoryRegion> map = {
        region(BASE, 300, MemoryType::Usable),
        region(page_at(300), 13, MemoryType::Reserved),
        region(page_at(313), 200, MemoryType::Usable),
        // [513, 530): hole
        region(page_at(530), 40, MemoryType::AcpiReclaimable),
        region(page_at(570), 454, MemoryType::Usable),
    };
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(map.data(), map.size(), memory.offset()).is_ok());
    const auto start = pfa.stats();

    // The owned set, learned by draining once, must be the usable pages minus exactly
    // bookkeeping_pages of them.
    std::set<uint64_t> owned;
    {
        auto pages = drain(pfa);
        owned.insert(pages.begin(), pages.end());
        ASSERT_EQ(owned.size(), pages.size());
        free_all(pfa, pages);
    }
    auto usable = pages_of(map, MemoryType::Usable);
    for (uint64_t page : owned)
        ASSERT_TRUE(usable.count(page));
    ASSERT_EQ(owned.size() + start.bookkeeping_pages, usable.size());

    std::mt19937_64 rng(GetParam());
    std::set<uint64_t> allocated;                   // the shadow model
    std::vector<std::pair<uint64_t, size_t>> held;  // what to free: (base, pages)
    bool reclaimed = false;

    auto take = [&](uint64_t base, size_t pages) {
        for (size_t i = 0; i < pages; ++i) {
            uint64_t page = base + i * PAGE_SIZE;
            ASSERT_TRUE(owned.count(page)) << std::hex << page << " is not allocator memory";
            ASSERT_TRUE(allocated.insert(page).second) << std::hex << page << " handed out twice";
            // Scribble over the whole page: the allocator must not keep anything in it.
            std::memset(memory.at(page), int(rng() & 0xff), PAGE_SIZE);
        }
        held.emplace_back(base, pages);
    };
    // Is there a free, aligned run of `pages` according to the shadow model?
    auto shadow_has_run = [&](size_t pages, size_t align) {
        for (uint64_t page : owned) {
            if ((page / PAGE_SIZE) % align != 0)
                continue;
            bool ok = true;
            for (size_t i = 0; ok && i < pages; ++i) {
                uint64_t p = page + i * PAGE_SIZE;
                ok = owned.count(p) && !allocated.count(p);
            }
            if (ok)
                return true;
        }
        return false;
    };

    for (int step = 0; step < 6000; ++step) {
        unsigned op = rng() % 100;
        if (op < 45) {
            auto page = pfa.allocate_page();
            if (page.is_ok())
                take(page.value().value(), 1);
            else
                ASSERT_EQ(allocated.size(), owned.size()) << "NoMemory with pages free";
        } else if (op < 55) {
            size_t pages = 1 + rng() % 24;
            size_t align = size_t(1) << (rng() % 6);
            auto run = pfa.allocate_contiguous(pages, align);
            if (run.is_ok()) {
                ASSERT_EQ((run.value().value() / PAGE_SIZE) % align, 0u);
                take(run.value().value(), pages);
            } else {
                ASSERT_EQ(run.error(), Error::NoMemory);
                ASSERT_FALSE(shadow_has_run(pages, align)) << "missed a free run of " << pages << " align " << align;
            }
        } else if (op < 97 && !held.empty()) {
            size_t i = rng() % held.size();
            auto [base, pages] = held[i];
            held[i] = held.back();
            held.pop_back();
            // Runs go back whole, split in two, or page by page.
            if (pages > 1 && rng() % 2) {
                size_t split = 1 + rng() % (pages - 1);
                ASSERT_TRUE(pfa.free_contiguous(PhysAddr(base), split).is_ok());
                ASSERT_TRUE(pfa.free_contiguous(PhysAddr(base + split * PAGE_SIZE), pages - split).is_ok());
            } else if (pages > 1 && rng() % 2) {
                for (size_t k = 0; k < pages; ++k)
                    ASSERT_TRUE(pfa.free_page(PhysAddr(base + k * PAGE_SIZE)).is_ok());
            } else {
                ASSERT_TRUE(pfa.free_contiguous(PhysAddr(base), pages).is_ok());
            }
            for (size_t k = 0; k < pages; ++k)
                allocated.erase(base + k * PAGE_SIZE);
        } else if (!held.empty()) {
            // Misuse: a double free of a page that is free in the model.
            uint64_t some_free = 0;
            for (uint64_t page : owned) {
                if (!allocated.count(page)) {
                    some_free = page;
                    break;
                }
            }
            if (some_free) {
                ASSERT_EQ(pfa.free_page(PhysAddr(some_free)).error(), Error::InvalidArgument);
            }
        }
        if (step == 3000 && !reclaimed) {
            ASSERT_TRUE(pfa.add_free_range(PhysAddr(page_at(530)), 40).is_ok());
            for (uint64_t i = 530; i < 570; ++i)
                owned.insert(page_at(i));
            reclaimed = true;
        }

        auto stats = pfa.stats();
        ASSERT_EQ(stats.total_pages, owned.size());
        ASSERT_EQ(stats.free_pages, owned.size() - allocated.size());
        if (step % 250 == 0) {
            ASSERT_TRUE(pfa.verify().is_ok()) << "step " << step;
            for (uint64_t page : owned)
                ASSERT_EQ(pfa.is_free(PhysAddr(page)), !allocated.count(page)) << std::hex << page;
        }
    }

    for (auto [base, pages] : held)
        ASSERT_TRUE(pfa.free_contiguous(PhysAddr(base), pages).is_ok());
    EXPECT_EQ(pfa.stats().free_pages, start.total_pages + 40);
    EXPECT_EQ(pfa.stats().total_pages, start.total_pages + 40);
    EXPECT_TRUE(pfa.verify().is_ok());
}

INSTANTIATE_TEST_SUITE_P(Seeds, PageFrameAllocatorRandom, ::testing::Values(1u, 2u, 3u, 42u, 1234567u));

} // namespace
TEST(PageFrameAllocator, ClaimRangeTakesExactlyThosePages)
{
    FakeMemory memory(BASE, 256);
    auto map = region(BASE, 256, MemoryType::Usable);
    PageFrameAllocator pfa;
    ASSERT_TRUE(pfa.init(&map, 1, memory.offset()).is_ok());
    auto before = pfa.stats().free_pages;
    PhysAddr want(BASE + 8 * PAGE_SIZE);
    ASSERT_TRUE(pfa.claim_range(want, 4).is_ok());
    EXPECT_EQ(pfa.stats().free_pages, before - 4);
    for (size_t i = 0; i < 4; ++i)
        EXPECT_FALSE(pfa.is_free(want + i * PAGE_SIZE));
    EXPECT_TRUE(pfa.verify().is_ok());
    // Claimed pages are never handed out again, and claiming them twice is refused.
    EXPECT_EQ(pfa.claim_range(want, 1).error(), Error::Busy);
    auto pages = drain(pfa);
    for (uint64_t page : pages)
        EXPECT_TRUE(page < want.value() || page >= want.value() + 4 * PAGE_SIZE);
    free_all(pfa, pages);
    // Misuse is refused without changing anything.
    EXPECT_EQ(pfa.claim_range(PhysAddr(BASE + 1), 1).error(), Error::InvalidArgument);
    EXPECT_EQ(pfa.claim_range(PhysAddr(BASE + 4096 * PAGE_SIZE), 1).error(), Error::OutOfRange);
    EXPECT_EQ(pfa.claim_range(want, 0).error(), Error::InvalidArgument);
    // Freed like any contiguous run.
    ASSERT_TRUE(pfa.free_contiguous(want, 4).is_ok());
    EXPECT_EQ(pfa.stats().free_pages, before);
    EXPECT_TRUE(pfa.verify().is_ok());
}

} // namespace ts::test
