/* The wall clock on Tessera (OsTime.h): one system call. The kernel reads the RTC at
 * boot and carries it forward with its monotonic clock (kernel/syscalls/ProcessCalls.cpp). */
#include <tessera/syscall.h>

#include "OsTime.h"

long long __os_wall_clock_ns(void) { return ts_wall_clock(); }
