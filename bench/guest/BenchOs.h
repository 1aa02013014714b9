/* BenchOs.h: the few operating-system services the in-guest benchmarks need, so that one
 * source per benchmark runs unchanged on Tessera and on Linux.
 *
 * Two implementations: BenchOsTessera.c (the system-test runtime in tests/system/runtime,
 * whose stubs come from kernel/syscalls/SyscallList.h) and BenchOsLinux.c (raw Linux
 * x86-64 system calls, no C library). Each provides the program's entry point and calls
 * bench_main() (Bench.c). Nothing here may allocate or buffer: every call is one system
 * call, or for the process and thread operations the shortest sequence of calls each
 * kernel needs for it, so a benchmark measures the kernel and not a library. */
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

/* Reads or writes up to `size` bytes on a descriptor in one call; the count, or a
 * negative value on failure. */
long bench_fd_read(int fd, void* buffer, size_t size);
long bench_fd_write(int fd, const void* buffer, size_t size);

/* --- processes ----------------------------------------------------------------------- */

/* The tiny program spawn_wait starts (exit_at_once.c), installed at this path on both
 * guests: Tessera's bench initrd, the Linux initramfs (cmake/GuestBench.cmake,
 * run-linux.sh). */
#define BENCH_EXIT_AT_ONCE_PATH "/bin/exit-at-once"

/* Starts the program at `path` in a new process (argv = { path }, inheriting descriptors
 * and environment), waits for it to exit and collects it, so nothing of it remains; 0
 * when it exited successfully. Tessera: spawn, then read /proc/<pid>/wait to the end
 * (which reaps). Linux: vfork + execve, then wait4. */
int bench_run_program(const char* path);

/* A partner process connected by two pipes, for the benchmarks that pass data between
 * processes. It runs `partner_main(in, out)` on its ends and exits when that returns:
 * on Linux in a fork of this process; on Tessera, which has no fork, in a new process
 * running this same program with `role` as its only argument, its descriptors 0 and 1
 * being the pipe ends (bench_main dispatches the role, see Bench.c). */
typedef int (*BenchPartnerMain)(int in, int out);
struct BenchPartner {
    long pid;
    int to_partner;   /* write end: the partner's `in` */
    int from_partner; /* read end: the partner's `out` */
};
/* 0 on success; the partner is running and this process holds only its own two ends. */
int bench_partner_start(struct BenchPartner* partner, const char* role, BenchPartnerMain partner_main);
/* Closes to_partner (the partner sees end of file), waits for the partner to exit and
 * collects it, closes from_partner; 0 when the partner exited successfully. */
int bench_partner_stop(struct BenchPartner* partner);

/* --- threads ------------------------------------------------------------------------- */

/* A thread of this process that ends at once. `word` is set nonzero before it starts and
 * becomes 0, with a futex wake, once the thread no longer uses its stack, so the same
 * stack can serve the next one. Linux: clone with CLONE_CHILD_CLEARTID on the word (the
 * kernel clears and wakes it as the thread exits); Tessera: the thread clears the word
 * and calls futex_wake and thread_exit, using no stack after the store. */
struct BenchThread {
    void* stack_top; /* 16-byte aligned */
    volatile uint32_t word;
};
/* 0 on success. */
int bench_thread_start_exiting(struct BenchThread* thread);
/* Waits on the futex until the word is 0; 0 on success. */
int bench_thread_join(struct BenchThread* thread);

/* Ends the process: `failed` 0 means every benchmark ran. */
_Noreturn void bench_exit(int failed);

/* The portable program, in Bench.c. */
int bench_main(int argc, char** argv);

#endif
