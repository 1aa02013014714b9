/* LinuxCall: the raw Linux x86-64 system call and the errno translation every file of
 * the libc's Linux layer (os/Linux*.c, host tests only) shares. Internal; not installed. */
#ifndef TESSERA_LIBC_LINUX_CALL_H
#define TESSERA_LIBC_LINUX_CALL_H

/* A system call: number in rax, arguments in rdi, rsi, rdx, r10, r8, r9; the result, or
 * a negative Linux errno. */
static inline long linux_call(long n, long a, long b, long c, long d, long e, long f)
{
    long result;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
}

/* A result with a Linux errno turned into the libc's (errno.h) negative value; errors
 * the layer never meets become -EINVAL. */
long __linux_error(long result);

/* The common case: at most three arguments, the result in the libc's errno terms. */
static inline long linux_call3(long n, long a, long b, long c) { return __linux_error(linux_call(n, a, b, c, 0, 0, 0)); }

#endif
