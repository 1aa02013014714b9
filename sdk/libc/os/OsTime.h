/* OsTime.h: the OS layer's wall clock, beside Os.h (which has the monotonic clock and
 * sleeping). Tessera: the wall_clock system call (os/TesseraTime.c); Linux host tests:
 * clock_gettime(CLOCK_REALTIME) (os/LinuxTime.c). Internal to the libc; not installed. */
#ifndef TESSERA_LIBC_OS_TIME_H
#define TESSERA_LIBC_OS_TIME_H

/* Nanoseconds since 1970-01-01 00:00:00 UTC, leap seconds not counted (POSIX time). On
 * Tessera: the RTC's reading at boot carried forward by the monotonic clock, or the
 * uptime alone if the machine had no readable RTC. */
long long __os_wall_clock_ns(void);

#endif
