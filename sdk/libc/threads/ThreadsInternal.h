/* ThreadsInternal.h: what the libc's thread support shares inside the libc. Internal;
 * not installed. Layer: libc/threads, on the OS layer (os/Os.h, os/OsThreads.h,
 * os/OsTime.h); used by threads.h's functions, malloc, atexit, stdio and crt/Start.c.
 *
 * - The futex lock (Lock.c): an int that is 0 (free), 1 (held) or 2 (held, and someone
 *   may be sleeping on it). Taking a free lock is one compare-and-swap and releasing an
 *   uncontended one is one exchange: no system call unless threads really collide.
 * - The recursive lock (Lock.c): the futex lock plus an owner and a depth, for stdio's
 *   streams, whose functions call each other.
 * - Thread-local storage (Tls.c): the PT_TLS image, found once at start, copied into a
 *   block for each thread.
 * - The thread record (Thread.c) and tss destructors (Tss.c). */
#ifndef TESSERA_LIBC_THREADS_INTERNAL_H
#define TESSERA_LIBC_THREADS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <threads.h>

/* --- the futex lock ------------------------------------------------------------------ */

void __tl_lock_wait(int* lock);
void __tl_lock_wake(int* lock);

static inline void __tl_lock(int* lock)
{
    int expected = 0;
    if (!__atomic_compare_exchange_n(lock, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        __tl_lock_wait(lock);
}

static inline int __tl_trylock(int* lock)
{
    int expected = 0;
    return __atomic_compare_exchange_n(lock, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void __tl_unlock(int* lock)
{
    /* 2 means a thread may be asleep (or about to sleep) on the word: wake one. */
    if (__atomic_exchange_n(lock, 0, __ATOMIC_RELEASE) == 2)
        __tl_lock_wake(lock);
}

/* Takes the lock before the absolute TIME_UTC deadline: thrd_success or thrd_timedout. */
int __tl_lock_until(int* lock, const struct timespec* deadline);

/* Nanoseconds from now until a TIME_UTC deadline; 0 if it has passed. */
long long __tl_ns_until(const struct timespec* deadline);

/* --- the recursive lock -------------------------------------------------------------- */

struct __tl_recursive_lock {
    int lock;
    unsigned depth;              /* only the owner reads or writes it */
    struct __tl_thread* owner;   /* atomic: others compare it with themselves */
};

void __tl_recursive_lock(struct __tl_recursive_lock* lock);
int __tl_recursive_trylock(struct __tl_recursive_lock* lock);
void __tl_recursive_unlock(struct __tl_recursive_lock* lock);

/* --- thread-local storage ------------------------------------------------------------ */

/* Finds the executable's PT_TLS segment through the auxiliary vector, builds the main
 * thread's block and sets the thread pointer (crt/Start.c, before anything else). */
void __tl_tls_init_main(const uint64_t* auxv);
/* Bytes a thread's TLS area needs (block, alignment slack, TCB), a multiple of 64. */
size_t __tl_tls_area_size(void);
/* Lays out a fresh TLS block in `area` (__tl_tls_area_size() bytes, any alignment: the
 * size counts the slack) and returns the thread pointer to give that thread. */
void* __tl_tls_build(unsigned char* area);

/* --- threads ------------------------------------------------------------------------- */

enum { THREAD_JOINABLE, THREAD_DETACHED, THREAD_EXITING };

struct __tl_thread {
    int done;          /* futex word: 1 once the thread has ended (its last store) */
    int detach_state;  /* THREAD_*: decides, exactly once, who frees the mapping */
    int result;        /* written before `done` */
    thrd_start_t function;
    void* argument;
    void* thread_pointer;
    void* mapping;     /* guard page, stack, this record, TLS; NULL for the main thread */
    size_t mapping_size;
    struct __tl_thread* next_zombie; /* on the zombie list, under its lock */
};

/* tss destructors of the calling thread (thrd_exit), up to TSS_DTOR_ITERATIONS rounds. */
void __tl_tss_run_destructors(void);

#endif
