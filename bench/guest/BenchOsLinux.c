/* BenchOsLinux.c: BenchOs.h on Linux x86-64 with raw system calls: no C library, no vDSO,
 * a static freestanding executable. It also supplies what a C library would: the entry
 * point and the memset/memcpy that the compiler may call on its own.
 *
 * Ref: the x86-64 Linux system call ABI (number in rax; arguments in rdi, rsi, rdx, r10,
 * r8, r9; rcx and r11 clobbered; -4095..-1 is an error) and arch/x86/entry/syscalls/
 * syscall_64.tbl for the numbers. */
#include "BenchOs.h"

enum {
    LINUX_WRITE = 1,
    LINUX_MMAP = 9,
    LINUX_MUNMAP = 11,
    LINUX_GETPID = 39,
    LINUX_CLOCK_GETTIME = 228,
    LINUX_EXIT_GROUP = 231,
};
enum { LINUX_PROT_READ = 0x1, LINUX_PROT_WRITE = 0x2 };
enum { LINUX_MAP_PRIVATE = 0x02, LINUX_MAP_ANONYMOUS = 0x20 };
enum { LINUX_CLOCK_MONOTONIC = 1 };

struct LinuxTimespec {
    long seconds;
    long nanoseconds;
};

static inline long linux_syscall6(long number, long a, long b, long c, long d, long e, long f)
{
    long result;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
}

static inline long linux_syscall0(long number) { return linux_syscall6(number, 0, 0, 0, 0, 0, 0); }

int bench_os_init(void) { return 0; }

const char* bench_os_name(void) { return "linux"; }

void* bench_map(size_t bytes)
{
    long address = linux_syscall6(LINUX_MMAP, 0, (long)bytes, LINUX_PROT_READ | LINUX_PROT_WRITE,
        LINUX_MAP_PRIVATE | LINUX_MAP_ANONYMOUS, -1, 0);
    return (unsigned long)address >= -4095UL ? 0 : (void*)address;
}

int bench_unmap(void* address, size_t bytes)
{
    return linux_syscall6(LINUX_MUNMAP, (long)address, (long)bytes, 0, 0, 0, 0) == 0 ? 0 : -1;
}

long bench_cheapest_syscall(void) { return linux_syscall0(LINUX_GETPID); }

uint64_t bench_clock_ns(void)
{
    struct LinuxTimespec now;
    linux_syscall6(LINUX_CLOCK_GETTIME, LINUX_CLOCK_MONOTONIC, (long)&now, 0, 0, 0, 0);
    return (uint64_t)now.seconds * 1000000000ULL + (uint64_t)now.nanoseconds;
}

void bench_write(const char* text, size_t length)
{
    linux_syscall6(LINUX_WRITE, 1, (long)text, (long)length, 0, 0, 0);
}

_Noreturn void bench_exit(int failed)
{
    for (;;)
        linux_syscall6(LINUX_EXIT_GROUP, failed ? 1 : 0, 0, 0, 0, 0, 0);
}

/* The compiler may turn loops and struct copies into calls to these. */
void* memset(void* destination, int value, size_t count)
{
    void* start = destination;
    __asm__ volatile("rep stosb" : "+D"(destination), "+c"(count) : "a"(value) : "memory");
    return start;
}

void* memcpy(void* destination, const void* source, size_t count)
{
    void* start = destination;
    __asm__ volatile("rep movsb" : "+D"(destination), "+S"(source), "+c"(count) : : "memory");
    return start;
}

/* The System V initial stack: rsp points at argc, then argv[], a null, the environment. */
_Noreturn void linux_start(long* stack)
{
    const int argc = (int)stack[0];
    char** argv = (char**)(stack + 1);
    bench_exit(bench_main(argc, argv));
}

__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    xorl %ebp, %ebp\n"
        "    movq %rsp, %rdi\n"
        "    andq $-16, %rsp\n"
        "    call linux_start\n"
        "    ud2\n");
