/* Strings in and out of files: sread, swrite, sreadfile, swritefile, open2 (patchwork.h). */
#include <errno.h>
#include <patchwork.h>
#include <stdlib.h>
#include <string.h>
#include <tessera/syscall.h>
#include <unistd.h>

#include "Internal.h"

long pw_result(long result)
{
    if (result < 0) {
        errno = (int)-result;
        return -1;
    }
    return result;
}

long pw_open(const char* path) { return pw_result(__os_open(path)); }

char* sread(int fd)
{
    size_t size = 0, capacity = 256;
    char* text = malloc(capacity);
    if (!text)
        return 0;
    for (;;) {
        if (capacity - size < 128) {
            char* bigger = realloc(text, capacity * 2);
            if (!bigger) {
                free(text);
                return 0;
            }
            text = bigger;
            capacity *= 2;
        }
        ssize_t n = read(fd, text + size, capacity - size - 1);
        if (n < 0) {
            free(text);
            return 0;
        }
        if (n == 0)
            break;
        size += (size_t)n;
    }
    text[size] = 0;
    return text;
}

long swrite(int fd, const char* text)
{
    size_t length = strlen(text), done = 0;
    while (done < length) {
        ssize_t n = write(fd, text + done, length - done);
        if (n < 0)
            return -1;
        if (n == 0) {
            errno = EPIPE;
            return -1;
        }
        done += (size_t)n;
    }
    return (long)done;
}

char* sreadfile(const char* path)
{
    long fd = pw_open(path);
    if (fd < 0)
        return 0;
    char* text = sread((int)fd);
    int saved = errno;
    close((int)fd);
    errno = saved;
    return text;
}

/* True when the last component of path carries flags (":..."). */
static int has_flags(const char* path)
{
    const char* slash = strrchr(path, '/');
    return strchr(slash ? slash : path, ':') != 0;
}

long swritefile(const char* path, const char* text)
{
    const char* with_flags = has_flags(path) ? F("%s:w:create", path) : F("%s:w:create:truncate", path);
    long fd = pw_open(with_flags);
    if (fd < 0)
        return -1;
    long written = swrite((int)fd, text);
    int saved = errno;
    close((int)fd);
    errno = saved;
    return written;
}

int open2(const char* path, int fds[2])
{
    return (int)pw_result(ts_open2((long)path, (long)strlen(path), (long)fds)) < 0 ? -1 : 0;
}
