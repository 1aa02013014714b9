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

#define PATH(p) (long)(p), (long)strlen(p)
long __os_remove(const char* path) { return ts_remove(PATH(path)); }
long __os_rename(const char* from, const char* to) { return ts_rename(PATH(from), PATH(to)); }
long __os_link(const char* existing, const char* path) { return ts_link(PATH(existing), PATH(path)); }
long __os_symlink(const char* target, const char* path) { return ts_symlink(PATH(target), PATH(path)); }
long __os_readlink(const char* path, char* buffer, size_t size) { return ts_readlink(PATH(path), (long)buffer, (long)size); }
long __os_stat(const char* path, struct ts_stat* out) { return ts_stat(PATH(path), (long)out); }
long __os_fstat(int fd, struct ts_stat* out) { return ts_fstat(fd, (long)out); }
long __os_read_dir(int fd, struct ts_dirent* out) { return ts_read_dir(fd, (long)out); }
long __os_chdir(const char* path) { return ts_chdir(PATH(path)); }

long __os_getcwd(char* buffer, size_t size)
{
    long fd = ts_open((long)"/proc/self/cwd", 14);
    if (fd < 0)
        return fd;
    long n = ts_read(fd, (long)buffer, (long)size);
    ts_close(fd);
    if (n <= 0)
        return n < 0 ? n : -TS_ENOENT;
    if (buffer[n - 1] == '\n')
        --n; /* the file ends the path with a newline */
    return n;
}

/* "/proc/self/env/NAME" plus flags into buffer; 0, or -TS_ETOOBIG. */
static long env_path(char* buffer, size_t size, const char* name, const char* flags)
{
    size_t prefix = 15, length = strlen(name), flag_length = strlen(flags);
    if (prefix + length + flag_length + 1 > size)
        return -TS_ETOOBIG;
    memcpy(buffer, "/proc/self/env/", prefix);
    memcpy(buffer + prefix, name, length);
    memcpy(buffer + prefix + length, flags, flag_length + 1);
    return 0;
}

long __os_setenv(const char* name, const char* value)
{
    char path[320];
    long result = env_path(path, sizeof(path), name, ":w:create:truncate");
    long fd = result < 0 ? result : ts_open((long)path, (long)strlen(path));
    if (fd < 0)
        return fd;
    size_t length = strlen(value);
    long written = ts_write(fd, (long)value, (long)length);
    ts_close(fd);
    return written < 0 ? written : written == (long)length ? 0 : -TS_ENOSPC;
}

long __os_unsetenv(const char* name)
{
    char path[320];
    long result = env_path(path, sizeof(path), name, "");
    if (result < 0)
        return result;
    result = ts_remove((long)path, (long)strlen(path));
    return result == -TS_ENOENT ? 0 : result;
}

_Noreturn void __os_exit_status(const char* status)
{
    ts_exit((long)status, (long)strlen(status));
    __builtin_unreachable();
}
