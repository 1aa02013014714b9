/* <tessera/syscall.h>: Tessera's system calls as inline functions, one per entry of
 * <tessera/SyscallList.h> (the kernel's own list, installed with the SDK): ts_<name>,
 * returning the result or -(TS_E* error). Most programs use the libc instead. */
#ifndef TESSERA_SYSCALL_H
#define TESSERA_SYSCALL_H

#include <tessera/SyscallList.h>

enum {
#define TS_SYSCALL_NUMBER(number, name, count) SYS_##name = number,
    TS_SYSCALLS(TS_SYSCALL_NUMBER)
#undef TS_SYSCALL_NUMBER
};

static inline long ts_syscall6(long n, long a, long b, long c, long d, long e, long f)
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

#define TS_STUB_0(name) static inline long ts_##name(void) { return ts_syscall6(SYS_##name, 0, 0, 0, 0, 0, 0); }
#define TS_STUB_1(name) static inline long ts_##name(long a) { return ts_syscall6(SYS_##name, a, 0, 0, 0, 0, 0); }
#define TS_STUB_2(name) \
    static inline long ts_##name(long a, long b) { return ts_syscall6(SYS_##name, a, b, 0, 0, 0, 0); }
#define TS_STUB_3(name) \
    static inline long ts_##name(long a, long b, long c) { return ts_syscall6(SYS_##name, a, b, c, 0, 0, 0); }
#define TS_STUB_4(name)                                                                        \
    static inline long ts_##name(long a, long b, long c, long d)                                 \
    {                                                                                            \
        return ts_syscall6(SYS_##name, a, b, c, d, 0, 0);                                        \
    }
#define TS_STUB_6(name) \
    static inline long ts_##name(long a, long b, long c, long d, long e, long f) \
    { return ts_syscall6(SYS_##name, a, b, c, d, e, f); }
#define TS_SYSCALL_STUB(number, name, count) TS_STUB_##count(name)
TS_SYSCALLS(TS_SYSCALL_STUB)
#undef TS_SYSCALL_STUB

#endif
