/* Threads and futexes on Tessera (OsThreads.h): thread_create, thread_exit, futex_wait,
 * futex_wake, yield and mprotect from <tessera/syscall.h>. Tessera's error numbers are
 * errno.h's, so negative results pass through unchanged. */
#include <tessera/syscall.h>

#include "OsThreads.h"

long __os_thread_create(void (*entry)(void*), void* stack_top, void* argument)
{
    /* The kernel starts the thread with rsp at the given address, as if the entry had
     * been called: one (unused) return-address slot below the 16-byte-aligned top. */
    return ts_thread_create((long)entry, (long)stack_top - 8, (long)argument);
}

_Noreturn void __os_thread_exit(void)
{
    for (;;)
        ts_thread_exit();
}

_Noreturn void __os_thread_exit_and_wake(int* word, int value)
{
    /* One asm block, registers only: after the store nothing reads or writes user
     * memory, so a joiner may unmap this thread's stack as soon as it sees the value.
     * The stores before it (the thread's result) are ordered before it by x86-64's
     * store ordering and by the "memory" clobber for the compiler. */
    __asm__ volatile("movl %%esi, (%%rdi)\n\t"
                     "movl %[wake], %%eax\n\t"
                     "movl $0x7fffffff, %%esi\n\t"
                     "syscall\n\t"
                     "1:\n\t"
                     "movl %[exit], %%eax\n\t"
                     "syscall\n\t"
                     "jmp 1b"
                     :
                     : "D"(word), "S"(value), [wake] "i"(SYS_futex_wake), [exit] "i"(SYS_thread_exit)
                     : "rax", "rcx", "r11", "memory");
    __builtin_unreachable();
}

long __os_futex_wait(int* address, int expected, long long timeout_ns)
{
    /* The kernel compares the word as 32 bits. */
    return ts_futex_wait((long)address, (long)(unsigned)expected, timeout_ns < 0 ? -1 : (long)timeout_ns);
}

long __os_futex_wake(int* address, int count) { return ts_futex_wake((long)address, count); }
long __os_yield(void) { return ts_yield(); }

/* Every Tessera page is readable: a read-only guard still stops the writes of a stack
 * overflow (pushes, calls, locals being written). */
long __os_guard(void* address, size_t size) { return ts_mprotect((long)address, (long)size, TS_PROT_READ); }
