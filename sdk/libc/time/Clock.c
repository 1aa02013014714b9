/* The clocks (C17 §7.27.2.1, .4, .5; POSIX clock_gettime, clock_getres, nanosleep,
 * gettimeofday) on the OS layer: the wall clock (OsTime.h) and the monotonic clock and
 * sleep (Os.h). Errors: -1 and errno. */
#include <errno.h>
#include <sys/time.h>
#include <time.h>

#include "../os/Os.h"
#include "../os/OsTime.h"
#include "Calendar.h"

#define NANOSECONDS 1000000000ll

static struct timespec from_ns(long long ns)
{
    struct timespec result = { floor_div(ns, NANOSECONDS), (long)floor_mod(ns, NANOSECONDS) };
    return result;
}

time_t time(time_t* out)
{
    time_t now = floor_div(__os_wall_clock_ns(), NANOSECONDS);
    if (out)
        *out = now;
    return now;
}

/* Tessera keeps no processor time per process, so clock() measures monotonic time from
 * the program's first call: differences between two calls are what programs use. The
 * first caller to arrive sets the start; racing threads agree on one. */
clock_t clock(void)
{
    static long long g_start_ns = -1;
    long long now = __os_clock_ns();
    long long start = -1;
    if (!__atomic_compare_exchange_n(&g_start_ns, &start, now, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        now = now < start ? start : now;
    else
        start = now;
    return (clock_t)((now - start) / (NANOSECONDS / CLOCKS_PER_SEC));
}

int timespec_get(struct timespec* out, int base)
{
    if (base != TIME_UTC)
        return 0;
    *out = from_ns(__os_wall_clock_ns());
    return base;
}

int clock_gettime(clockid_t clock, struct timespec* out)
{
    switch (clock) {
    case CLOCK_REALTIME: *out = from_ns(__os_wall_clock_ns()); return 0;
    case CLOCK_MONOTONIC: *out = from_ns(__os_clock_ns()); return 0;
    default: errno = EINVAL; return -1;
    }
}

/* Both clocks count nanoseconds (the calibrated TSC on Tessera). */
int clock_getres(clockid_t clock, struct timespec* out)
{
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC) {
        errno = EINVAL;
        return -1;
    }
    if (out) {
        out->tv_sec = 0;
        out->tv_nsec = 1;
    }
    return 0;
}

/* The deadline is on the monotonic clock; a sleep that ends early without being
 * interrupted (a timer firing a little ahead) sleeps again for the rest. */
int nanosleep(const struct timespec* duration, struct timespec* remaining)
{
    if (duration->tv_nsec < 0 || duration->tv_nsec >= NANOSECONDS || duration->tv_sec < 0) {
        errno = EINVAL;
        return -1;
    }
    long long total;
    if (__builtin_mul_overflow(duration->tv_sec, NANOSECONDS, &total)
        || __builtin_add_overflow(total, duration->tv_nsec, &total))
        total = __LONG_LONG_MAX__;
    long long start = __os_clock_ns();
    long long deadline = total > __LONG_LONG_MAX__ - start ? __LONG_LONG_MAX__ : start + total;
    for (long long now = start; now < deadline; now = __os_clock_ns()) {
        long result = __os_sleep_ns(deadline - now);
        if (result == -EINTR) {
            if (remaining) {
                long long left = deadline - __os_clock_ns();
                *remaining = from_ns(left > 0 ? left : 0);
            }
            errno = EINTR;
            return -1;
        }
        if (result < 0) {
            errno = (int)-result;
            return -1;
        }
    }
    return 0;
}

int gettimeofday(struct timeval* restrict out, void* restrict zone)
{
    (void)zone; /* no time zones */
    struct timespec now = from_ns(__os_wall_clock_ns());
    out->tv_sec = now.tv_sec;
    out->tv_usec = now.tv_nsec / 1000;
    return 0;
}
