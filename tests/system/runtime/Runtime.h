/* Runtime: the smallest user-space runtime that runs Tessera's system-test programs:
 * syscall stubs generated from the kernel's SyscallList.h, a few string functions and
 * output helpers. The SDK's crt0 and libc replace it (issue 6); keep it small. */
#ifndef TESSERA_TEST_RUNTIME_H
#define TESSERA_TEST_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "SyscallList.h"

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

/* One stub per call, its arity from the list. */
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
#define TS_STUB_6(name)                                                                        \
    static inline long ts_##name(long a, long b, long c, long d, long e, long f)                 \
    {                                                                                            \
        return ts_syscall6(SYS_##name, a, b, c, d, e, f);                                        \
    }
#define TS_SYSCALL_STUB(number, name, count) TS_STUB_##count(name)
TS_SYSCALLS(TS_SYSCALL_STUB)
#undef TS_SYSCALL_STUB

size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
void* memcpy(void* d, const void* s, size_t n);
void* memset(void* d, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);

/* Output on descriptor 1. */
void print(const char* text);
/* Appends text or a number to a bounded buffer (always NUL-terminated). */
void append(char* buffer, size_t size, const char* text);
void append_number(char* buffer, size_t size, long value);

/* Opens a NUL-terminated path (flags included). */
long open_path(const char* path);
/* Ends the process with a NUL-terminated status. */
_Noreturn void exit_with(const char* status);

/* Reads a whole small file into buffer (NUL-terminated); returns the length or an error. */
long read_file(const char* path, char* buffer, size_t size);
/* Writes text to a path (opened with its flags); returns bytes written or an error. */
long write_file(const char* path, const char* text);
/* "/proc/<pid>/<leaf>" into buffer. */
void proc_path(char* buffer, size_t size, long pid, const char* leaf);
/* Waits for a child through /proc/<pid>/wait; its status goes into buffer. */
long wait_for(long pid, char* buffer, size_t size);
/* Installs handler for notes (0: none); the runtime ends each handler with note_done. */
long on_note(void (*handler)(const char* note));

/* The environment main's caller received. */
extern char** environ;

int main(int argc, char** argv);

#endif
