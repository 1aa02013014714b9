/* <stdlib.h> and <errno.h>: environment, integers, sorting, errno. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Check.h"

static int ascending(const void* a, const void* b)
{
    int x = *(const int*)a, y = *(const int*)b;
    return (x > y) - (x < y);
}

void test_stdlib(void)
{
    CHECK(abs(-5) == 5 && labs(-7L) == 7 && llabs(-9LL) == 9);
    div_t d = div(-7, 2);
    CHECK(d.quot == -3 && d.rem == -1);
    lldiv_t ld = lldiv(100000000000LL, 7);
    CHECK(ld.quot == 14285714285LL && ld.rem == 5);

    /* qsort: pseudo-random arrays of many sizes, including duplicates. */
    static int values[1000];
    unsigned seed = 12345;
    for (int n = 0; n <= 1000; n += 37) {
        for (int i = 0; i < n; ++i) {
            seed = seed * 1103515245u + 12345u;
            values[i] = (int)(seed >> 16) % 100;
        }
        qsort(values, (size_t)n, sizeof(int), ascending);
        int sorted = 1;
        for (int i = 1; i < n; ++i)
            sorted &= values[i - 1] <= values[i];
        CHECK(sorted);
    }
    int keys[] = { 1, 3, 5, 7, 9 };
    int seven = 7, four = 4;
    CHECK(bsearch(&seven, keys, 5, sizeof(int), ascending) == &keys[3]);
    CHECK(bsearch(&four, keys, 5, sizeof(int), ascending) == 0);

    CHECK(getenv("=") == 0 && getenv("") == 0);
    errno = 0;
    CHECK(close(12345) == -1 && errno == EBADF);
    errno = 0;
    CHECK(errno == 0);
}
