/* malloc, calloc, realloc, aligned_alloc, free (C17 §7.22.3).
 *
 * Small blocks (up to 2 KiB) come from eight power-of-two size classes, 16 bytes to
 * 2 KiB, each a free list refilled by slicing a 64 KiB chunk of anonymous memory; freed
 * small blocks go back on their class's list (memory is reused, never returned). Larger
 * blocks, and blocks aligned beyond 16 bytes, are mappings of their own, returned to the
 * kernel by free. Every block has a 16-byte header just before it:
 *   small: { class index (0..7), 0 }      large: { mapping base, mapping size }
 * (a mapping base is never below 4096, so the first word tells the kinds apart).
 * One lock guards the lists (the libc's futex lock: an uncontended take and release is
 * one atomic instruction each; a thread that finds it taken sleeps rather than spins,
 * which matters on one CPU, where a spinning waiter would burn the holder's time
 * slice). Threads may allocate concurrently. */
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../os/Os.h"
#include "../threads/ThreadsInternal.h"

#define CLASSES 8
#define SMALLEST 16
#define LARGEST (SMALLEST << (CLASSES - 1))
#define CHUNK (64 * 1024)
#define HEADER 16

struct header {
    uintptr_t first;
    uintptr_t second;
};

struct free_block {
    struct free_block* next;
};

static int g_lock;
static struct free_block* g_free[CLASSES]; /* under g_lock */

static void lock(void) { __tl_lock(&g_lock); }
static void unlock(void) { __tl_unlock(&g_lock); }

static int class_of(size_t size)
{
    int c = 0;
    size_t block = SMALLEST;
    while (block < size + HEADER)
        block <<= 1, ++c;
    return c;
}

static void* large(size_t size, size_t alignment)
{
    if (size > SIZE_MAX / 2 || alignment > SIZE_MAX / 4) {
        errno = ENOMEM;
        return 0;
    }
    size_t total = (size + HEADER + alignment + 4095) & ~(size_t)4095;
    unsigned char* base = __os_map_anonymous(total);
    if (!base) {
        errno = ENOMEM;
        return 0;
    }
    uintptr_t user = ((uintptr_t)base + HEADER + alignment - 1) & ~(uintptr_t)(alignment - 1);
    struct header* h = (struct header*)(user - HEADER);
    h->first = (uintptr_t)base;
    h->second = total;
    return (void*)user;
}

void* malloc(size_t size)
{
    if (size == 0)
        size = 1;
    if (size + HEADER > LARGEST)
        return large(size, 16);
    int c = class_of(size);
    size_t block = (size_t)SMALLEST << c;
    lock();
    if (!g_free[c]) {
        unlock();
        unsigned char* chunk = __os_map_anonymous(CHUNK);
        if (!chunk) {
            errno = ENOMEM;
            return 0;
        }
        lock();
        for (size_t at = 0; at + block <= CHUNK; at += block) {
            struct free_block* b = (struct free_block*)(chunk + at);
            b->next = g_free[c];
            g_free[c] = b;
        }
    }
    struct free_block* b = g_free[c];
    g_free[c] = b->next;
    unlock();
    struct header* h = (struct header*)b;
    h->first = (uintptr_t)c;
    h->second = 0;
    return (unsigned char*)b + HEADER;
}

static size_t usable(void* p)
{
    struct header* h = (struct header*)((unsigned char*)p - HEADER);
    if (h->first < CLASSES)
        return ((size_t)SMALLEST << h->first) - HEADER;
    return h->first + h->second - (uintptr_t)p;
}

void free(void* p)
{
    if (!p)
        return;
    struct header* h = (struct header*)((unsigned char*)p - HEADER);
    if (h->first >= CLASSES) {
        __os_unmap((void*)h->first, h->second);
        return;
    }
    int c = (int)h->first;
    struct free_block* b = (struct free_block*)h;
    lock();
    b->next = g_free[c];
    g_free[c] = b;
    unlock();
}

void* calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return 0;
    }
    void* p = malloc(count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void* realloc(void* p, size_t size)
{
    if (!p)
        return malloc(size);
    if (size == 0)
        size = 1;
    size_t have = usable(p);
    if (size <= have)
        return p;
    void* q = malloc(size);
    if (!q)
        return 0; /* the old block stays valid, as C requires */
    memcpy(q, p, have);
    free(p);
    return q;
}

void* aligned_alloc(size_t alignment, size_t size)
{
    if (alignment == 0 || (alignment & (alignment - 1))) {
        errno = EINVAL;
        return 0;
    }
    if (alignment <= 16)
        return malloc(size);
    return large(size ? size : 1, alignment);
}
