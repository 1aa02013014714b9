/* Stream.h: the FILE structure, shared by the stdio files. Internal to the libc.
 *
 * Locking: every stream has a recursive lock (libc/threads), taken by each public
 * function for its whole run (so one printf's output stays together, and functions
 * calling one another need no unlocked twins). __tl_put and __tl_get expect it held.
 * The table of open streams has its own lock (File.c); the order is table, then a
 * stream, and reading stdin takes stdout's lock inside stdin's (for the flush before a
 * read). */
#ifndef TESSERA_LIBC_STREAM_H
#define TESSERA_LIBC_STREAM_H

#include <stddef.h>
#include <stdio.h>

#include "../threads/ThreadsInternal.h"

enum { FILE_READ = 1, FILE_WRITE = 2, FILE_OWNS_BUFFER = 4, FILE_ALLOCATED = 8 };
enum { DIRECTION_NONE, DIRECTION_READ, DIRECTION_WRITE };
#define EMFILE_OR_NOSPACE ENOSPC

struct __tl_file {
    int fd;
    unsigned flags;
    int mode;       /* _IOFBF, _IOLBF, _IONBF */
    int direction;  /* what the buffer holds */
    unsigned char* buffer;
    size_t capacity;
    size_t position; /* reading: next byte */
    size_t length;   /* reading: bytes read ahead; writing: bytes waiting */
    int unget;       /* a pushed-back byte, or EOF */
    int eof, error;
    struct __tl_recursive_lock lock;
};

static inline void __tl_file_lock(FILE* f) { __tl_recursive_lock(&f->lock); }
static inline void __tl_file_unlock(FILE* f) { __tl_recursive_unlock(&f->lock); }

int __tl_put(FILE* f, const char* data, size_t size);
int __tl_get(FILE* f);
int __tl_flush_output(FILE* f);
int __tl_prepare_write(FILE* f);

#endif
