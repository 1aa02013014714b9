// Host tests for kernel/lib/Csprng: determinism for a fixed seed, sensitivity to every
// part of the seed, the documented output properties (a request's output is a prefix of
// any longer request's; next_u64() equals an 8-byte fill), fast key erasure (the key is
// replaced on every request, by the first half of block 0) and a loose statistical
// sanity check. Expected bytes are derived from chacha20::block, never hard-coded: the
// RFC vectors in ChaCha20Test.cpp pin the primitive down.
#include <lib/ChaCha20.hpp>
#include <lib/Csprng.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

namespace ts {

// Declared a friend by Csprng, so the tests can watch the key being replaced.
class CsprngTestAccess {
public:
    static std::array<uint8_t, chacha20::KEY_SIZE> key(const Csprng& generator)
    {
        std::array<uint8_t, chacha20::KEY_SIZE> copy;
        std::memcpy(copy.data(), generator.m_key, copy.size());
        return copy;
    }
};

} // namespace ts

namespace {

using ts::Csprng;
using ts::CsprngTestAccess;
namespace chacha20 = ts::chacha20;

void seed_with(Csprng& generator, const std::vector<uint8_t>& material)
{
    generator.seed(material.data(), material.size());
}

std::vector<uint8_t> draw(Csprng& generator, size_t size)
{
    std::vector<uint8_t> out(size);
    generator.fill(out.data(), out.size());
    return out;
}

std::vector<uint8_t> pattern(size_t size, uint8_t start)
{
    std::vector<uint8_t> bytes(size);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<uint8_t>(start + 7 * i);
    return bytes;
}

TEST(Csprng, SeedingMarksSeeded)
{
    Csprng generator;
    EXPECT_FALSE(generator.is_seeded());
    generator.seed(nullptr, 0); // nothing to mix in: still unseeded, key untouched
    EXPECT_FALSE(generator.is_seeded());
    EXPECT_EQ(CsprngTestAccess::key(generator), (std::array<uint8_t, 32> {}));
    uint8_t byte = 1;
    generator.seed(&byte, 1);
    EXPECT_TRUE(generator.is_seeded());
}

TEST(Csprng, SameSeedSameOutput)
{
    Csprng a, b;
    seed_with(a, pattern(48, 3));
    seed_with(b, pattern(48, 3));
    for (size_t size : { 0, 1, 8, 31, 32, 33, 64, 65, 1000, 70000 })
        EXPECT_EQ(draw(a, size), draw(b, size)) << "size " << size;
    EXPECT_EQ(a.next_u64(), b.next_u64());
    // Reseeding both the same way keeps them in step.
    seed_with(a, pattern(5, 9));
    seed_with(b, pattern(5, 9));
    EXPECT_EQ(draw(a, 100), draw(b, 100));
}

TEST(Csprng, DifferentSeedsDiffer)
{
    auto output_after = [](const std::vector<uint8_t>& material) {
        Csprng generator;
        seed_with(generator, material);
        return draw(generator, 64);
    };
    auto base = pattern(40, 1);
    std::set<std::vector<uint8_t>> outputs;
    outputs.insert(output_after(base));

    // One flipped bit anywhere in the material, in either chunk.
    for (size_t bit : { 0, 7, 100, 255, 256, 319 }) {
        auto flipped = base;
        flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        EXPECT_TRUE(outputs.insert(output_after(flipped)).second) << "bit " << bit;
    }
    // Trailing zeros are not the same as padding: the length is absorbed too.
    auto padded = base;
    padded.push_back(0);
    EXPECT_TRUE(outputs.insert(output_after(padded)).second);
    // Swapping the two 32-byte chunks of a 64-byte seed changes the key.
    auto two_chunks = pattern(64, 5);
    auto swapped = two_chunks;
    std::rotate(swapped.begin(), swapped.begin() + 32, swapped.end());
    EXPECT_NE(output_after(two_chunks), output_after(swapped));
    // The same material absorbed twice moves the key twice.
    Csprng once, twice;
    seed_with(once, base);
    seed_with(twice, base);
    seed_with(twice, base);
    EXPECT_NE(draw(once, 64), draw(twice, 64));
}

// Csprng.hpp documents: fill(p, n) writes the first n bytes of what fill(p, m), m >= n,
// would have written from the same state, including across MAX_REQUEST chunks.
TEST(Csprng, OutputIsPrefixOfLongerRequest)
{
    constexpr size_t LONGEST = 2 * Csprng::MAX_REQUEST + 5;
    Csprng reference;
    seed_with(reference, pattern(32, 11));
    auto whole = draw(reference, LONGEST);

    for (size_t size : { size_t(0), size_t(1), size_t(7), size_t(8), size_t(31), size_t(32), size_t(33), size_t(63),
             size_t(64), size_t(95), size_t(96), size_t(97), size_t(1000), Csprng::MAX_REQUEST - 1,
             Csprng::MAX_REQUEST, Csprng::MAX_REQUEST + 1, Csprng::MAX_REQUEST + 33, LONGEST }) {
        Csprng generator;
        seed_with(generator, pattern(32, 11));
        auto part = draw(generator, size);
        EXPECT_TRUE(std::equal(part.begin(), part.end(), whole.begin())) << "size " << size;
    }
}

// Csprng.hpp documents: next_u64() is an 8-byte fill read little-endian.
TEST(Csprng, NextU64MatchesEightByteFills)
{
    Csprng by_words, by_fills;
    seed_with(by_words, pattern(20, 2));
    seed_with(by_fills, pattern(20, 2));
    for (int i = 0; i < 100; ++i) {
        auto bytes = draw(by_fills, 8);
        uint64_t expected = 0;
        for (size_t j = 0; j < 8; ++j)
            expected |= uint64_t(bytes[j]) << (8 * j);
        EXPECT_EQ(by_words.next_u64(), expected) << "draw " << i;
    }
}

TEST(Csprng, EveryRequestReplacesTheKey)
{
    Csprng generator;
    seed_with(generator, pattern(32, 4));
    std::set<std::array<uint8_t, 32>> seen_keys;
    seen_keys.insert(CsprngTestAccess::key(generator));
    for (size_t size : { 0, 1, 8, 32, 33, 200, 5000 }) {
        auto before = CsprngTestAccess::key(generator);
        draw(generator, size);
        auto after = CsprngTestAccess::key(generator);
        EXPECT_NE(before, after) << "size " << size;
        EXPECT_TRUE(seen_keys.insert(after).second) << "a key came back, size " << size;
    }
    generator.next_u64();
    EXPECT_TRUE(seen_keys.insert(CsprngTestAccess::key(generator)).second);
    // A chunked request rekeys once per MAX_REQUEST: the state after one large request
    // is not the state after one small one.
    Csprng small, large;
    seed_with(small, pattern(32, 4));
    seed_with(large, pattern(32, 4));
    draw(small, 8);
    draw(large, Csprng::MAX_REQUEST + 1);
    EXPECT_NE(CsprngTestAccess::key(small), CsprngTestAccess::key(large));
}

// The construction in Csprng.hpp, step by step: block 0 under the old key gives the new
// key (first half) and the first output (second half); blocks 1, 2, ... follow. The old
// key appears nowhere in the new state or the output.
TEST(Csprng, RequestFollowsTheFastKeyErasureLayout)
{
    Csprng generator;
    seed_with(generator, pattern(32, 8));
    auto old_key_bytes = CsprngTestAccess::key(generator);
    chacha20::Key old_key;
    std::memcpy(old_key, old_key_bytes.data(), sizeof(old_key));
    chacha20::Nonce zero = {};
    chacha20::Block blocks[3];
    for (uint32_t i = 0; i < 3; ++i)
        chacha20::block(old_key, i, zero, blocks[i]);

    auto out = draw(generator, 100);
    std::vector<uint8_t> expected(blocks[0] + 32, blocks[0] + 64);
    expected.insert(expected.end(), blocks[1], blocks[1] + 64);
    expected.insert(expected.end(), blocks[2], blocks[2] + 4);
    EXPECT_EQ(out, expected);

    auto new_key = CsprngTestAccess::key(generator);
    EXPECT_EQ(std::memcmp(new_key.data(), blocks[0], 32), 0);
    EXPECT_NE(new_key, old_key_bytes);
    EXPECT_EQ(std::search(out.begin(), out.end(), new_key.begin(), new_key.end()), out.end());
}

// Not a randomness test suite, only a net for gross mistakes (a stuck byte, a repeated
// block, an output that is mostly zero): over 1 MiB, the share of one bits, each bit
// position of the u64 draws and the byte histogram must sit within bounds 6 to 10
// standard deviations wide, which a working generator fails with odds below 1e-8.
TEST(Csprng, StatisticalSanity)
{
    Csprng generator;
    seed_with(generator, pattern(32, 21));
    constexpr size_t WORDS = (1 << 20) / 8;
    std::vector<uint64_t> words(WORDS);
    generator.fill(words.data(), WORDS * sizeof(uint64_t));

    uint64_t ones = 0;
    uint64_t per_position[64] = {};
    uint64_t byte_counts[256] = {};
    std::set<uint64_t> distinct;
    for (uint64_t word : words) {
        ones += __builtin_popcountll(word);
        for (int bit = 0; bit < 64; ++bit)
            per_position[bit] += (word >> bit) & 1;
        for (int byte = 0; byte < 8; ++byte)
            byte_counts[(word >> (8 * byte)) & 0xff]++;
        distinct.insert(word);
    }
    // 2^23 bits: mean 2^22, standard deviation 2^10 * sqrt(2) ~ 1448; allow 10 sigma.
    double total_bits = WORDS * 64.0;
    EXPECT_LT(std::fabs(double(ones) - total_bits / 2), 10 * std::sqrt(total_bits / 4));
    // Each position: 2^17 draws, mean 2^16, sigma 181; allow 8 sigma.
    for (int bit = 0; bit < 64; ++bit)
        EXPECT_LT(std::fabs(double(per_position[bit]) - WORDS / 2.0), 8 * std::sqrt(WORDS / 4.0)) << "bit " << bit;
    // Byte values: chi-square with 255 degrees of freedom (mean 255, sigma ~22.6).
    double expected = WORDS * 8.0 / 256;
    double chi_square = 0;
    for (uint64_t count : byte_counts)
        chi_square += (double(count) - expected) * (double(count) - expected) / expected;
    EXPECT_LT(chi_square, 255 + 8 * 22.6);
    EXPECT_GT(chi_square, 255 - 8 * 22.6);
    // 2^17 random 64-bit words collide with probability about 2^-31.
    EXPECT_EQ(distinct.size(), WORDS);
}

} // namespace
