/* <fcntl.h>: POSIX open and creat over Tessera's path flags: each O_ flag becomes a flag
 * on the path (O_RDWR ":rw", O_CREAT ":create", ...; docs/kernel/vfs.md), and the path
 * may carry flags of its own. The mode is ignored: permissions come from the namespace.
 * O_EXCL without O_CREAT, and O_TRUNC or O_APPEND without write access, change nothing
 * (POSIX leaves them undefined); O_CREAT with O_DIRECTORY is EINVAL. Failures return -1
 * and set errno. */
#ifndef _FCNTL_H
#define _FCNTL_H

typedef unsigned mode_t;

#define O_RDONLY 0x0
#define O_WRONLY 0x1
#define O_RDWR 0x2
#define O_ACCMODE 0x3
#define O_CREAT 0x40
#define O_EXCL 0x80
#define O_TRUNC 0x200
#define O_APPEND 0x400
#define O_NONBLOCK 0x800
#define O_DIRECTORY 0x10000
#define O_NOFOLLOW 0x20000

int open(const char* path, int flags, ...);
int creat(const char* path, mode_t mode);

#endif
