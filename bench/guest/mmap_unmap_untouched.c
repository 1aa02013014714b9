/* mmap_unmap_untouched: map N pages of anonymous memory and unmap them without touching
 * any; N = 1, 256 and 262144 (1 GiB). This is the bookkeeping alone: no page is ever
 * allocated. A kernel that records a mapping as one region pays the same for every N; one
 * that records it in the page tables pays per page. */
#include "Bench.h"

static int map_unmap(uint64_t pages, uint64_t iterations)
{
    const size_t bytes = pages * BENCH_PAGE_SIZE;
    for (uint64_t i = 0; i < iterations; ++i) {
        void* memory = bench_map(bytes);
        if (!memory)
            return 1;
        if (bench_unmap(memory, bytes) != 0)
            return 2;
    }
    return 0;
}

void bench_mmap_unmap_untouched(void)
{
    static const uint64_t page_counts[] = { 1, 256, 262144 };
    for (size_t i = 0; i < sizeof(page_counts) / sizeof(page_counts[0]); ++i)
        bench_measure("mmap_unmap_untouched", 0, page_counts[i], map_unmap);
}
