/* syscall_roundtrip: the cheapest system call, getpid, on both kernels: entry, dispatch
 * and return with almost no work in between, so the figure is the fixed cost every other
 * call pays. */
#include "Bench.h"

static int roundtrip(uint64_t unused, uint64_t iterations)
{
    (void)unused;
    const long pid = bench_cheapest_syscall();
    for (uint64_t i = 0; i < iterations; ++i) {
        if (bench_cheapest_syscall() != pid)
            return 1;
    }
    return 0;
}

void bench_syscall_roundtrip(void) { bench_measure("syscall_roundtrip", "getpid", 0, roundtrip); }
