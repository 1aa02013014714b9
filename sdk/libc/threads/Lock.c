/* Lock: the libc's futex lock (the slow paths; the fast ones are inline in
 * ThreadsInternal.h), the recursive lock built on it, and deadline arithmetic.
 *
 * The lock word is 0 (free), 1 (held, nobody waiting) or 2 (held, a waiter may be
 * asleep). A thread that finds the lock taken swaps in 2 before it sleeps, and sleeps
 * only while the word still reads 2; whoever releases a 2 wakes one sleeper, which
 * swaps 2 in again (it cannot know whether others still sleep). Invariants: a sleeper
 * sleeps on the value 2 only, so a release (which stores 0 before it wakes) can never
 * be missed; the word is 2 whenever a thread may be asleep. The cost is an occasional
 * unneeded wake after contention, never a lost one. Ref: Drepper, "Futexes Are
 * Tricky" (2011), mutex 2/3. */
#include <errno.h>

#include "../os/OsThreads.h"
#include "../os/OsTime.h"
#include "ThreadsInternal.h"

void __tl_lock_wait(int* lock)
{
    while (__atomic_exchange_n(lock, 2, __ATOMIC_ACQUIRE) != 0)
        __os_futex_wait(lock, 2, -1);
}

void __tl_lock_wake(int* lock) { __os_futex_wake(lock, 1); }

long long __tl_ns_until(const struct timespec* deadline)
{
    long long now = __os_wall_clock_ns();
    long long seconds = deadline->tv_sec;
    /* Past the year 2262 nanoseconds overflow: such a deadline is as good as never. */
    if (seconds > 9000000000ll)
        return 9000000000ll * 1000000000ll - now;
    long long target = seconds * 1000000000ll + deadline->tv_nsec;
    return target > now ? target - now : 0;
}

int __tl_lock_until(int* lock, const struct timespec* deadline)
{
    if (__tl_trylock(lock))
        return thrd_success;
    while (__atomic_exchange_n(lock, 2, __ATOMIC_ACQUIRE) != 0) {
        long long left = __tl_ns_until(deadline);
        if (left == 0)
            return thrd_timedout; /* the word may stay 2: the holder's release wakes no one */
        __os_futex_wait(lock, 2, left);
    }
    return thrd_success;
}

void __tl_recursive_lock(struct __tl_recursive_lock* lock)
{
    struct __tl_thread* self = thrd_current();
    if (__atomic_load_n(&lock->owner, __ATOMIC_RELAXED) == self) {
        ++lock->depth;
        return;
    }
    __tl_lock(&lock->lock);
    __atomic_store_n(&lock->owner, self, __ATOMIC_RELAXED);
    lock->depth = 1;
}

int __tl_recursive_trylock(struct __tl_recursive_lock* lock)
{
    struct __tl_thread* self = thrd_current();
    if (__atomic_load_n(&lock->owner, __ATOMIC_RELAXED) == self) {
        ++lock->depth;
        return 1;
    }
    if (!__tl_trylock(&lock->lock))
        return 0;
    __atomic_store_n(&lock->owner, self, __ATOMIC_RELAXED);
    lock->depth = 1;
    return 1;
}

void __tl_recursive_unlock(struct __tl_recursive_lock* lock)
{
    if (--lock->depth)
        return;
    __atomic_store_n(&lock->owner, (struct __tl_thread*)0, __ATOMIC_RELAXED);
    __tl_unlock(&lock->lock);
}
