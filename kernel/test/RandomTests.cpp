// In-kernel tests of the kernel's random generator (core/Random.cpp) as booted: seeded by
// random_init() from whatever this CPU offers. They check behaviour, not quality: draws
// differ, do not repeat, have balanced bits within wide bounds, and requests of any size
// write exactly what was asked (the small locked path, the private-generator path for
// large requests, and the periodic reseed all get exercised).
#include <core/Random.hpp>
#include <initializer_list>
#include <lib/CString.hpp>

#include "KernelTest.hpp"

namespace ts {

namespace {

unsigned popcount(uint64_t value) { return static_cast<unsigned>(__builtin_popcountll(value)); }

// |a - b| for unsigned counts.
uint64_t distance(uint64_t a, uint64_t b) { return a > b ? a - b : b - a; }

} // namespace

KTEST(random, two_draws_differ)
{
    KEXPECT(random_u64() != random_u64());
    uint8_t a[16], b[16];
    random_bytes(a, sizeof(a));
    random_bytes(b, sizeof(b));
    KEXPECT(memcmp(a, b, sizeof(a)) != 0);
}

KTEST(random, thousand_u64_have_no_duplicates)
{
    // 1000 draws from 2^64 values collide with probability about 2^-45.
    constexpr size_t COUNT = 1000;
    static uint64_t draws[COUNT];
    for (auto& draw : draws)
        draw = random_u64();
    size_t duplicates = 0;
    for (size_t i = 0; i < COUNT; ++i) {
        for (size_t j = i + 1; j < COUNT; ++j)
            duplicates += draws[i] == draws[j];
    }
    KEXPECT_EQ(duplicates, size_t(0));
}

KTEST(random, bit_balance)
{
    // One 64 KiB request (the private-generator path): 2^19 bits, mean 2^18, standard
    // deviation ~362; allow 10 sigma.
    constexpr size_t BYTES = 64 * 1024;
    static uint64_t buffer[BYTES / sizeof(uint64_t)];
    random_bytes(buffer, sizeof(buffer));
    uint64_t ones = 0;
    for (uint64_t word : buffer)
        ones += popcount(word);
    KEXPECT(distance(ones, BYTES * 8 / 2) < 3620);

    // 4096 single draws (64 periodic reseeds): each bit position is set in 2048 of them
    // on average, standard deviation 32; allow 8 sigma.
    constexpr size_t DRAWS = 4096;
    uint32_t per_position[64] = {};
    for (size_t i = 0; i < DRAWS; ++i) {
        uint64_t value = random_u64();
        for (unsigned bit = 0; bit < 64; ++bit)
            per_position[bit] += (value >> bit) & 1;
    }
    for (unsigned bit = 0; bit < 64; ++bit) {
        if (!KEXPECT(distance(per_position[bit], DRAWS / 2) < 256))
            ktest_context.fail(__FILE__, __LINE__, "bit %u set in %u of %zu draws", bit, per_position[bit], DRAWS);
    }
}

KTEST(random, odd_sizes_write_exactly_the_request)
{
    constexpr size_t GUARD = 16;
    constexpr uint8_t FILL = 0xa5;
    static uint8_t first[GUARD + 5000 + GUARD], second[GUARD + 5000 + GUARD];
    for (size_t size : { 0, 1, 3, 7, 13, 31, 33, 63, 65, 255, 256, 257, 1000, 4097 }) {
        memset(first, FILL, sizeof(first));
        memset(second, FILL, sizeof(second));
        random_bytes(first + GUARD, size);
        random_bytes(second + GUARD, size);
        bool guards_intact = true;
        for (size_t i = 0; i < GUARD; ++i) {
            guards_intact &= first[i] == FILL && first[GUARD + size + i] == FILL;
            guards_intact &= second[i] == FILL && second[GUARD + size + i] == FILL;
        }
        if (!KEXPECT(guards_intact))
            ktest_context.fail(__FILE__, __LINE__, "a %zu-byte request wrote outside its buffer", size);
        // Two requests of four bytes or more agree with probability 2^-32 or less.
        if (size >= 4 && !KEXPECT(memcmp(first + GUARD, second + GUARD, size) != 0))
            ktest_context.fail(__FILE__, __LINE__, "two %zu-byte requests were equal", size);
    }
}

} // namespace ts
