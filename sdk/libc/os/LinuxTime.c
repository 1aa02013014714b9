/* The wall clock on the Linux host (OsTime.h), for the libc's tests: a raw
 * clock_gettime(CLOCK_REALTIME) system call (LinuxCall.h). */
#include "LinuxCall.h"
#include "OsTime.h"

enum { LINUX_CLOCK_GETTIME = 228, LINUX_CLOCK_REALTIME = 0 };

long long __os_wall_clock_ns(void)
{
    long long seconds_and_nanoseconds[2] = { 0, 0 };
    /* CLOCK_REALTIME always exists and the buffer is ours: the call cannot fail. */
    linux_call(LINUX_CLOCK_GETTIME, LINUX_CLOCK_REALTIME, (long)seconds_and_nanoseconds, 0, 0, 0, 0);
    return seconds_and_nanoseconds[0] * 1000000000ll + seconds_and_nanoseconds[1];
}
