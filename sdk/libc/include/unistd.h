/* <unistd.h>: the small POSIX subset Tessera provides so far. Paths take Tessera's
 * flags (open("/tmp/x:create:rw")): see docs/kernel/vfs.md. Failures return -1 and set
 * errno. */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <stddef.h>

typedef long ssize_t;
typedef long long off_t;

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

ssize_t read(int fd, void* buffer, size_t size);
ssize_t write(int fd, const void* buffer, size_t size);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int unlink(const char* path);
int rmdir(const char* path);
int link(const char* existing, const char* path);
int symlink(const char* target, const char* path);
ssize_t readlink(const char* restrict path, char* restrict buffer, size_t size);
int chdir(const char* path);
char* getcwd(char* buffer, size_t size);
/* True for character devices (the console); sets ENOTSUP for other files. */
int isatty(int fd);

#endif
