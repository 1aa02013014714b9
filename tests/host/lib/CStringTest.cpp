// Host tests for kernel/lib/freestanding/Memory.cpp, the memory and string primitives the
// freestanding kernel and loader link (host builds use the C library's, see CString.hpp).
// The file is compiled into this test with its functions renamed so they do not collide
// with the C library's, then compared with the C library on random buffers, offsets,
// lengths and overlaps.
#include <cstddef>
#include <cstdint>
#include <cstring>

#define memcpy ts_memcpy
#define memset ts_memset
#define memmove ts_memmove
#define memcmp ts_memcmp
#define strlen ts_strlen
#define strcmp ts_strcmp
#define strncmp ts_strncmp
#include "../../../kernel/lib/freestanding/Memory.cpp"
#undef memcpy
#undef memset
#undef memmove
#undef memcmp
#undef strlen
#undef strcmp
#undef strncmp

#include <lib/CString.hpp>

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace {

int sign(int value) { return (value > 0) - (value < 0); }

std::vector<unsigned char> random_bytes(std::mt19937_64& rng, size_t size)
{
    std::vector<unsigned char> bytes(size);
    for (auto& byte : bytes)
        byte = static_cast<unsigned char>(rng());
    return bytes;
}

TEST(CString, MemcpyAndMemsetAgainstLibc)
{
    std::mt19937_64 rng(21);
    for (int round = 0; round < 3000; ++round) {
        size_t size = 300;
        auto source = random_bytes(rng, size);
        auto ours = random_bytes(rng, size);
        auto theirs = ours;
        size_t length = rng() % 130;
        size_t from = rng() % (size - length), to = rng() % (size - length);
        EXPECT_EQ(ts_memcpy(ours.data() + to, source.data() + from, length), ours.data() + to);
        memcpy(theirs.data() + to, source.data() + from, length);
        ASSERT_EQ(ours, theirs);

        int value = int(rng() % 512) - 128; // only the low byte counts
        EXPECT_EQ(ts_memset(ours.data() + to, value, length), ours.data() + to);
        memset(theirs.data() + to, value, length);
        ASSERT_EQ(ours, theirs);
    }
}

TEST(CString, MemmoveOverlapsBothWays)
{
    std::mt19937_64 rng(22);
    for (int round = 0; round < 5000; ++round) {
        auto ours = random_bytes(rng, 200);
        auto theirs = ours;
        size_t length = rng() % 100;
        size_t from = rng() % (200 - length), to = rng() % (200 - length);
        EXPECT_EQ(ts_memmove(ours.data() + to, ours.data() + from, length), ours.data() + to);
        memmove(theirs.data() + to, theirs.data() + from, length);
        ASSERT_EQ(ours, theirs) << "from " << from << " to " << to << " length " << length;
    }
}

TEST(CString, ComparisonsAgainstLibc)
{
    std::mt19937_64 rng(23);
    for (int round = 0; round < 20000; ++round) {
        // A tiny alphabet (with bytes above 127, which compare as unsigned) makes equal
        // prefixes common.
        const unsigned char alphabet[] = { 'a', 'b', 0xe9 };
        std::vector<char> a(1 + rng() % 8), b(1 + rng() % 8);
        for (size_t i = 0; i + 1 < a.size(); ++i)
            a[i] = char(alphabet[rng() % 3]);
        for (size_t i = 0; i + 1 < b.size(); ++i)
            b[i] = char(alphabet[rng() % 3]);
        a.back() = b.back() = '\0';
        size_t n = rng() % 10;

        ASSERT_EQ(ts_strlen(a.data()), strlen(a.data()));
        ASSERT_EQ(sign(ts_strcmp(a.data(), b.data())), sign(strcmp(a.data(), b.data())));
        ASSERT_EQ(sign(ts_strncmp(a.data(), b.data(), n)), sign(strncmp(a.data(), b.data(), n)));
        size_t common = std::min(a.size(), b.size());
        size_t m = rng() % (common + 1);
        ASSERT_EQ(sign(ts_memcmp(a.data(), b.data(), m)), sign(memcmp(a.data(), b.data(), m)));
    }
}

TEST(CString, HostBuildsSeeTheCLibrary)
{
    // CString.hpp gives host builds the C library's declarations.
    EXPECT_EQ(::strlen("four"), 4u);
}

} // namespace
