/* The libc's OS layer on Linux x86-64, with raw system calls: how the libc's own test
 * suite runs on the development host (tests/libc), against exactly the code Tessera
 * programs get. Tessera's ":flags" on paths are translated to open(2) flags for read,
 * write, create, truncate, append and exclusive (long or short forms); others are
 * refused. Linux errno values are mapped to the libc's (errno.h) for the errors the
 * tests meet. */
#include <errno.h>
#include <string.h>
#include <tessera/SyscallList.h>

#include "LinuxCall.h"
#include "Os.h"

enum {
    SYS_READ = 0, SYS_WRITE = 1, SYS_OPEN = 2, SYS_CLOSE = 3, SYS_LSEEK = 8, SYS_MMAP = 9, SYS_MUNMAP = 11,
    SYS_NANOSLEEP = 35, SYS_EXIT_GROUP = 231, SYS_ARCH_PRCTL = 158, SYS_CLOCK_GETTIME = 228,
    SYS_STAT = 4, SYS_FSTAT = 5, SYS_LSTAT = 6, SYS_GETCWD = 79, SYS_CHDIR = 80, SYS_RENAME = 82, SYS_RMDIR = 84,
    SYS_LINK = 86, SYS_UNLINK = 87, SYS_SYMLINK = 88, SYS_READLINK = 89, SYS_GETDENTS64 = 217,
};

/* Linux errno numbers to the libc's (LinuxCall.h). */
long __linux_error(long result)
{
    if (result >= 0)
        return result;
    switch (-result) {
    case 2: return -ENOENT;
    case 4: return -EINTR;
    case 11: return -EAGAIN;
    case 110: return -ETIMEDOUT;
    case 9: return -EBADF;
    case 12: return -ENOMEM;
    case 13: return -EPERM;
    case 14: return -EFAULT;
    case 17: return -EEXIST;
    case 20: return -ENOTDIR;
    case 21: return -EISDIR;
    case 22: return -EINVAL;
    case 28: return -ENOSPC;
    case 32: return -EPIPE;
    case 39: return -ENOTEMPTY;
    case 18: return -EXDEV;
    case 40: return -ELOOP;
    default: return -EINVAL;
    }
}

long __os_write(int fd, const void* buffer, size_t size) { return linux_call3(SYS_WRITE, fd, (long)buffer, (long)size); }
long __os_read(int fd, void* buffer, size_t size) { return linux_call3(SYS_READ, fd, (long)buffer, (long)size); }

long __os_open(const char* path)
{
    char plain[512];
    const char* colon = strchr(path, ':');
    size_t length = colon ? (size_t)(colon - path) : strlen(path);
    if (length >= sizeof(plain))
        return -ENOMEM;
    memcpy(plain, path, length);
    plain[length] = 0;
    /* Each ":segment" is a long flag name or a run of short letters (PathFlags.hpp). */
    int read = 0, write = 0, create = 0, truncate = 0, append = 0, exclusive = 0, named = 0, directory = 0, parents = 0;
    for (const char* segment = colon; segment && *segment == ':';) {
        const char* start = segment + 1;
        const char* end = strchr(start, ':');
        size_t n = end ? (size_t)(end - start) : strlen(start);
        struct { const char* word; int* flag; } words[] = { { "read", &read }, { "write", &write },
            { "create", &create }, { "truncate", &truncate }, { "append", &append }, { "exclusive", &exclusive },
            { "directory", &directory }, { "parents", &parents } };
        int matched = 0;
        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); ++i) {
            if (strlen(words[i].word) == n && strncmp(start, words[i].word, n) == 0) {
                *words[i].flag = 1;
                matched = 1;
            }
        }
        for (size_t i = 0; !matched && i < n; ++i) {
            switch (start[i]) {
            case 'r': read = 1; break;
            case 'w': write = 1; break;
            case 'c': create = 1; break;
            case 't': truncate = 1; break;
            case 'p': parents = 1; break;
            case 'a': append = 1; break;
            case 'e': exclusive = 1; break;
            case 'd': directory = 1; break;
            default: return -EINVAL;
            }
        }
        named |= read | write;
        segment = end;
    }
    if (!named)
        read = 1;
    /* :create:parents makes the missing directories on the way first. */
    for (char* slash = plain + 1; create && parents && (slash = strchr(slash, '/')); ++slash) {
        *slash = 0;
        long made = linux_call(83 /* mkdir */, (long)plain, 0755, 0, 0, 0, 0);
        *slash = '/';
        if (made < 0 && made != -17)
            return __linux_error(made);
    }
    if (directory) {
        /* :create:directory makes a directory; then it is opened for reading. */
        if (create) {
            long made = linux_call(83 /* mkdir */, (long)plain, 0755, 0, 0, 0, 0);
            if (made < 0 && (exclusive || made != -17))
                return __linux_error(made);
        }
        return linux_call3(SYS_OPEN, (long)plain, 0200000 /* O_DIRECTORY */, 0);
    }
    long flags = (read && write) ? 2 : write ? 1 : 0;
    if (create)
        flags |= 0100;
    if (exclusive)
        flags |= 0200;
    if (truncate)
        flags |= 01000;
    if (append)
        flags |= 02000;
    return linux_call3(SYS_OPEN, (long)plain, flags, 0644);
}

long __os_close(int fd) { return linux_call3(SYS_CLOSE, fd, 0, 0); }
long __os_seek(int fd, long long offset, int whence) { return linux_call3(SYS_LSEEK, fd, (long)offset, whence); }

void* __os_map_anonymous(size_t size)
{
    long address = linux_call(SYS_MMAP, 0, (long)size, 3 /* PROT_READ|WRITE */, 0x22 /* PRIVATE|ANONYMOUS */, -1, 0);
    return address < 0 && address > -4096 ? 0 : (void*)address;
}

long __os_unmap(void* address, size_t size) { return linux_call3(SYS_MUNMAP, (long)address, (long)size, 0); }
long __os_set_thread_pointer(void* pointer) { return linux_call3(SYS_ARCH_PRCTL, 0x1002 /* ARCH_SET_FS */, (long)pointer, 0); }

long long __os_clock_ns(void)
{
    long long ts[2];
    linux_call(SYS_CLOCK_GETTIME, 1 /* CLOCK_MONOTONIC */, (long)ts, 0, 0, 0, 0);
    return ts[0] * 1000000000ll + ts[1];
}

long __os_sleep_ns(long long ns)
{
    long long ts[2] = { ns / 1000000000ll, ns % 1000000000ll };
    return linux_call3(SYS_NANOSLEEP, (long)ts, 0, 0);
}

/* Paths: Tessera's ":flags" dropped except ":nofollow" (lstat). */
static int plain_path(const char* path, char* out, size_t size, int* nofollow)
{
    const char* colon = strchr(path, ':');
    size_t length = colon ? (size_t)(colon - path) : strlen(path);
    if (length >= size)
        return -ENOMEM;
    memcpy(out, path, length);
    out[length] = 0;
    if (nofollow)
        *nofollow = colon && strstr(colon, "nofollow") != 0;
    return 0;
}

#define PLAIN(name, path)                                        \
    char name[512];                                              \
    if (plain_path(path, name, sizeof(name), 0) < 0)             \
        return -ENOMEM;

long __os_remove(const char* path)
{
    PLAIN(p, path);
    long result = linux_call(SYS_UNLINK, (long)p, 0, 0, 0, 0, 0);
    if (result == -21 /* EISDIR */ || result == -1 /* EPERM on directories */)
        result = linux_call(SYS_RMDIR, (long)p, 0, 0, 0, 0, 0);
    return __linux_error(result);
}

long __os_rename(const char* from, const char* to)
{
    PLAIN(a, from);
    PLAIN(b, to);
    return linux_call3(SYS_RENAME, (long)a, (long)b, 0);
}

long __os_link(const char* existing, const char* path)
{
    PLAIN(a, existing);
    PLAIN(b, path);
    return linux_call3(SYS_LINK, (long)a, (long)b, 0);
}

long __os_symlink(const char* target, const char* path)
{
    PLAIN(b, path);
    return linux_call3(SYS_SYMLINK, (long)target, (long)b, 0);
}

long __os_readlink(const char* path, char* buffer, size_t size)
{
    PLAIN(p, path);
    return linux_call3(SYS_READLINK, (long)p, (long)buffer, (long)size);
}

/* Linux's struct stat (x86-64) to ts_stat. */
static void convert_stat(const unsigned char* raw, struct ts_stat* out)
{
    unsigned long long ino, nlink, size;
    unsigned mode;
    memcpy(&ino, raw + 8, 8);
    memcpy(&nlink, raw + 16, 8);
    memcpy(&mode, raw + 24, 4);
    memcpy(&size, raw + 48, 8);
    memset(out, 0, sizeof(*out));
    out->ino = ino;
    out->size = size;
    out->links = (unsigned)nlink;
    unsigned type = mode & 0170000;
    out->kind = type == 0040000 ? TS_KIND_DIRECTORY : type == 0120000 ? TS_KIND_SYMLINK
        : type == 0100000 ? TS_KIND_FILE : TS_KIND_DEVICE;
    out->perms = ((mode & 0400) ? TS_PERM_READ : 0) | ((mode & 0200) ? TS_PERM_WRITE : 0)
        | ((mode & 0100) ? TS_PERM_EXECUTE : 0);
}

long __os_stat(const char* path, struct ts_stat* out)
{
    char p[512];
    int nofollow = 0;
    if (plain_path(path, p, sizeof(p), &nofollow) < 0)
        return -ENOMEM;
    unsigned char raw[144];
    long result = linux_call(nofollow ? SYS_LSTAT : SYS_STAT, (long)p, (long)raw, 0, 0, 0, 0);
    if (result < 0)
        return __linux_error(result);
    convert_stat(raw, out);
    return 0;
}

long __os_fstat(int fd, struct ts_stat* out)
{
    unsigned char raw[144];
    long result = linux_call(SYS_FSTAT, fd, (long)raw, 0, 0, 0, 0);
    if (result < 0)
        return __linux_error(result);
    convert_stat(raw, out);
    return 0;
}

/* One entry at a time: read a batch, keep the first entry other than "." and "..",
 * and seek to where the next one starts. */
long __os_read_dir(int fd, struct ts_dirent* out)
{
    for (;;) {
        unsigned char batch[1024];
        long n = linux_call(SYS_GETDENTS64, fd, (long)batch, sizeof(batch), 0, 0, 0);
        if (n <= 0)
            return __linux_error(n);
        unsigned long long ino, next;
        unsigned short length;
        unsigned char type;
        memcpy(&ino, batch, 8);
        memcpy(&next, batch + 8, 8);
        memcpy(&length, batch + 16, 2);
        type = batch[18];
        const char* name = (const char*)batch + 19;
        linux_call(SYS_LSEEK, fd, (long)next, 0, 0, 0, 0);
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        memset(out, 0, sizeof(*out));
        out->ino = ino;
        out->kind = type == 4 ? TS_KIND_DIRECTORY : type == 10 ? TS_KIND_SYMLINK : type == 8 ? TS_KIND_FILE : TS_KIND_DEVICE;
        strncpy(out->name, name, sizeof(out->name) - 1);
        (void)length;
        return 1;
    }
}

long __os_chdir(const char* path)
{
    PLAIN(p, path);
    return linux_call3(SYS_CHDIR, (long)p, 0, 0);
}

long __os_getcwd(char* buffer, size_t size)
{
    long n = linux_call(SYS_GETCWD, (long)buffer, (long)size, 0, 0, 0, 0);
    if (n < 0)
        return __linux_error(n);
    return (long)strlen(buffer); /* Linux counts the NUL */
}

/* Linux has numbers for exit statuses: "ok" is 0; anything else is printed on stderr and
 * exits 1. */
_Noreturn void __os_exit_status(const char* status)
{
    int ok = strcmp(status, "ok") == 0;
    if (!ok) {
        linux_call(SYS_WRITE, 2, (long)status, (long)strlen(status), 0, 0, 0);
        linux_call(SYS_WRITE, 2, (long)"\n", 1, 0, 0, 0);
    }
    for (;;)
        linux_call(SYS_EXIT_GROUP, ok ? 0 : 1, 0, 0, 0, 0, 0);
}

/* The host's environment is environ alone. */
long __os_setenv(const char* name, const char* value) { return (void)name, (void)value, 0; }
long __os_unsetenv(const char* name) { return (void)name, 0; }
