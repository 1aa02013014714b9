/* POSIX open and creat (fcntl.h) on the OS layer's __os_open: the O_ flags become
 * Tessera's path flags, written after the path (and after any flags it carries).
 * Errors: -1 and errno. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "Os.h"

/* The flags for `flags`, into `out` (64 bytes is plenty); -1 for a combination refused. */
static int path_flags(int flags, char* out)
{
    int access = flags & O_ACCMODE;
    if (access == O_ACCMODE || ((flags & O_CREAT) && (flags & O_DIRECTORY)))
        return -1;
    int writes = access != O_RDONLY;
    strcpy(out, access == O_RDWR ? ":rw" : writes ? ":w" : ":r");
    if (flags & O_CREAT)
        strcat(out, (flags & O_EXCL) ? ":create:exclusive" : ":create");
    if ((flags & O_TRUNC) && writes)
        strcat(out, ":truncate");
    if ((flags & O_APPEND) && writes)
        strcat(out, ":append");
    if (flags & O_DIRECTORY)
        strcat(out, ":directory");
    if (flags & O_NONBLOCK)
        strcat(out, ":nonblock");
    if (flags & O_NOFOLLOW)
        strcat(out, ":nofollow");
    return 0;
}

int open(const char* path, int flags, ...)
{
    /* The mode argument (with O_CREAT) is not read: the namespace decides permissions. */
    char suffix[64];
    if (path_flags(flags, suffix) != 0) {
        errno = EINVAL;
        return -1;
    }
    long fd = __os_open_with(path, suffix);
    if (fd < 0) {
        errno = (int)-fd;
        return -1;
    }
    return (int)fd;
}

int creat(const char* path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }
