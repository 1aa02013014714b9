/* Tessera's implementation of the libc's OS layer (Os.h): system calls from
 * <tessera/syscall.h>. Tessera's errors are its own numbers (TS_E*); errno.h uses the
 * same numbering, so a failed call's negative result is already -errno. */
#include <string.h>
#include <tessera/syscall.h>

#include "Os.h"

long __os_write(int fd, const void* buffer, size_t size) { return ts_write(fd, (long)buffer, (long)size); }
long __os_read(int fd, void* buffer, size_t size) { return ts_read(fd, (long)buffer, (long)size); }
long __os_open(const char* path) { return ts_open((long)path, (long)strlen(path)); }
long __os_close(int fd) { return ts_close(fd); }
long __os_seek(int fd, long long offset, int whence) { return ts_seek(fd, (long)offset, whence); }

void* __os_map_anonymous(size_t size)
{
    long zero = ts_open((long)"/dev/const/zero", 15);
    if (zero < 0)
        return 0;
    long address = ts_mmap(0, (long)size, TS_PROT_READ | TS_PROT_WRITE, 0, zero, 0);
    ts_close(zero);
    return address < 0 ? 0 : (void*)address;
}

long __os_unmap(void* address, size_t size) { return ts_munmap((long)address, (long)size); }
long __os_set_thread_pointer(void* pointer) { return ts_set_tls((long)pointer); }
long long __os_clock_ns(void) { return ts_clock(); }
long __os_sleep_ns(long long ns) { return ts_sleep(ns); }

_Noreturn void __os_exit_status(const char* status)
{
    ts_exit((long)status, (long)strlen(status));
    __builtin_unreachable();
}
