// Host tests for kernel/lib/Math: each helper against a plainly different reference
// (division, bit loops, 128-bit arithmetic) on random and boundary values.
#include <lib/Math.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace {

std::vector<uint64_t> sample_values()
{
    std::vector<uint64_t> values = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 4095, 4096, 4097, 1ull << 31, 1ull << 32, (1ull << 32) + 1,
        (1ull << 63) - 1, 1ull << 63, UINT64_MAX - 1, UINT64_MAX };
    std::mt19937_64 rng(11);
    for (int i = 0; i < 2000; ++i)
        values.push_back(rng() >> (rng() % 64));
    return values;
}

TEST(Math, MinMax)
{
    EXPECT_EQ(ts::min(3, 5), 3);
    EXPECT_EQ(ts::min(5, 3), 3);
    EXPECT_EQ(ts::max(3, 5), 5);
    EXPECT_EQ(ts::max(-1, -7), -1);
    EXPECT_EQ(ts::min<uint64_t>(UINT64_MAX, 0), 0u);
    static_assert(ts::max(2, 9) == 9);
}

TEST(Math, PowerOfTwo)
{
    for (uint64_t value : sample_values()) {
        int bits = 0;
        for (uint64_t v = value; v; v >>= 1)
            bits += int(v & 1);
        EXPECT_EQ(ts::is_power_of_two(value), bits == 1) << value;
    }
}

TEST(Math, AlignmentAgainstDivision)
{
    for (uint64_t value : sample_values()) {
        for (unsigned shift = 0; shift < 40; shift += 3) {
            uint64_t align = 1ull << shift;
            uint64_t down = value / align * align;
            EXPECT_EQ(ts::align_down(value, align), down);
            EXPECT_EQ(ts::is_aligned(value, align), value % align == 0);
            // align_up is only defined when the result fits.
            unsigned __int128 up = (static_cast<unsigned __int128>(value) + align - 1) / align * align;
            if (up <= UINT64_MAX) {
                EXPECT_EQ(ts::align_up(value, align), uint64_t(up)) << value << " " << align;
            }
        }
    }
    static_assert(ts::align_up(4097, ts::PAGE_SIZE) == 8192);
}

TEST(Math, DivRoundUp)
{
    std::mt19937_64 rng(3);
    for (uint64_t value : sample_values()) {
        uint64_t divisor = 1 + rng() % 10000;
        unsigned __int128 expected = (static_cast<unsigned __int128>(value) + divisor - 1) / divisor;
        if (value + divisor - 1 >= value) { // defined when value + divisor - 1 does not wrap
            EXPECT_EQ(ts::div_round_up(value, divisor), uint64_t(expected)) << value << "/" << divisor;
        }
    }
}

TEST(Math, BitIndexes)
{
    for (uint64_t value : sample_values()) {
        if (value == 0)
            continue;
        unsigned low = 0;
        while (!((value >> low) & 1))
            ++low;
        unsigned high = 63;
        while (!((value >> high) & 1))
            --high;
        EXPECT_EQ(ts::count_trailing_zeros(value), low) << value;
        EXPECT_EQ(ts::log2_floor(value), high) << value;
    }
}

TEST(Math, CheckedArithmeticAgainst128Bit)
{
    std::mt19937_64 rng(17);
    auto values = sample_values();
    for (int i = 0; i < 20000; ++i) {
        uint64_t a = values[rng() % values.size()], b = values[rng() % values.size()];
        uint64_t out = 0;
        unsigned __int128 sum = static_cast<unsigned __int128>(a) + b;
        unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
        ASSERT_EQ(ts::checked_add(a, b, &out), sum <= UINT64_MAX);
        if (sum <= UINT64_MAX) {
            ASSERT_EQ(out, uint64_t(sum));
        }
        ASSERT_EQ(ts::checked_mul(a, b, &out), product <= UINT64_MAX);
        if (product <= UINT64_MAX) {
            ASSERT_EQ(out, uint64_t(product));
        }
    }
    int32_t small = 0;
    EXPECT_FALSE(ts::checked_add<int32_t>(INT32_MAX, 1, &small));
    EXPECT_TRUE(ts::checked_add<int32_t>(INT32_MIN, 1, &small));
    EXPECT_EQ(small, INT32_MIN + 1);
    EXPECT_FALSE(ts::checked_mul<int32_t>(-2, INT32_MIN, &small));
}

TEST(Math, Constants)
{
    EXPECT_EQ(ts::PAGE_SIZE, 1ull << ts::PAGE_SHIFT);
    EXPECT_EQ(ts::KiB, 1024u);
    EXPECT_EQ(ts::MiB, 1024u * 1024u);
    EXPECT_EQ(ts::GiB, 1024ull * 1024u * 1024u);
}

} // namespace

TEST(Math, MedianOfThreeAgainstSorting)
{
    for (int a = 0; a < 4; ++a)
        for (int b = 0; b < 4; ++b)
            for (int c = 0; c < 4; ++c) {
                int v[3] = { a, b, c };
                std::sort(v, v + 3);
                EXPECT_EQ(ts::median_of_three(a, b, c), v[1]) << a << " " << b << " " << c;
            }
}
