// Host tests for arch/x86_64/PageTable over a buffer standing in for physical memory.
#include <arch/x86_64/PageTable.hpp>
#include <gtest/gtest.h>

#include "tests/support/FakePageMemory.hpp"

#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>

using namespace ts;
using namespace ts::arch;

namespace {

using FakeMemory = test::FakePageMemory;

} // namespace

TEST(PageTable, MapTranslateUnmap)
{
    FakeMemory mem;
    auto table = PageTable::create(mem.memory());
    ASSERT_TRUE(table.is_ok());
    PageTable& pt = table.value();
    VirtAddr v(0xffff800012345000);
    ASSERT_TRUE(pt.map(v, PhysAddr(0xabcd000), PageFlags::Write).is_ok());
    auto t = pt.translate(VirtAddr(v.value() + 0x123));
    ASSERT_TRUE(t.is_ok());
    EXPECT_EQ(t.value().phys.value(), 0xabcd123u);
    EXPECT_TRUE(has_flag(t.value().flags, PageFlags::Write));
    EXPECT_FALSE(has_flag(t.value().flags, PageFlags::Execute));
    EXPECT_EQ(pt.map(v, PhysAddr(0x1000), PageFlags::None).error(), Error::Exists);
    ASSERT_TRUE(pt.protect(v, PageFlags::Execute).is_ok());
    EXPECT_TRUE(has_flag(pt.translate(v).value().flags, PageFlags::Execute));
    EXPECT_FALSE(has_flag(pt.translate(v).value().flags, PageFlags::Write));
    auto old = pt.unmap(v);
    ASSERT_TRUE(old.is_ok());
    EXPECT_EQ(old.value().value(), 0xabcd000u);
    EXPECT_EQ(pt.translate(v).error(), Error::NotFound);
    EXPECT_EQ(pt.unmap(v).error(), Error::NotFound);
    pt.destroy();
    EXPECT_EQ(mem.allocated, 0u);
}

TEST(PageTable, RejectsBadArguments)
{
    FakeMemory mem;
    auto pt = PageTable::create(mem.memory()).release_value();
    EXPECT_EQ(pt.map(VirtAddr(0x1001), PhysAddr(0x2000), PageFlags::None).error(), Error::Unaligned);
    EXPECT_EQ(pt.map(VirtAddr(0x1000), PhysAddr(0x2001), PageFlags::None).error(), Error::Unaligned);
    EXPECT_EQ(pt.map(VirtAddr(0x0000900000000000), PhysAddr(0x2000), PageFlags::None).error(), Error::InvalidArgument);
    EXPECT_EQ(pt.translate(VirtAddr(0x0000900000000000)).error(), Error::InvalidArgument);
    EXPECT_EQ(pt.map(VirtAddr(0x200000), PhysAddr(0x1000), PageFlags::None, PageSize::Large).error(), Error::Unaligned);
    pt.destroy();
}

TEST(PageTable, LargePagesAndConflicts)
{
    FakeMemory mem;
    auto pt = PageTable::create(mem.memory()).release_value();
    ASSERT_TRUE(pt.map(VirtAddr(0x40000000), PhysAddr(0x80000000), PageFlags::Write, PageSize::Large).is_ok());
    auto t = pt.translate(VirtAddr(0x40012345));
    ASSERT_TRUE(t.is_ok());
    EXPECT_EQ(t.value().phys.value(), 0x80012345u);
    EXPECT_EQ(t.value().size, PageSize::Large);
    // A small page inside the large one conflicts.
    EXPECT_EQ(pt.map(VirtAddr(0x40001000), PhysAddr(0x1000), PageFlags::None).error(), Error::Exists);
    ASSERT_TRUE(pt.unmap(VirtAddr(0x40000000)).is_ok());
    EXPECT_TRUE(pt.map(VirtAddr(0x40001000), PhysAddr(0x1000), PageFlags::None).is_ok());
    pt.destroy();
    EXPECT_EQ(mem.allocated, 0u);
}

TEST(PageTable, RandomizedAgainstModel)
{
    FakeMemory mem;
    auto pt = PageTable::create(mem.memory()).release_value();
    std::map<uint64_t, uint64_t> model;
    std::mt19937_64 rng(7);
    for (int step = 0; step < 20000; ++step) {
        // Cluster addresses so tables are shared and reused.
        uint64_t v = (rng() % 4 == 0 ? 0xffff800000000000ull : 0x0000100000000000ull) + (rng() % 4096) * 4096;
        if (rng() % 2) {
            uint64_t p = (rng() % 100000 + 1) * 4096;
            auto r = pt.map(VirtAddr(v), PhysAddr(p), PageFlags::Write);
            if (model.count(v)) {
                EXPECT_EQ(r.error(), Error::Exists);
            } else {
                ASSERT_TRUE(r.is_ok());
                model[v] = p;
            }
        } else {
            auto r = pt.unmap(VirtAddr(v));
            if (model.count(v)) {
                ASSERT_TRUE(r.is_ok());
                EXPECT_EQ(r.value().value(), model[v]);
                model.erase(v);
            } else {
                EXPECT_EQ(r.error(), Error::NotFound);
            }
        }
    }
    for (auto [v, p] : model)
        EXPECT_EQ(pt.translate(VirtAddr(v)).value().phys.value(), p);
    pt.destroy();
    EXPECT_EQ(mem.allocated, 0u);
}

TEST(PageTable, OutOfMemoryIsAnError)
{
    FakeMemory mem;
    auto pt = PageTable::create(mem.memory()).release_value();
    mem.free_pages.clear();
    EXPECT_EQ(pt.map(VirtAddr(0x1000), PhysAddr(0x1000), PageFlags::None).error(), Error::NoMemory);
}
