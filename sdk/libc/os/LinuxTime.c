/* The wall clock on the Linux host (OsTime.h), for the libc's tests: a raw
 * clock_gettime(CLOCK_REALTIME) system call, as os/Linux.c makes its calls. */
#include "OsTime.h"

enum { LINUX_CLOCK_GETTIME = 228, LINUX_CLOCK_REALTIME = 0 };

long long __os_wall_clock_ns(void)
{
    long long seconds_and_nanoseconds[2] = { 0, 0 };
    long result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(LINUX_CLOCK_GETTIME), "D"(LINUX_CLOCK_REALTIME), "S"(seconds_and_nanoseconds)
                     : "rcx", "r11", "memory");
    (void)result; /* CLOCK_REALTIME always exists and the buffer is ours */
    return seconds_and_nanoseconds[0] * 1000000000ll + seconds_and_nanoseconds[1];
}
