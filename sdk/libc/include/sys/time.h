/* <sys/time.h>: POSIX's struct timeval and gettimeofday (obsolescent, kept for ports).
 * The time zone argument is ignored: Tessera has none (time.h). */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <time.h>

typedef long suseconds_t;

struct timeval {
    time_t tv_sec;
    suseconds_t tv_usec; /* 0 .. 999,999 */
};

int gettimeofday(struct timeval* restrict out, void* restrict zone);

#endif
