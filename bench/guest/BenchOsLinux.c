/* BenchOsLinux.c: BenchOs.h on Linux x86-64 with raw system calls: no C library, no vDSO,
 * a static freestanding executable. It also supplies what a C library would: the entry
 * point and the memset/memcpy that the compiler may call on its own.
 *
 * Ref: the x86-64 Linux system call ABI (number in rax; arguments in rdi, rsi, rdx, r10,
 * r8, r9; rcx and r11 clobbered; -4095..-1 is an error) and arch/x86/entry/syscalls/
 * syscall_64.tbl for the numbers. */
#include "BenchOs.h"

enum {
    LINUX_READ = 0,
    LINUX_WRITE = 1,
    LINUX_CLOSE = 3,
    LINUX_MMAP = 9,
    LINUX_MUNMAP = 11,
    LINUX_GETPID = 39,
    LINUX_CLONE = 56,
    LINUX_FORK = 57,
    LINUX_VFORK = 58,
    LINUX_EXECVE = 59,
    LINUX_EXIT = 60,
    LINUX_WAIT4 = 61,
    LINUX_FUTEX = 202,
    LINUX_CLOCK_GETTIME = 228,
    LINUX_EXIT_GROUP = 231,
    LINUX_PIPE2 = 293,
};
enum { LINUX_EAGAIN = 11, LINUX_EINTR = 4 };
enum { LINUX_FUTEX_WAIT = 0 };
/* Ref: include/uapi/linux/sched.h. What a C library's pthread_create passes, less the
 * TLS and parent-tid settings a thread that only exits has no use for. */
enum {
    LINUX_CLONE_VM = 0x100,
    LINUX_CLONE_FS = 0x200,
    LINUX_CLONE_FILES = 0x400,
    LINUX_CLONE_SIGHAND = 0x800,
    LINUX_CLONE_THREAD = 0x10000,
    LINUX_CLONE_SYSVSEM = 0x40000,
    LINUX_CLONE_CHILD_CLEARTID = 0x200000,
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

static inline long linux_syscall1(long number, long a) { return linux_syscall6(number, a, 0, 0, 0, 0, 0); }

/* The environment this program received, passed on to the programs it starts. */
static char** g_environment;

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

long bench_fd_read(int fd, void* buffer, size_t size)
{
    return linux_syscall6(LINUX_READ, fd, (long)buffer, (long)size, 0, 0, 0);
}

long bench_fd_write(int fd, const void* buffer, size_t size)
{
    return linux_syscall6(LINUX_WRITE, fd, (long)buffer, (long)size, 0, 0, 0);
}

/* Waits for a child and collects it; 0 when it exited with status 0. */
static int collect(long pid)
{
    int status = -1;
    long result;
    do
        result = linux_syscall6(LINUX_WAIT4, pid, (long)&status, 0, 0, 0, 0);
    while (result == -LINUX_EINTR);
    return result == pid && status == 0 ? 0 : -1;
}

/* vfork, then execve in the child, as a C library's posix_spawn does (it uses clone with
 * CLONE_VM|CLONE_VFORK, the same thing). The child runs on this process's stack until
 * execve replaces it, so its side is asm that touches no memory: rdi, rsi and rdx still
 * hold path, argv and envp when vfork returns there. */
int bench_run_program(const char* path)
{
    char* argv[] = { (char*)path, 0 };
    long pid;
    __asm__ volatile("syscall\n" /* vfork */
                     "testq %%rax, %%rax\n"
                     "jnz 1f\n"
                     "movl %[execve], %%eax\n"
                     "syscall\n"
                     "movl %[exit], %%eax\n" /* execve failed */
                     "movl $127, %%edi\n"
                     "syscall\n"
                     "1:\n"
                     : "=a"(pid)
                     : "a"((long)LINUX_VFORK), "D"(path), "S"(argv), "d"(g_environment),
                     [execve] "i"(LINUX_EXECVE), [exit] "i"(LINUX_EXIT)
                     : "rcx", "r11", "memory");
    if (pid < 0)
        return -1;
    return collect(pid);
}

int bench_partner_start(struct BenchPartner* partner, const char* role, BenchPartnerMain partner_main)
{
    (void)role; /* a fork runs partner_main directly */
    int to[2], from[2];
    if (linux_syscall6(LINUX_PIPE2, (long)to, 0, 0, 0, 0, 0) != 0)
        return -1;
    if (linux_syscall6(LINUX_PIPE2, (long)from, 0, 0, 0, 0, 0) != 0) {
        linux_syscall1(LINUX_CLOSE, to[0]);
        linux_syscall1(LINUX_CLOSE, to[1]);
        return -1;
    }
    const long pid = linux_syscall0(LINUX_FORK);
    if (pid == 0) {
        linux_syscall1(LINUX_CLOSE, to[1]);
        linux_syscall1(LINUX_CLOSE, from[0]);
        bench_exit(partner_main(to[0], from[1]));
    }
    linux_syscall1(LINUX_CLOSE, to[0]);
    linux_syscall1(LINUX_CLOSE, from[1]);
    if (pid < 0) {
        linux_syscall1(LINUX_CLOSE, to[1]);
        linux_syscall1(LINUX_CLOSE, from[0]);
        return -1;
    }
    partner->pid = pid;
    partner->to_partner = to[1];
    partner->from_partner = from[0];
    return 0;
}

int bench_partner_stop(struct BenchPartner* partner)
{
    linux_syscall1(LINUX_CLOSE, partner->to_partner);
    const int result = collect(partner->pid);
    linux_syscall1(LINUX_CLOSE, partner->from_partner);
    return result;
}

/* clone for a thread that exits at once: the new thread returns from the syscall with
 * rax 0 on `stack_top` and calls exit (this thread only) before touching memory. As it
 * exits, the kernel writes 0 to the CLONE_CHILD_CLEARTID word and wakes a futex waiter
 * there (what pthread_join waits for). */
int bench_thread_start_exiting(struct BenchThread* thread)
{
    thread->word = 1;
    const long flags = LINUX_CLONE_VM | LINUX_CLONE_FS | LINUX_CLONE_FILES | LINUX_CLONE_SIGHAND | LINUX_CLONE_THREAD
        | LINUX_CLONE_SYSVSEM | LINUX_CLONE_CHILD_CLEARTID;
    long result;
    register long child_tid __asm__("r10") = (long)&thread->word;
    register long tls __asm__("r8") = 0;
    __asm__ volatile("syscall\n" /* clone(flags, stack, parent_tid, child_tid, tls) */
                     "testq %%rax, %%rax\n"
                     "jnz 1f\n"
                     "movl %[exit], %%eax\n" /* the new thread */
                     "xorl %%edi, %%edi\n"
                     "syscall\n"
                     "ud2\n"
                     "1:\n"
                     : "=a"(result)
                     : "a"((long)LINUX_CLONE), "D"(flags), "S"(thread->stack_top), "d"(0L), "r"(child_tid), "r"(tls),
                     [exit] "i"(LINUX_EXIT)
                     : "rcx", "r11", "memory");
    return result > 0 ? 0 : -1;
}

int bench_thread_join(struct BenchThread* thread)
{
    uint32_t seen;
    while ((seen = __atomic_load_n(&thread->word, __ATOMIC_ACQUIRE)) != 0) {
        /* Not FUTEX_PRIVATE: the kernel's wake at thread exit is a shared one. */
        const long result = linux_syscall6(LINUX_FUTEX, (long)&thread->word, LINUX_FUTEX_WAIT, seen, 0, 0, 0);
        if (result != 0 && result != -LINUX_EAGAIN && result != -LINUX_EINTR)
            return -1;
    }
    return 0;
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
    g_environment = argv + argc + 1;
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
