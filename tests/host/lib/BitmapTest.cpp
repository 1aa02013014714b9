// Host tests for kernel/lib/Bitmap: random operations mirrored in a std::vector<bool>
// over sizes on both sides of word boundaries, every query checked against a brute-force
// scan of the mirror, and find_set_run's alignment and overflow edges.
#include <lib/Bitmap.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace {

using ts::Bitmap;

size_t reference_find(const std::vector<bool>& bits, bool value, size_t from)
{
    for (size_t i = from; i < bits.size(); ++i) {
        if (bits[i] == value)
            return i;
    }
    return Bitmap::npos;
}

// The first start >= from, start % align == 0, with bits [start, start + count) all set.
size_t reference_run(const std::vector<bool>& bits, size_t count, size_t from, size_t align)
{
    if (count == 0 || align == 0)
        return Bitmap::npos;
    size_t start = (from + align - 1) / align * align;
    if (start < from) // rounding wrapped around
        return Bitmap::npos;
    for (; start < bits.size() && count <= bits.size() - start; start += align) {
        size_t i = 0;
        while (i < count && bits[start + i])
            ++i;
        if (i == count)
            return start;
    }
    return Bitmap::npos;
}

// Words are padded with a guard word each side, filled with a pattern that must survive.
struct Fixture {
    explicit Fixture(size_t bits) : storage(Bitmap::words_for(bits) + 2, GUARD), mirror(bits, false)
    {
        map = Bitmap(storage.data() + 1, bits);
        map.fill(false);
    }
    bool guards_intact() const { return storage.front() == GUARD && storage.back() == GUARD; }

    static constexpr uint64_t GUARD = 0xa5a5a5a5a5a5a5a5;
    std::vector<uint64_t> storage;
    std::vector<bool> mirror;
    Bitmap map;
};

::testing::AssertionResult matches(const Fixture& f)
{
    size_t set = 0;
    for (size_t i = 0; i < f.mirror.size(); ++i) {
        if (f.map.get(i) != f.mirror[i])
            return ::testing::AssertionFailure() << "bit " << i << " differs";
        set += f.mirror[i];
    }
    if (f.map.count_set() != set)
        return ::testing::AssertionFailure() << "count_set " << f.map.count_set() << " vs " << set;
    if (!f.guards_intact())
        return ::testing::AssertionFailure() << "wrote outside its words";
    return ::testing::AssertionSuccess();
}

class BitmapSizes : public ::testing::TestWithParam<size_t> {};

TEST_P(BitmapSizes, RandomOperationsAgainstVectorBool)
{
    const size_t bits = GetParam();
    Fixture f(bits);
    EXPECT_EQ(f.map.size(), bits);
    std::mt19937_64 rng(bits * 31 + 1);
    auto random_index = [&] { return size_t(rng() % bits); };
    auto random_range = [&](size_t& start, size_t& count) {
        start = rng() % (bits + 1);
        // Short and long ranges both, since the word-at-a-time paths only kick in past 64.
        size_t room = bits - start;
        count = room == 0 ? 0 : (rng() % 2 ? rng() % std::min<size_t>(room + 1, 8) : rng() % (room + 1));
    };

    for (int op = 0; op < 3000; ++op) {
        size_t start, count, i;
        switch (rng() % 12) {
        case 0:
        case 1:
            i = random_index();
            f.map.set(i);
            f.mirror[i] = true;
            break;
        case 2:
            i = random_index();
            f.map.clear(i);
            f.mirror[i] = false;
            break;
        case 3: {
            i = random_index();
            bool value = rng() % 2;
            f.map.assign(i, value);
            f.mirror[i] = value;
            break;
        }
        case 4:
        case 5:
            random_range(start, count);
            f.map.set_range(start, count);
            for (size_t k = start; k < start + count; ++k)
                f.mirror[k] = true;
            break;
        case 6:
            random_range(start, count);
            f.map.clear_range(start, count);
            for (size_t k = start; k < start + count; ++k)
                f.mirror[k] = false;
            break;
        case 7:
            if (rng() % 20 == 0) {
                bool value = rng() % 2;
                f.map.fill(value);
                f.mirror.assign(bits, value);
            }
            break;
        default:
            break;
        }
        ASSERT_TRUE(matches(f)) << "after operation " << op;

        // Queries, each against a scan of the mirror.
        size_t from = rng() % (bits + 2);
        ASSERT_EQ(f.map.find_first_set(from), reference_find(f.mirror, true, from)) << "from " << from;
        ASSERT_EQ(f.map.find_first_clear(from), reference_find(f.mirror, false, from)) << "from " << from;
        random_range(start, count);
        bool all = true;
        for (size_t k = start; k < start + count; ++k)
            all = all && f.mirror[k];
        ASSERT_EQ(f.map.all_set(start, count), all) << start << "+" << count;

        size_t run = 1 + rng() % (rng() % 4 == 0 ? bits + 2 : 9);
        if (rng() % 50 == 0)
            run = SIZE_MAX - rng() % 100; // must fail cleanly, never wrap
        size_t align = size_t(1) << (rng() % 8);
        ASSERT_EQ(f.map.find_set_run(run, from, align), reference_run(f.mirror, run, from, align))
            << "count " << run << " from " << from << " align " << align;
    }
}

INSTANTIATE_TEST_SUITE_P(Sizes, BitmapSizes, ::testing::Values(1, 2, 63, 64, 65, 127, 128, 129, 200, 1000));

TEST(Bitmap, FillLeavesQueriesInsideTheSize)
{
    // fill(true) sets the padding bits of the last word too; no query may report them.
    Fixture f(70);
    f.map.fill(true);
    EXPECT_EQ(f.map.count_set(), 70u);
    EXPECT_EQ(f.map.find_first_clear(0), Bitmap::npos);
    EXPECT_EQ(f.map.find_first_set(69), 69u);
    EXPECT_EQ(f.map.find_first_set(70), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(70), 0u);
    EXPECT_EQ(f.map.find_set_run(71), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(6, 64), 64u);
    EXPECT_EQ(f.map.find_set_run(7, 64), Bitmap::npos);
    EXPECT_TRUE(f.map.all_set(0, 70));
}

TEST(Bitmap, FindSetRunAlignment)
{
    Fixture f(256);
    // Set bits 3..40: a run of 38 starting at an odd place.
    f.map.set_range(3, 38);
    EXPECT_EQ(f.map.find_set_run(8, 0, 8), 8u);
    EXPECT_EQ(f.map.find_set_run(32, 0, 8), 8u);
    EXPECT_EQ(f.map.find_set_run(33, 0, 8), 8u); // exactly [8, 41)
    EXPECT_EQ(f.map.find_set_run(34, 0, 8), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(33, 0, 1), 3u);
    EXPECT_EQ(f.map.find_set_run(1, 0, 64), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(1, 9, 8), 16u);  // from is rounded up to the alignment
    EXPECT_EQ(f.map.find_set_run(1, 16, 8), 16u); // an aligned from is kept
    EXPECT_EQ(f.map.find_set_run(25, 9, 8), 16u);
    EXPECT_EQ(f.map.find_set_run(26, 9, 8), Bitmap::npos);
    // A run that straddles a word boundary.
    f.map.set_range(120, 20);
    EXPECT_EQ(f.map.find_set_run(20, 64, 4), 120u);
    EXPECT_EQ(f.map.find_set_run(12, 64, 16), 128u);
    EXPECT_EQ(f.map.find_set_run(13, 64, 16), Bitmap::npos);
    // An alignment larger than the whole map only finds index 0.
    EXPECT_EQ(f.map.find_set_run(1, 0, 512), Bitmap::npos);
    f.map.set(0);
    EXPECT_EQ(f.map.find_set_run(1, 0, 512), 0u);
    EXPECT_EQ(f.map.find_set_run(1, 1, 512), Bitmap::npos);
}

TEST(Bitmap, FindSetRunRejectsDegenerateArguments)
{
    Fixture f(128);
    f.map.fill(true);
    EXPECT_EQ(f.map.find_set_run(0), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(1, 0, 0), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(1, 0, 3), Bitmap::npos); // not a power of two
    EXPECT_EQ(f.map.find_set_run(129), Bitmap::npos);
    // Sizes near the top of size_t must not wrap around into a small, wrong answer.
    EXPECT_EQ(f.map.find_set_run(SIZE_MAX), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(SIZE_MAX - 10, 5), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(SIZE_MAX, 1), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(SIZE_MAX - 60, 64, 8), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(1, SIZE_MAX - 3, 8), Bitmap::npos);
    EXPECT_EQ(f.map.find_set_run(1, 200), Bitmap::npos);
    EXPECT_EQ(f.map.find_first_set(SIZE_MAX), Bitmap::npos);
}

TEST(Bitmap, WordsForRoundsUp)
{
    for (size_t bits = 0; bits < 300; ++bits)
        EXPECT_EQ(Bitmap::words_for(bits), bits == 0 ? 0 : (bits - 1) / 64 + 1) << bits;
}

} // namespace
