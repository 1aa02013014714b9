/* Allocation: sizes across every class and beyond, contents intact, reuse, realloc,
 * calloc, aligned_alloc. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "Check.h"

void test_malloc(void)
{
    static unsigned char* blocks[500];
    static size_t sizes[500];
    unsigned seed = 99;
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 500; ++i) {
            seed = seed * 1103515245u + 12345u;
            sizes[i] = (seed >> 8) % (i % 10 == 0 ? 20000 : 300) + 1;
            blocks[i] = malloc(sizes[i]);
            CHECK(blocks[i] && ((uintptr_t)blocks[i] & 15) == 0);
            if (blocks[i])
                memset(blocks[i], i & 0xff, sizes[i]);
        }
        int intact = 1;
        for (int i = 0; i < 500; ++i) {
            for (size_t j = 0; blocks[i] && j < sizes[i]; ++j)
                intact &= blocks[i][j] == (unsigned char)(i & 0xff);
            free(blocks[i]);
        }
        CHECK(intact);
    }
    char* text = malloc(8);
    strcpy(text, "grow");
    text = realloc(text, 50000);
    CHECK(text && strcmp(text, "grow") == 0);
    text = realloc(text, 4);
    CHECK(text && strcmp(text, "grow") == 0);
    free(text);
    CHECK(realloc(0, 10) != 0);
    unsigned char* zero = calloc(4096, 3);
    int zeroed = zero != 0;
    for (int i = 0; zero && i < 4096 * 3; ++i)
        zeroed &= zero[i] == 0;
    CHECK(zeroed);
    free(zero);
    void* volatile huge = calloc(SIZE_MAX / 2, 4); /* overflows */
    CHECK(huge == 0 && errno == ENOMEM);
    for (size_t alignment = 32; alignment <= 65536; alignment *= 4) {
        void* p = aligned_alloc(alignment, 100);
        CHECK(p && ((uintptr_t)p & (alignment - 1)) == 0);
        free(p);
    }
    free(0);
}
