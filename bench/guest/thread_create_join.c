/* thread_create_join: create a thread that exits at once and wait for it to end; one
 * iteration is the pair. The join is a futex wait on a word that becomes 0 when the
 * thread is done with its stack (Linux: CLONE_CHILD_CLEARTID, as pthread_join; Tessera:
 * the thread clears it itself; BenchOs.h). One stack, mapped once, serves every thread,
 * so the figure holds no mmap; the thread's kernel side (its kernel stack, its scheduling
 * entity) is created and destroyed each time. */
#include "Bench.h"

#define STACK_BYTES (16 * BENCH_PAGE_SIZE)

static struct BenchThread g_thread;

static int create_join(uint64_t unused, uint64_t iterations)
{
    (void)unused;
    for (uint64_t i = 0; i < iterations; ++i) {
        if (bench_thread_start_exiting(&g_thread) != 0)
            return 1;
        if (bench_thread_join(&g_thread) != 0)
            return 2;
    }
    return 0;
}

void bench_thread_create_join(void)
{
    char* stack = bench_map(STACK_BYTES);
    if (!stack) {
        bench_report_error("thread_create_join", "exit_at_once", 0, 10);
        return;
    }
    g_thread.stack_top = stack + STACK_BYTES;
    bench_measure("thread_create_join", "exit_at_once", 0, create_join);
    if (bench_unmap(stack, STACK_BYTES) != 0)
        bench_report_error("thread_create_join", "exit_at_once", 0, 11);
}
