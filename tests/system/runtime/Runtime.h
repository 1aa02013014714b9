/* Runtime: the smallest user-space runtime that runs Tessera's system-test programs:
 * the SDK's syscall stubs, a few string functions and output helpers. Kept apart from
 * the SDK's libc on purpose: the kernel's system tests must not depend on the libc they
 * will later help to test. */
#ifndef TESSERA_TEST_RUNTIME_H
#define TESSERA_TEST_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

/* The system calls as ts_<name>(...): the SDK's header, over the kernel's list (both
 * copied into the build's include/tessera/ by tests/system/CMakeLists.txt). */
#include <tessera/syscall.h>

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
