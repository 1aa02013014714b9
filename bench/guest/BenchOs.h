/* BenchOs.h: the few operating-system services the in-guest benchmarks need, so that one
 * source per benchmark runs unchanged on Tessera and on Linux.
 *
 * Two implementations: BenchOsTessera.c (the system-test runtime in tests/system/runtime,
 * whose stubs come from kernel/syscalls/SyscallList.h) and BenchOsLinux.c (raw Linux
 * x86-64 system calls, no C library). Each provides the program's entry point and calls
 * bench_main() (Bench.c). Nothing here may allocate or buffer: every call is one system
 * call, so a benchmark measures the kernel and not a library. */
#ifndef TESSERA_BENCH_OS_H
#define TESSERA_BENCH_OS_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_PAGE_SIZE 4096UL

/* Called once before any other function; 0 on success. (Tessera opens /dev/const/zero,
 * the descriptor its mmap takes for anonymous memory.) */
int bench_os_init(void);

/* The name the results are reported under: "tessera" or "linux". */
const char* bench_os_name(void);

/* Maps `bytes` (a multiple of the page size) of private, demand-zero, read-write memory
 * anywhere; returns its address, or 0 on failure. */
void* bench_map(size_t bytes);

/* Unmaps what bench_map returned; 0 on success. */
int bench_unmap(void* address, size_t bytes);

/* The cheapest system call each kernel has (getpid on both); returns its result. */
long bench_cheapest_syscall(void);

/* The guest's monotonic clock in nanoseconds. */
uint64_t bench_clock_ns(void);

/* Writes `length` bytes to standard output (the console) in one call. */
void bench_write(const char* text, size_t length);

/* Ends the process: `failed` 0 means every benchmark ran. */
_Noreturn void bench_exit(int failed);

/* The portable program, in Bench.c. */
int bench_main(int argc, char** argv);

#endif
