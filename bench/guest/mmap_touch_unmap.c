/* mmap_touch_unmap: map N pages of anonymous read-write memory, write one byte in each
 * page, unmap them; N = 1, 16, 256, 4096. One iteration is the whole round trip, so it
 * prices the map call, N demand-zero page faults (each allocating and zeroing a page) and
 * the unmap that frees the pages and flushes the TLB. The seed OS's headline benchmark. */
#include "Bench.h"

static int touch_unmap(uint64_t pages, uint64_t iterations)
{
    const size_t bytes = pages * BENCH_PAGE_SIZE;
    for (uint64_t i = 0; i < iterations; ++i) {
        volatile char* memory = bench_map(bytes);
        if (!memory)
            return 1;
        /* A write, not a read first: a read fault would map a shared zero page on Linux
         * and the write would then fault a second time. */
        for (uint64_t page = 0; page < pages; ++page)
            memory[page * BENCH_PAGE_SIZE] = 1;
        if (bench_unmap((void*)memory, bytes) != 0)
            return 2;
    }
    return 0;
}

void bench_mmap_touch_unmap(void)
{
    static const uint64_t page_counts[] = { 1, 16, 256, 4096 };
    for (size_t i = 0; i < sizeof(page_counts) / sizeof(page_counts[0]); ++i)
        bench_measure("mmap_touch_unmap", 0, page_counts[i], touch_unmap);
}
