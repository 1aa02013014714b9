/* Mutex: mtx_t (C17 §7.26.4) on the libc's futex lock (Lock.c, whose comment has the
 * algorithm and its invariants). A recursive mutex also records its holder and how many
 * times it holds it; only the holder changes the depth, and others only compare the
 * holder with themselves, which can never match by accident. Every kind can time out
 * (mtx_timed costs nothing extra). */
#include "ThreadsInternal.h"

static int is_recursive(const mtx_t* mutex) { return mutex->__type & mtx_recursive; }

static int held_by_caller(mtx_t* mutex)
{
    return is_recursive(mutex) && __atomic_load_n(&mutex->__owner, __ATOMIC_RELAXED) == thrd_current();
}

static void now_held(mtx_t* mutex)
{
    if (is_recursive(mutex)) {
        __atomic_store_n(&mutex->__owner, thrd_current(), __ATOMIC_RELAXED);
        mutex->__depth = 1;
    }
}

int mtx_init(mtx_t* mutex, int type)
{
    if (type & ~(mtx_recursive | mtx_timed))
        return thrd_error;
    mutex->__state = 0;
    mutex->__type = type;
    mutex->__owner = 0;
    mutex->__depth = 0;
    return thrd_success;
}

int mtx_lock(mtx_t* mutex)
{
    if (held_by_caller(mutex)) {
        ++mutex->__depth;
        return thrd_success;
    }
    __tl_lock(&mutex->__state);
    now_held(mutex);
    return thrd_success;
}

int mtx_trylock(mtx_t* mutex)
{
    if (held_by_caller(mutex)) {
        ++mutex->__depth;
        return thrd_success;
    }
    if (!__tl_trylock(&mutex->__state))
        return thrd_busy;
    now_held(mutex);
    return thrd_success;
}

int mtx_timedlock(mtx_t* restrict mutex, const struct timespec* restrict deadline)
{
    if (held_by_caller(mutex)) {
        ++mutex->__depth;
        return thrd_success;
    }
    int result = __tl_lock_until(&mutex->__state, deadline);
    if (result == thrd_success)
        now_held(mutex);
    return result;
}

int mtx_unlock(mtx_t* mutex)
{
    if (is_recursive(mutex)) {
        if (!held_by_caller(mutex))
            return thrd_error;
        if (--mutex->__depth)
            return thrd_success;
        __atomic_store_n(&mutex->__owner, (struct __tl_thread*)0, __ATOMIC_RELAXED);
    }
    __tl_unlock(&mutex->__state);
    return thrd_success;
}

void mtx_destroy(mtx_t* mutex) { (void)mutex; /* nothing to free: the mutex is its words */ }
