/* <threads.h>: C17 §7.26 threads, mutexes, condition variables, thread-specific
 * storage and call_once. Every thread has its own stack (1 MiB, with a guard page
 * below it) and its own copy of the program's thread-local storage; mutexes and
 * condition variables sleep on futexes. Timed waits take absolute TIME_UTC times
 * (timespec_get). docs/sdk/threads.md. */
#ifndef _THREADS_H
#define _THREADS_H

#include <time.h>

#ifndef __cplusplus
#define thread_local _Thread_local
#endif

#define ONCE_FLAG_INIT { 0 }
#define TSS_DTOR_ITERATIONS 4

enum {
    thrd_success = 0,
    thrd_busy = 1,
    thrd_error = 2,
    thrd_nomem = 3,
    thrd_timedout = 4,
};

enum {
    mtx_plain = 0,
    mtx_recursive = 1,
    mtx_timed = 2,
};

struct __tl_thread;
typedef struct __tl_thread* thrd_t;
typedef int (*thrd_start_t)(void*);

/* The fields are the implementation's; programs use the functions. */
typedef struct {
    int __state;          /* 0 unlocked, 1 locked, 2 locked and perhaps waited for */
    int __type;           /* mtx_plain/mtx_timed, | mtx_recursive */
    struct __tl_thread* __owner; /* recursive mutexes: the holder */
    unsigned __depth;     /* recursive mutexes: how many times the holder locked */
} mtx_t;

typedef struct {
    int __sequence; /* advances at every signal and broadcast: the futex word */
    int __waiters;  /* threads between reading __sequence and leaving the wait */
} cnd_t;

typedef unsigned tss_t;
typedef void (*tss_dtor_t)(void*);

typedef struct {
    int __state; /* 0 not run, 1 running, 2 done */
} once_flag;

int thrd_create(thrd_t* thread, thrd_start_t function, void* argument);
int thrd_join(thrd_t thread, int* result);
int thrd_detach(thrd_t thread);
_Noreturn void thrd_exit(int result);
thrd_t thrd_current(void);
int thrd_equal(thrd_t a, thrd_t b);
void thrd_yield(void);
int thrd_sleep(const struct timespec* duration, struct timespec* remaining);

int mtx_init(mtx_t* mutex, int type);
int mtx_lock(mtx_t* mutex);
int mtx_trylock(mtx_t* mutex);
int mtx_timedlock(mtx_t* restrict mutex, const struct timespec* restrict deadline);
int mtx_unlock(mtx_t* mutex);
void mtx_destroy(mtx_t* mutex);

int cnd_init(cnd_t* condition);
int cnd_signal(cnd_t* condition);
int cnd_broadcast(cnd_t* condition);
int cnd_wait(cnd_t* condition, mtx_t* mutex);
int cnd_timedwait(cnd_t* restrict condition, mtx_t* restrict mutex, const struct timespec* restrict deadline);
void cnd_destroy(cnd_t* condition);

int tss_create(tss_t* key, tss_dtor_t destructor);
void* tss_get(tss_t key);
int tss_set(tss_t key, void* value);
void tss_delete(tss_t key);

void call_once(once_flag* flag, void (*function)(void));

#endif
