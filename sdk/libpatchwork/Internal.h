/* libpatchwork's internals, shared by its files; not installed. */
#ifndef PATCHWORK_INTERNAL_H
#define PATCHWORK_INTERNAL_H

#include <stdarg.h>

/* A system call's result as the libc reports it: negative becomes -1 with errno set. */
long pw_result(long result);
/* Opens a NUL-terminated path (flags included); the descriptor or -1. Through the libc's
 * OS layer (libpatchwork ships with the libc), so the portable helpers also run on the
 * libc's Linux layer, which understands Tessera's path flags, for the host tests. */
long pw_open(const char* path);
long __os_open(const char* path);
/* ctl() with a va_list. */
int pw_vctl(const char* path, const char* format, va_list args);

#endif
