/* The file-system part of the POSIX subset (sys/stat.h, dirent.h, unistd.h, stdio's
 * remove and rename) on the OS layer: errors become -1 (or NULL) and errno. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tessera/SyscallList.h>
#include <unistd.h>

#include "Os.h"

static int fail(long result)
{
    if (result < 0) {
        errno = (int)-result;
        return -1;
    }
    return 0;
}

/* `path` with Tessera flags appended (":nofollow"), in fresh memory; NULL with ENOMEM. */
static char* with_flags(const char* path, const char* flags)
{
    size_t length = strlen(path);
    char* text = malloc(length + strlen(flags) + 1);
    if (!text) {
        errno = ENOMEM;
        return 0;
    }
    memcpy(text, path, length);
    strcpy(text + length, flags);
    return text;
}

long __os_open_with(const char* path, const char* flags)
{
    char* full = with_flags(path, flags);
    if (!full)
        return -ENOMEM;
    long fd = __os_open(full);
    free(full);
    return fd;
}

static void to_stat(const struct ts_stat* in, struct stat* out)
{
    static const mode_t types[] = { S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR };
    out->st_ino = in->ino;
    out->st_dev = in->filesystem;
    out->st_nlink = in->links;
    out->st_size = (long long)in->size;
    out->st_mode = (in->kind < 4 ? types[in->kind] : S_IFCHR) | ((in->perms & TS_PERM_READ) ? 0400 : 0)
        | ((in->perms & TS_PERM_WRITE) ? 0200 : 0) | ((in->perms & TS_PERM_EXECUTE) ? 0100 : 0);
}

int stat(const char* restrict path, struct stat* restrict out)
{
    struct ts_stat s;
    if (fail(__os_stat(path, &s)))
        return -1;
    to_stat(&s, out);
    return 0;
}

int lstat(const char* restrict path, struct stat* restrict out)
{
    char* nofollow = with_flags(path, ":nofollow");
    if (!nofollow)
        return -1;
    int result = stat(nofollow, out);
    free(nofollow);
    return result;
}

int fstat(int fd, struct stat* out)
{
    struct ts_stat s;
    if (fail(__os_fstat(fd, &s)))
        return -1;
    to_stat(&s, out);
    return 0;
}

int mkdir(const char* path, mode_t mode)
{
    (void)mode;
    char* create = with_flags(path, ":create:exclusive:directory");
    if (!create)
        return -1;
    long fd = __os_open(create);
    free(create);
    if (fail(fd))
        return -1;
    __os_close((int)fd);
    return 0;
}

int remove(const char* path) { return fail(__os_remove(path)); }
int rename(const char* from, const char* to) { return fail(__os_rename(from, to)); }
int unlink(const char* path) { return fail(__os_remove(path)); }
int rmdir(const char* path) { return fail(__os_remove(path)); }
int link(const char* existing, const char* path) { return fail(__os_link(existing, path)); }
int symlink(const char* target, const char* path) { return fail(__os_symlink(target, path)); }
int chdir(const char* path) { return fail(__os_chdir(path)); }

ssize_t readlink(const char* restrict path, char* restrict buffer, size_t size)
{
    long n = __os_readlink(path, buffer, size);
    if (fail(n))
        return -1;
    return n < (long)size ? n : (long)size; /* POSIX: truncated, no NUL */
}

char* getcwd(char* buffer, size_t size)
{
    char path[FILENAME_MAX];
    long n = __os_getcwd(path, sizeof(path));
    if (fail(n))
        return 0;
    if ((size_t)n + 1 > size) {
        errno = ERANGE;
        return 0;
    }
    memcpy(buffer, path, (size_t)n);
    buffer[n] = 0;
    return buffer;
}

/* A terminal is a character device (Tessera's console); files, pipes and sockets are not. */
int isatty(int fd)
{
    struct ts_stat s;
    if (fail(__os_fstat(fd, &s)))
        return 0;
    if (s.kind != TS_KIND_DEVICE) {
        errno = ENOTSUP;
        return 0;
    }
    return 1;
}

struct __tl_dir {
    int fd;
    struct dirent entry;
};

DIR* opendir(const char* path)
{
    char* read_directory = with_flags(path, ":r:directory");
    DIR* directory = malloc(sizeof(DIR));
    if (!read_directory || !directory) {
        free(read_directory);
        free(directory);
        errno = ENOMEM;
        return 0;
    }
    long fd = __os_open(read_directory);
    free(read_directory);
    if (fail(fd)) {
        free(directory);
        return 0;
    }
    directory->fd = (int)fd;
    return directory;
}

struct dirent* readdir(DIR* directory)
{
    struct ts_dirent entry;
    long n = __os_read_dir(directory->fd, &entry);
    if (n <= 0) {
        if (n < 0)
            errno = (int)-n;
        return 0; /* the end, errno untouched */
    }
    static const unsigned char types[] = { DT_REG, DT_DIR, DT_LNK, DT_CHR };
    directory->entry.d_ino = entry.ino;
    directory->entry.d_type = entry.kind < 4 ? types[entry.kind] : DT_UNKNOWN;
    memcpy(directory->entry.d_name, entry.name, sizeof(directory->entry.d_name));
    directory->entry.d_name[sizeof(directory->entry.d_name) - 1] = 0;
    return &directory->entry;
}

int closedir(DIR* directory)
{
    int result = fail(__os_close(directory->fd));
    free(directory);
    return result;
}

int dirfd(DIR* directory) { return directory->fd; }
