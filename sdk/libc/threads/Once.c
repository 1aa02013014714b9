/* Once: call_once (C17 §7.26.2.1). The flag is 0 (not run), 1 (running) or 2 (done).
 * The thread that moves it from 0 to 1 runs the function, stores 2 and wakes everyone;
 * the others sleep while it reads 1. Done is checked with one acquire load, so later
 * calls cost nothing and see everything the function wrote. */
#include <limits.h>

#include "../os/OsThreads.h"
#include "ThreadsInternal.h"

void call_once(once_flag* flag, void (*function)(void))
{
    if (__atomic_load_n(&flag->__state, __ATOMIC_ACQUIRE) == 2)
        return;
    int expected = 0;
    if (__atomic_compare_exchange_n(&flag->__state, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
        function();
        __atomic_store_n(&flag->__state, 2, __ATOMIC_RELEASE);
        __os_futex_wake(&flag->__state, INT_MAX);
        return;
    }
    while (__atomic_load_n(&flag->__state, __ATOMIC_ACQUIRE) != 2)
        __os_futex_wait(&flag->__state, 1, -1);
}
