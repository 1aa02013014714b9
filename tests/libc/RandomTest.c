/* rand and srand: the default seed is 1, a seed replays its sequence, values stay in
 * 0..RAND_MAX and look uniform: every bit and every range bucket gets about its share. */
#include <stdlib.h>

#include "Check.h"

#define COUNT 20000

void test_random(void)
{
    /* Before any srand the sequence is srand(1)'s. (This runs before anything else in the
     * suite calls rand.) */
    int first[8];
    for (int i = 0; i < 8; ++i)
        first[i] = rand();
    srand(1);
    int same = 1;
    for (int i = 0; i < 8; ++i)
        same &= rand() == first[i];
    CHECK(same);

    srand(12345);
    static int a[COUNT];
    for (int i = 0; i < COUNT; ++i)
        a[i] = rand();
    srand(12345);
    int replayed = 1;
    for (int i = 0; i < COUNT; ++i)
        replayed &= rand() == a[i];
    CHECK(replayed);
    srand(12346);
    int differs = 0;
    for (int i = 0; i < COUNT; ++i)
        differs += rand() != a[i];
    CHECK(differs > COUNT * 99 / 100);

    /* Range, bits and buckets (expected 10000 per bit, 2000 per bucket). */
    int in_range = 1, ones[31] = { 0 }, buckets[10] = { 0 }, repeats = 0;
    for (int i = 0; i < COUNT; ++i) {
        in_range &= a[i] >= 0 && a[i] <= RAND_MAX;
        for (int bit = 0; bit < 31; ++bit)
            ones[bit] += (a[i] >> bit) & 1;
        ++buckets[(int)((long long)a[i] * 10 / ((long long)RAND_MAX + 1))];
        repeats += i > 0 && a[i] == a[i - 1];
    }
    CHECK(in_range);
    CHECK(RAND_MAX == 0x7fffffff);
    int bits_fair = 1, buckets_fair = 1;
    for (int bit = 0; bit < 31; ++bit)
        bits_fair &= ones[bit] > 9400 && ones[bit] < 10600; /* about 8.5 standard deviations */
    for (int b = 0; b < 10; ++b)
        buckets_fair &= buckets[b] > 1700 && buckets[b] < 2300;
    CHECK(bits_fair && buckets_fair && repeats == 0);

    /* Seed 0 is as good as any other. */
    srand(0);
    int zero_seed_ones = 0;
    for (int i = 0; i < 1000; ++i)
        zero_seed_ones += rand() & 1;
    CHECK(zero_seed_ones > 400 && zero_seed_ones < 600);
}
