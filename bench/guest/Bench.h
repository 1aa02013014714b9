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

/* Reports that `name` could not be measured for `param` (for instance its setup
 * failed): a bench-error line, and the run ends as failed. */
void bench_report_error(const char* name, const char* label, uint64_t param, int code);

/* One per benchmark source. */
void bench_mmap_touch_unmap(void);
void bench_mmap_unmap_untouched(void);
void bench_syscall_roundtrip(void);
void bench_spawn_wait(void);
void bench_pipe_pingpong(void);
void bench_thread_create_join(void);

/* The partner side of pipe_pingpong: echoes each byte read from `in` to `out` until end
 * of file; 0 then. On Tessera it runs as `bench pipe-echo` (Bench.c's main dispatches
 * the role), see bench_partner_start in BenchOs.h. */
#define BENCH_ROLE_PIPE_ECHO "pipe-echo"
int bench_pipe_echo(int in, int out);

#endif
