/* OsThreads.h: the OS layer's threads and futexes, beside Os.h, for <threads.h> and the
 * libc's internal locks (libc/threads). Tessera: system calls (os/TesseraThreads.c);
 * Linux host tests: raw clone, futex, sched_yield, mprotect and exit
 * (os/LinuxThreads.c, os/LinuxThreads.S). Internal to the libc; not installed. Errors
 * come back as negative errno values (errno.h's numbering). */
#ifndef TESSERA_LIBC_OS_THREADS_H
#define TESSERA_LIBC_OS_THREADS_H

#include <stddef.h>

/* Starts a thread in this process running entry(argument) on the stack that ends at
 * `stack_top` (16-byte aligned; entry sees the ABI's alignment, as if called). entry
 * must never return: it ends with __os_thread_exit or __os_thread_exit_and_wake. The
 * new thread's thread pointer is unspecified until it sets its own. Returns a positive
 * id or a negative error. */
long __os_thread_create(void (*entry)(void*), void* stack_top, void* argument);

/* Ends the calling thread (not the process: the others go on). */
_Noreturn void __os_thread_exit(void);

/* Stores `value` into *word, wakes every futex waiter on it and ends the calling
 * thread, touching no memory (its stack included) after the store: once a waiter sees
 * `value`, it may unmap the stack and thread-local storage the caller was using. */
_Noreturn void __os_thread_exit_and_wake(int* word, int value);

/* Sleeps while *address holds `expected`, at most timeout_ns nanoseconds (-1: no
 * limit). 0 when woken (or spuriously), -EAGAIN if the word differed, -ETIMEDOUT,
 * -EINTR. */
long __os_futex_wait(int* address, int expected, long long timeout_ns);

/* Wakes up to `count` waiters on the word; returns how many (or a negative error). */
long __os_futex_wake(int* address, int count);

/* Gives the processor to another runnable thread, if any. */
long __os_yield(void);

/* Makes [address, address + size) (page-aligned, mapped) a stack guard: writes fault
 * there, and reads too where the OS has inaccessible pages (Linux; Tessera pages are
 * always readable, so its guard is read-only). */
long __os_guard(void* address, size_t size);

#endif
