/* <time.h>: C17 §7.27 with the POSIX clocks (clock_gettime, clock_getres, nanosleep).
 * Tessera has no time zones: local time is UTC, so localtime is gmtime and mktime is
 * timegm, tm_isdst is always 0, strftime's %z is "+0000" and %Z "UTC". time_t counts
 * seconds since 1970-01-01 00:00:00 UTC in 64 bits (leap seconds not counted); the
 * calendar is the proleptic Gregorian one, before 1970 too. clock() is not processor
 * time (Tessera keeps no per-process accounts) but the monotonic time since the
 * program's first call to clock(). docs/sdk/time.md. */
#ifndef _TIME_H
#define _TIME_H

#include <stddef.h>

#define CLOCKS_PER_SEC ((clock_t)1000000)
#define TIME_UTC 1

/* POSIX clocks: the wall clock, and the time since boot, which never steps. */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

typedef long long time_t;
typedef long clock_t;
typedef int clockid_t;

struct timespec {
    time_t tv_sec;
    long tv_nsec; /* 0 .. 999,999,999 */
};

struct tm {
    int tm_sec;   /* 0 .. 60 */
    int tm_min;   /* 0 .. 59 */
    int tm_hour;  /* 0 .. 23 */
    int tm_mday;  /* 1 .. 31 */
    int tm_mon;   /* 0 .. 11, January 0 */
    int tm_year;  /* years since 1900 */
    int tm_wday;  /* 0 .. 6, Sunday 0 */
    int tm_yday;  /* 0 .. 365, January 1st 0 */
    int tm_isdst; /* always 0: no daylight saving time */
    long tm_gmtoff; /* seconds east of UTC: always 0 (a BSD and GNU extension) */
    const char* tm_zone; /* "UTC" (likewise) */
};

clock_t clock(void);
double difftime(time_t end, time_t start);
time_t mktime(struct tm* time);
time_t timegm(struct tm* time);
time_t time(time_t* out);
int timespec_get(struct timespec* out, int base);

char* asctime(const struct tm* time);
char* ctime(const time_t* time);
struct tm* gmtime(const time_t* time);
struct tm* localtime(const time_t* time);
struct tm* gmtime_r(const time_t* restrict time, struct tm* restrict out);
struct tm* localtime_r(const time_t* restrict time, struct tm* restrict out);
size_t strftime(char* restrict out, size_t size, const char* restrict format, const struct tm* restrict time);

int clock_gettime(clockid_t clock, struct timespec* out);
int clock_getres(clockid_t clock, struct timespec* out);
/* Sleeps at least `duration` on the monotonic clock. Interrupted by a note: -1, EINTR,
 * and the time still to sleep in *remaining (if not NULL). */
int nanosleep(const struct timespec* duration, struct timespec* remaining);

#endif
