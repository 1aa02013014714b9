// Host tests for arch/x86_64/PageTable over a buffer standing in for physical memory.
#include <arch/x86_64/PageTable.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>

using namespace ts;
using namespace ts::arch;

namespace {

// Fake physical memory: pages [1, PAGES) of an aligned buffer at physical 0x100000.
struct FakeMemory {
    static constexpr uint64_t BASE = 0x100000;
    static constexpr size_t PAGES = 2048;
    uint8_t* buffer = static_cast<uint8_t*>(std::aligned_alloc(4096, PAGES * 4096));
    std::set<uint64_t> free_pages;
    size_t allocated = 0;

    FakeMemory()
    {
        for (size_t i = 0; i < PAGES; ++i)
            free_pages.insert(BASE + i * 4096);
    }
    ~FakeMemory() { std::free(buffer); }

    uint64_t offset() const { return reinterpret_cast<uint64_t>(buffer) - BASE; }

    static Result<PhysAddr> allocate(void* context)
    {
        auto* self = static_cast<FakeMemory*>(context);
        if (self->free_pages.empty())
            return Error::NoMemory;
        uint64_t page = *self->free_pages.begin();
        self->free_pages.erase(self->free_pages.begin());
        std::memset(self->buffer + (page - BASE), 0, 4096);
        ++self->allocated;
        return PhysAddr(page);
    }
    static void free(void* context, PhysAddr page)
    {
        auto* self = static_cast<FakeMemory*>(context);
        EXPECT_TRUE(self->free_pages.insert(page.value()).second) << "double free of a table page";
        --self->allocated;
    }
    PageTableMemory memory() { return { allocate, free, this, offset() }; }
};

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
