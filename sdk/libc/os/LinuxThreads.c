/* Threads and futexes on the Linux host (OsThreads.h), for the libc's tests: raw
 * system calls, as os/Linux.c makes its own. A thread is a clone sharing everything a
 * POSIX thread shares (os/LinuxThreads.S does the clone itself: the child starts on a
 * new stack, which C cannot express); futexes are the private FUTEX_WAIT/FUTEX_WAKE with
 * relative timeouts; a thread ends with exit (exit_group would end the process). */
#include <errno.h>

#include "LinuxCall.h"
#include "OsThreads.h"

enum {
    LINUX_MPROTECT = 10, LINUX_SCHED_YIELD = 24, LINUX_EXIT = 60, LINUX_FUTEX = 202,
    LINUX_FUTEX_WAIT_PRIVATE = 128 | 0, LINUX_FUTEX_WAKE_PRIVATE = 128 | 1,
    /* CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM */
    LINUX_CLONE_THREAD_FLAGS = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000,
};

long __linux_clone_thread(long flags, void* stack_top, void (*entry)(void*), void* argument);


long __os_thread_create(void (*entry)(void*), void* stack_top, void* argument)
{
    return __linux_error(__linux_clone_thread(LINUX_CLONE_THREAD_FLAGS, stack_top, entry, argument));
}

_Noreturn void __os_thread_exit(void)
{
    for (;;)
        linux_call(LINUX_EXIT, 0, 0, 0, 0, 0, 0);
}

_Noreturn void __os_thread_exit_and_wake(int* word, int value)
{
    /* Registers only after the store (see OsThreads.h): the joiner may unmap the stack
     * the moment it sees the value. */
    __asm__ volatile("movl %%esi, (%%rdi)\n\t"
                     "movl %[futex], %%eax\n\t"
                     "movl %[wake], %%esi\n\t"
                     "movl $0x7fffffff, %%edx\n\t"
                     "syscall\n\t"
                     "1:\n\t"
                     "movl %[exit], %%eax\n\t"
                     "xorl %%edi, %%edi\n\t"
                     "syscall\n\t"
                     "jmp 1b"
                     :
                     : "D"(word), "S"(value), [futex] "i"(LINUX_FUTEX), [wake] "i"(LINUX_FUTEX_WAKE_PRIVATE),
                     [exit] "i"(LINUX_EXIT)
                     : "rax", "rcx", "rdx", "r11", "memory");
    __builtin_unreachable();
}

long __os_futex_wait(int* address, int expected, long long timeout_ns)
{
    long long timeout[2];
    long long* limit = 0;
    if (timeout_ns >= 0) {
        timeout[0] = timeout_ns / 1000000000ll;
        timeout[1] = timeout_ns % 1000000000ll;
        limit = timeout;
    }
    return __linux_error(linux_call(LINUX_FUTEX, (long)address, LINUX_FUTEX_WAIT_PRIVATE, expected, (long)limit, 0, 0));
}

long __os_futex_wake(int* address, int count)
{
    return linux_call3(LINUX_FUTEX, (long)address, LINUX_FUTEX_WAKE_PRIVATE, count);
}

long __os_yield(void) { return linux_call3(LINUX_SCHED_YIELD, 0, 0, 0); }
long __os_guard(void* address, size_t size) { return linux_call3(LINUX_MPROTECT, (long)address, (long)size, 0); }
