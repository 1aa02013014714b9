/* Bench.h: the measuring harness shared by the in-guest benchmarks (Bench.c) and the list
 * of benchmarks, one source file each. Portable C on top of BenchOs.h only.
 *
 * A benchmark is a body that runs `iterations` repetitions of one operation for a given
 * parameter; bench_measure() times it on the guest clock and prints one line
 *
 *     bench <name> <param> <value> <unit>
 *
 * (value: nanoseconds per iteration, the median of several rounds), which the run scripts
 * in this directory extract from the console. */
#ifndef TESSERA_BENCH_H
#define TESSERA_BENCH_H

#include "BenchOs.h"

/* Runs the operation `iterations` times for `param`; 0 on success, or a small positive
 * code naming what failed (reported, and the run then ends as failed). */
typedef int (*BenchBody)(uint64_t param, uint64_t iterations);

/* Times `body` for `param` and prints its line. `label` is what the line shows as the
 * parameter; 0 shows `param` in decimal. */
void bench_measure(const char* name, const char* label, uint64_t param, BenchBody body);

/* One per benchmark source. */
void bench_mmap_touch_unmap(void);
void bench_mmap_unmap_untouched(void);
void bench_syscall_roundtrip(void);

#endif
