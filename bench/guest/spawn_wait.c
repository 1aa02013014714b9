/* spawn_wait: start a process running a tiny static program that exits at once
 * (exit_at_once.c, /bin/exit-at-once) and wait for its exit, collecting it. One iteration
 * is the whole life of a process: creating it, loading the executable, its first
 * instructions and page faults, its exit (address space torn down) and the parent's
 * wait. Tessera: spawn + reading /proc/<pid>/wait to the end; Linux: vfork + execve +
 * wait4 (BenchOs.h, bench_run_program). */
#include "Bench.h"

static int spawn_wait(uint64_t unused, uint64_t iterations)
{
    (void)unused;
    for (uint64_t i = 0; i < iterations; ++i) {
        if (bench_run_program(BENCH_EXIT_AT_ONCE_PATH) != 0)
            return 1;
    }
    return 0;
}

void bench_spawn_wait(void) { bench_measure("spawn_wait", "exit_at_once", 0, spawn_wait); }
