/* Condition: cnd_t (C17 §7.26.3) as a sequence counter. A waiter reads the counter while
 * it still holds the mutex, releases the mutex and sleeps on the counter's futex as long
 * as the counter still holds what it read; cnd_signal and cnd_broadcast advance the
 * counter, then wake one or every sleeper. A signal that comes after the waiter read the
 * counter changes it, so the futex refuses to sleep (or is woken): no wake-up is lost
 * between the unlock and the sleep. `__waiters` lets a signal with nobody waiting skip
 * the system call: waiters count themselves before reading the counter and signallers
 * read the count after advancing it, both sequentially consistent, so a signaller that
 * reads 0 advanced the counter before any uncounted waiter read it.
 *
 * Properties callers must allow for (C's "endeavors to block" allows both): a waiter can
 * return without a signal (a wake meant for someone else, or the counter moving between
 * its read and its sleep), and a cnd_signal can be taken by a thread that began waiting
 * after it. Wait in a loop on the predicate, as always. The counter wraps after 2^32
 * signals; a waiter would have to sleep through exactly that many to miss one. */
#include <errno.h>
#include <limits.h>

#include "../os/OsThreads.h"
#include "ThreadsInternal.h"

int cnd_init(cnd_t* condition)
{
    condition->__sequence = 0;
    condition->__waiters = 0;
    return thrd_success;
}

static int wake(cnd_t* condition, int count)
{
    __atomic_add_fetch(&condition->__sequence, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&condition->__waiters, __ATOMIC_SEQ_CST))
        __os_futex_wake(&condition->__sequence, count);
    return thrd_success;
}

int cnd_signal(cnd_t* condition) { return wake(condition, 1); }
int cnd_broadcast(cnd_t* condition) { return wake(condition, INT_MAX); }

static int wait(cnd_t* condition, mtx_t* mutex, const struct timespec* deadline)
{
    __atomic_add_fetch(&condition->__waiters, 1, __ATOMIC_SEQ_CST);
    int sequence = __atomic_load_n(&condition->__sequence, __ATOMIC_SEQ_CST);
    /* A recursive mutex is released whole and taken back to the same depth. */
    unsigned depth = mutex->__depth;
    if (mutex->__type & mtx_recursive)
        mutex->__depth = 1;
    if (mtx_unlock(mutex) != thrd_success) {
        __atomic_sub_fetch(&condition->__waiters, 1, __ATOMIC_SEQ_CST);
        return thrd_error;
    }
    int timed_out = 0;
    long long left = deadline ? __tl_ns_until(deadline) : -1;
    if (left == 0)
        timed_out = 1;
    else if (__os_futex_wait(&condition->__sequence, sequence, left) == -ETIMEDOUT)
        timed_out = 1;
    __atomic_sub_fetch(&condition->__waiters, 1, __ATOMIC_SEQ_CST);
    mtx_lock(mutex);
    if (mutex->__type & mtx_recursive)
        mutex->__depth = depth;
    return timed_out ? thrd_timedout : thrd_success;
}

int cnd_wait(cnd_t* condition, mtx_t* mutex) { return wait(condition, mutex, 0); }

int cnd_timedwait(cnd_t* restrict condition, mtx_t* restrict mutex, const struct timespec* restrict deadline)
{
    return wait(condition, mutex, deadline);
}

void cnd_destroy(cnd_t* condition) { (void)condition; /* nothing to free */ }
