// Host tests for mm/UserMappings: the page tables as the only record of user mappings.
#include <mm/UserMappings.hpp>
#include <gtest/gtest.h>

#include "tests/support/FakePageMemory.hpp"

#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <vector>

using namespace ts;
using namespace ts::vmm;

namespace {

constexpr uint64_t PAGE = 4096;
constexpr uint64_t MiB2 = 2ull << 20;

using Memory = test::FakePageMemory;

struct Space {
    Memory mem { 8192 };
    PhysAddr root;
    UserMappings maps;
    Space()
    {
        root = Memory::allocate(&mem).value();
        maps = UserMappings(root, mem.memory());
    }
    ~Space()
    {
        maps.clear();
        EXPECT_EQ(mem.allocated, 1u) << "only the root should be left";
    }
};

} // namespace

TEST(UserMappings, ReservingAGigabyteCostsNoPageUntilTouched)
{
    Space s;
    ASSERT_TRUE(s.maps.reserve(GiB, GiB / PAGE, Prot::ReadWrite).is_ok());
    // One PDPT below the root; the gigabyte itself is one lazy entry.
    EXPECT_EQ(s.mem.allocated, 2u);
    EXPECT_EQ(s.maps.counters().resident, 0u);
    auto info = s.maps.query(GiB + 12345 * PAGE);
    EXPECT_TRUE(info.mapped);
    EXPECT_FALSE(info.present);
    EXPECT_EQ(info.prot, Prot::ReadWrite);

    EXPECT_EQ(s.maps.fault(GiB + 12345 * PAGE + 17, Access::Write), FaultResult::Populated);
    // A page directory, a page table and the page.
    EXPECT_EQ(s.mem.allocated, 5u);
    EXPECT_EQ(s.maps.counters().resident, 1u);
    info = s.maps.query(GiB + 12345 * PAGE);
    ASSERT_TRUE(info.present);
    for (size_t i = 0; i < PAGE; ++i)
        ASSERT_EQ(s.mem.at(info.phys)[i], 0) << "a fresh page is zeroed";
    // Its neighbours are still only reserved.
    EXPECT_FALSE(s.maps.query(GiB + 12346 * PAGE).present);
    EXPECT_TRUE(s.maps.query(GiB + 12346 * PAGE).mapped);
    EXPECT_EQ(s.maps.fault(GiB + 12345 * PAGE, Access::Read), FaultResult::Spurious);

    auto removed = s.maps.unmap(GiB, GiB / PAGE);
    ASSERT_TRUE(removed.is_ok());
    EXPECT_EQ(removed.value(), 1u);
    EXPECT_EQ(s.maps.counters().resident, 0u);
    EXPECT_FALSE(s.maps.query(GiB + 12345 * PAGE).mapped);
}

TEST(UserMappings, OverlappingReserveFailsAndChangesNothing)
{
    Space s;
    ASSERT_TRUE(s.maps.reserve(0x400000, 3, Prot::Read).is_ok());
    size_t before = s.mem.allocated;
    EXPECT_EQ(s.maps.reserve(0x3ff000, 2, Prot::ReadWrite).error(), Error::Exists);
    EXPECT_EQ(s.maps.reserve(0x402000, 1, Prot::ReadWrite).error(), Error::Exists);
    EXPECT_EQ(s.mem.allocated, before);
    EXPECT_FALSE(s.maps.query(0x3ff000).mapped);
    EXPECT_EQ(s.maps.query(0x402000).prot, Prot::Read);
    EXPECT_TRUE(s.maps.reserve(0x403000, 1, Prot::ReadWrite).is_ok());
}

TEST(UserMappings, BadRangesAreRefused)
{
    Space s;
    EXPECT_EQ(s.maps.reserve(0, 1, Prot::Read).error(), Error::InvalidArgument);          // page 0
    EXPECT_EQ(s.maps.reserve(0x1001, 1, Prot::Read).error(), Error::InvalidArgument);     // unaligned
    EXPECT_EQ(s.maps.reserve(USER_END - PAGE, 2, Prot::Read).error(), Error::InvalidArgument);
    EXPECT_EQ(s.maps.reserve(0x1000, ~0ull / PAGE, Prot::Read).error(), Error::InvalidArgument);
    EXPECT_EQ(s.maps.reserve(0xffff'8000'0000'0000, 1, Prot::Read).error(), Error::InvalidArgument);
    EXPECT_EQ(s.maps.unmap(0xffff'8000'0000'0000, 1).error(), Error::InvalidArgument);
    EXPECT_EQ(s.maps.fault(0xffff'8000'0000'0000, Access::Read), FaultResult::NotMapped);
    EXPECT_EQ(s.maps.fault(0, Access::Read), FaultResult::NotMapped);
    EXPECT_TRUE(s.maps.reserve(USER_END - PAGE, 1, Prot::Read).is_ok());
}

TEST(UserMappings, RightsAreEnforcedAtTheFault)
{
    Space s;
    ASSERT_TRUE(s.maps.reserve(0x10000, 4, Prot::Read).is_ok());
    EXPECT_EQ(s.maps.fault(0x10000, Access::Write), FaultResult::Denied);
    EXPECT_EQ(s.maps.fault(0x10000, Access::Execute), FaultResult::Denied);
    EXPECT_EQ(s.maps.counters().resident, 0u);
    EXPECT_EQ(s.maps.fault(0x10000, Access::Read), FaultResult::Populated);
    EXPECT_EQ(s.maps.fault(0x10000, Access::Write), FaultResult::Denied);
    // Denied at a lazy upper-level entry too, before anything is split.
    ASSERT_TRUE(s.maps.reserve(GiB, GiB / PAGE, Prot::ReadExecute).is_ok());
    size_t before = s.mem.allocated;
    EXPECT_EQ(s.maps.fault(GiB + 5 * MiB2, Access::Write), FaultResult::Denied);
    EXPECT_EQ(s.mem.allocated, before);
    EXPECT_EQ(s.maps.fault(GiB + 5 * MiB2, Access::Execute), FaultResult::Populated);
}

TEST(UserMappings, GuardPagesNeverPopulate)
{
    Space s;
    ASSERT_TRUE(s.maps.guard(0x7000).is_ok());
    EXPECT_EQ(s.maps.fault(0x7008, Access::Read), FaultResult::Guard);
    EXPECT_EQ(s.maps.populate(0x7000).error(), Error::NotFound);
    EXPECT_EQ(s.maps.reserve(0x7000, 1, Prot::Read).error(), Error::Exists);
    EXPECT_TRUE(s.maps.query(0x7000).guard);
    EXPECT_EQ(s.maps.find_free(0x6000, USER_END, 2).value(), 0x8000u);
    ASSERT_TRUE(s.maps.unmap(0x7000, 1).is_ok());
    EXPECT_FALSE(s.maps.query(0x7000).mapped);
}

TEST(UserMappings, PartialUnmapOfALazyBlockKeepsTheRest)
{
    Space s;
    ASSERT_TRUE(s.maps.reserve(MiB2, MiB2 / PAGE, Prot::ReadWrite).is_ok());
    ASSERT_TRUE(s.maps.populate(MiB2 + 10 * PAGE).is_ok());
    auto removed = s.maps.unmap(MiB2 + 8 * PAGE, 4);
    ASSERT_TRUE(removed.is_ok());
    EXPECT_EQ(removed.value(), 1u);
    for (uint64_t i = 0; i < 512; ++i) {
        bool hole = i >= 8 && i < 12;
        EXPECT_EQ(s.maps.query(MiB2 + i * PAGE).mapped, !hole) << i;
    }
    EXPECT_EQ(s.maps.counters().resident, 0u);
}

TEST(UserMappings, ProtectChangesLazyAndPresentPagesAndReportsFlushes)
{
    Space s;
    ASSERT_TRUE(s.maps.reserve(0x200000, 600, Prot::ReadWrite).is_ok());
    auto lazy_only = s.maps.protect(0x200000, 600, Prot::Read);
    ASSERT_TRUE(lazy_only.is_ok());
    EXPECT_FALSE(lazy_only.value());
    EXPECT_EQ(s.maps.fault(0x200000, Access::Write), FaultResult::Denied);
    ASSERT_TRUE(s.maps.protect(0x200000 + 100 * PAGE, 1, Prot::ReadWrite).is_ok());
    EXPECT_EQ(s.maps.fault(0x200000 + 100 * PAGE, Access::Write), FaultResult::Populated);
    auto with_present = s.maps.protect(0x200000 + 50 * PAGE, 100, Prot::Read);
    ASSERT_TRUE(with_present.is_ok());
    EXPECT_TRUE(with_present.value());
    EXPECT_EQ(s.maps.query(0x200000 + 100 * PAGE).prot, Prot::Read);
    // A hole anywhere in the range: refused, nothing changed.
    ASSERT_TRUE(s.maps.unmap(0x200000 + 300 * PAGE, 1).is_ok());
    EXPECT_EQ(s.maps.protect(0x200000 + 200 * PAGE, 200, Prot::ReadWrite).error(), Error::NotFound);
    EXPECT_EQ(s.maps.query(0x200000 + 200 * PAGE).prot, Prot::Read);
}

TEST(UserMappings, FindFreeSkipsUsedPagesAndRespectsTheLimit)
{
    Space s;
    ASSERT_TRUE(s.maps.reserve(0x400000, 4, Prot::Read).is_ok());
    ASSERT_TRUE(s.maps.reserve(0x406000, 1, Prot::Read).is_ok());
    EXPECT_EQ(s.maps.find_free(0x400000, USER_END, 1).value(), 0x404000u);
    EXPECT_EQ(s.maps.find_free(0x400000, USER_END, 2).value(), 0x404000u);
    EXPECT_EQ(s.maps.find_free(0x400000, USER_END, 3).value(), 0x407000u);
    EXPECT_EQ(s.maps.find_free(0x400000, 0x406000, 3).error(), Error::NoSpace);
    EXPECT_EQ(s.maps.find_free(0, USER_END, 1).value(), USER_BASE);
    // Across a gigabyte of reservation.
    ASSERT_TRUE(s.maps.reserve(GiB, GiB / PAGE, Prot::Read).is_ok());
    EXPECT_EQ(s.maps.find_free(GiB, USER_END, 1).value(), 2 * GiB);
}

TEST(UserMappings, SharedPagesAreReleasedNotFreed)
{
    Space s;
    std::vector<uint64_t> released;
    s.maps.release = [](void* context, PhysAddr page, unsigned owner) {
        EXPECT_EQ(owner, 7u);
        static_cast<std::vector<uint64_t>*>(context)->push_back(page.value());
    };
    s.maps.release_context = &released;
    PhysAddr shared = Memory::allocate(&s.mem).value();
    EXPECT_EQ(s.maps.map_shared(0x5000, shared, Prot::ReadWrite, 0).error(), Error::InvalidArgument);
    EXPECT_EQ(s.maps.map_shared(0x5000, shared, Prot::ReadWrite, 256).error(), Error::InvalidArgument);
    ASSERT_TRUE(s.maps.map_shared(0x5000, shared, Prot::ReadWrite, 7).is_ok());
    EXPECT_EQ(s.maps.query(0x5000).owner, 7u);
    EXPECT_EQ(s.maps.map_shared(0x5000, shared, Prot::ReadWrite, 7).error(), Error::Exists);
    EXPECT_EQ(s.maps.fault(0x5000, Access::Write), FaultResult::Spurious);
    ASSERT_EQ(s.maps.unmap(0x5000, 1).value(), 1u);
    ASSERT_EQ(released.size(), 1u);
    EXPECT_EQ(released[0], shared.value());
    Memory::free(&s.mem, shared);
}

TEST(UserMappings, RunningOutOfTablesLeavesNothingBehind)
{
    for (long budget = 0; budget < 4; ++budget) {
        Space s;
        size_t before = s.mem.allocated;
        s.mem.budget = budget;
        // Crosses a 1 GiB boundary and needs several tables on each side.
        auto result = s.maps.reserve(GiB - 3 * PAGE, 6, Prot::ReadWrite);
        if (result.is_error()) {
            EXPECT_EQ(result.error(), Error::NoMemory);
            EXPECT_EQ(s.mem.allocated, before) << "budget " << budget;
            EXPECT_FALSE(s.maps.query(GiB).mapped);
        }
        s.mem.budget = -1;
    }
    Space s;
    s.mem.budget = 0;
    ASSERT_TRUE(s.maps.reserve(0x1000, 1, Prot::Read).is_error());
    s.mem.budget = -1;
    ASSERT_TRUE(s.maps.reserve(0x1000, 1, Prot::Read).is_ok());
    s.mem.budget = 0;
    EXPECT_EQ(s.maps.fault(0x1000, Access::Read), FaultResult::NoMemory);
    s.mem.budget = -1;
}

// Random operations over a window that crosses 2 MiB and 1 GiB boundaries, checked page
// by page against a plain map, then everything returned.
TEST(UserMappings, RandomOperationsMatchAModel)
{
    Space s;
    struct Model {
        Prot prot;
        bool present;
    };
    std::map<uint64_t, Model> model;
    const uint64_t window = GiB - 2 * MiB2;
    const uint64_t window_pages = 4 * MiB2 / PAGE;
    std::mt19937_64 random(7);
    const Prot prots[] = { Prot::Read, Prot::ReadWrite, Prot::ReadExecute };
    for (int step = 0; step < 3000; ++step) {
        uint64_t first = random() % window_pages;
        uint64_t count = 1 + random() % (random() % 4 == 0 ? 1100 : 8);
        if (first + count > window_pages)
            count = window_pages - first;
        const uint64_t start = window + first * PAGE;
        switch (random() % 4) {
        case 0: {
            Prot prot = prots[random() % 3];
            bool empty = true;
            for (uint64_t i = 0; i < count; ++i)
                empty &= !model.count(start + i * PAGE);
            auto result = s.maps.reserve(start, count, prot);
            ASSERT_EQ(result.is_ok(), empty);
            if (empty) {
                for (uint64_t i = 0; i < count; ++i)
                    model[start + i * PAGE] = { prot, false };
            }
            break;
        }
        case 1: {
            uint64_t present = 0;
            for (uint64_t i = 0; i < count; ++i) {
                auto it = model.find(start + i * PAGE);
                if (it != model.end()) {
                    present += it->second.present;
                    model.erase(it);
                }
            }
            ASSERT_EQ(s.maps.unmap(start, count).value(), present);
            break;
        }
        case 2: {
            Prot prot = prots[random() % 3];
            bool full = true;
            for (uint64_t i = 0; i < count; ++i)
                full &= model.count(start + i * PAGE) == 1;
            ASSERT_EQ(s.maps.protect(start, count, prot).is_ok(), full);
            if (full) {
                for (uint64_t i = 0; i < count; ++i)
                    model[start + i * PAGE].prot = prot;
            }
            break;
        }
        default: {
            Access access = Access(random() % 3);
            auto it = model.find(start);
            FaultResult result = s.maps.fault(start + random() % PAGE, access);
            if (it == model.end()) {
                ASSERT_EQ(result, FaultResult::NotMapped);
                break;
            }
            bool allowed = access == Access::Read || (access == Access::Write && has_prot(it->second.prot, Prot::Write))
                || (access == Access::Execute && has_prot(it->second.prot, Prot::Execute));
            if (!allowed) {
                ASSERT_EQ(result, FaultResult::Denied);
            } else {
                ASSERT_EQ(result, it->second.present ? FaultResult::Spurious : FaultResult::Populated);
                it->second.present = true;
            }
            break;
        }
        }
    }
    uint64_t resident = 0;
    for (uint64_t i = 0; i < window_pages; ++i) {
        const uint64_t page = window + i * PAGE;
        auto info = s.maps.query(page);
        auto it = model.find(page);
        ASSERT_EQ(info.mapped, it != model.end()) << std::hex << page;
        if (it != model.end()) {
            ASSERT_EQ(info.present, it->second.present);
            ASSERT_EQ(info.prot, it->second.prot);
            resident += info.present;
        }
    }
    EXPECT_EQ(s.maps.counters().resident, resident);
    EXPECT_EQ(s.mem.allocated, 1 + resident + s.maps.counters().tables);
}
