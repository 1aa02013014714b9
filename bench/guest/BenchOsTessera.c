/* BenchOsTessera.c: BenchOs.h on Tessera, over the system-test runtime
 * (tests/system/runtime: its crt0 calls main, its stubs are generated from
 * kernel/syscalls/SyscallList.h). Anonymous memory is a mapping of /dev/const/zero. */
#include "BenchOs.h"
#include "Runtime.h"

static long g_zero = -1;

int bench_os_init(void)
{
    g_zero = open_path("/dev/const/zero");
    return g_zero < 0 ? -1 : 0;
}

const char* bench_os_name(void) { return "tessera"; }

void* bench_map(size_t bytes)
{
    long address = ts_mmap(0, (long)bytes, TS_PROT_READ | TS_PROT_WRITE, 0, g_zero, 0);
    return address <= 0 ? 0 : (void*)address;
}

int bench_unmap(void* address, size_t bytes) { return ts_munmap((long)address, (long)bytes) == 0 ? 0 : -1; }

long bench_cheapest_syscall(void) { return ts_getpid(); }

uint64_t bench_clock_ns(void) { return (uint64_t)ts_clock(); }

void bench_write(const char* text, size_t length) { ts_write(1, (long)text, (long)length); }

_Noreturn void bench_exit(int failed) { exit_with(failed ? "failed" : "ok"); }

int main(int argc, char** argv) { bench_exit(bench_main(argc, argv)); }
