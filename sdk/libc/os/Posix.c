/* The POSIX subset (unistd.h) on the OS layer: errors become -1 and errno. */
#include <errno.h>
#include <unistd.h>

#include "Os.h"

static long check(long result)
{
    if (result < 0) {
        errno = (int)-result;
        return -1;
    }
    return result;
}

ssize_t read(int fd, void* buffer, size_t size) { return check(__os_read(fd, buffer, size)); }
ssize_t write(int fd, const void* buffer, size_t size) { return check(__os_write(fd, buffer, size)); }
int close(int fd) { return (int)check(__os_close(fd)); }
off_t lseek(int fd, off_t offset, int whence) { return check(__os_seek(fd, offset, whence)); }
