// Host tests for kernel/lib/Addr: arithmetic and page helpers against plain integer
// arithmetic, and the type rules (no mixing of physical and virtual addresses, no
// implicit integers, only virtual addresses dereference), checked at compile time.
#include <lib/Addr.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <type_traits>

namespace {

using ts::PhysAddr;
using ts::VirtAddr;

static_assert(!std::is_convertible_v<PhysAddr, VirtAddr>);
static_assert(!std::is_convertible_v<VirtAddr, PhysAddr>);
static_assert(!std::is_convertible_v<uint64_t, PhysAddr>, "construction from an integer is explicit");
static_assert(!std::is_convertible_v<PhysAddr, uint64_t>);
static_assert(sizeof(PhysAddr) == 8 && sizeof(VirtAddr) == 8);

template<typename A>
concept Dereferenceable = requires(A a) { a.template as_ptr<int>(); };
static_assert(Dereferenceable<VirtAddr>);
static_assert(!Dereferenceable<PhysAddr>, "a physical address must go through the direct map");

template<typename A, typename B>
concept Comparable = requires(A a, B b) { a == b; };
static_assert(!Comparable<PhysAddr, VirtAddr>);

TEST(Addr, DefaultIsNull)
{
    EXPECT_TRUE(PhysAddr().is_null());
    EXPECT_EQ(VirtAddr().value(), 0u);
    EXPECT_FALSE(PhysAddr(1).is_null());
}

TEST(Addr, ArithmeticAgainstIntegers)
{
    std::mt19937_64 rng(8);
    const uint64_t page = ts::PAGE_SIZE;
    for (int i = 0; i < 10000; ++i) {
        uint64_t raw = rng() >> (rng() % 20 + 1); // leave headroom for additions
        uint64_t delta = rng() % (1u << 20);
        PhysAddr a(raw);
        EXPECT_EQ(a.value(), raw);
        EXPECT_EQ(a.offset(delta).value(), raw + delta);
        EXPECT_EQ((a + delta).value(), raw + delta);
        EXPECT_EQ((a + delta) - a, delta);
        if (raw >= delta) {
            EXPECT_EQ((a - delta).value(), raw - delta);
        }
        PhysAddr b = a;
        b += delta;
        EXPECT_EQ(b.value(), raw + delta);

        EXPECT_EQ(a.page_base().value(), raw / page * page);
        EXPECT_EQ(a.page_offset(), raw % page);
        EXPECT_EQ(a.is_page_aligned(), raw % page == 0);
        uint64_t align = 1ull << (rng() % 22);
        EXPECT_EQ(a.align_down_to(align).value(), raw / align * align);
        EXPECT_EQ(a.align_up_to(align).value(), (raw + align - 1) / align * align);

        PhysAddr c(rng() >> 1);
        EXPECT_EQ(a < c, raw < c.value());
        EXPECT_EQ(a <= c, raw <= c.value());
        EXPECT_EQ(a > c, raw > c.value());
        EXPECT_EQ(a >= c, raw >= c.value());
        EXPECT_EQ(a == c, raw == c.value());
        EXPECT_EQ(a != c, raw != c.value());
    }
}

TEST(Addr, VirtualRoundTripsThroughPointers)
{
    int object = 5;
    VirtAddr address = ts::virt_from_ptr(&object);
    EXPECT_EQ(address.value(), reinterpret_cast<uint64_t>(&object));
    EXPECT_EQ(address.as_ptr<int>(), &object);
    *address.as_ptr<int>() = 6;
    EXPECT_EQ(object, 6);
}

TEST(Addr, UsableInConstantExpressions)
{
    constexpr PhysAddr base(0x100000);
    constexpr PhysAddr end = base + 3 * ts::PAGE_SIZE;
    static_assert(end - base == 3 * ts::PAGE_SIZE);
    static_assert(PhysAddr(0x1234).page_base() == PhysAddr(0x1000));
    SUCCEED();
}

} // namespace
