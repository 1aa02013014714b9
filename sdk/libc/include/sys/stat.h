/* <sys/stat.h>: the POSIX subset Tessera provides. st_mode carries the file type
 * (S_IF*) and the permissions the file allows at most (as owner bits: read 0400, write
 * 0200, execute 0100; Tessera has no users). */
#ifndef _SYS_STAT_H
#define _SYS_STAT_H

typedef unsigned mode_t;

struct stat {
    unsigned long long st_ino;
    unsigned long long st_dev;
    unsigned long long st_nlink;
    mode_t st_mode;
    long long st_size;
};

#define S_IFMT 0170000
#define S_IFREG 0100000
#define S_IFDIR 0040000
#define S_IFLNK 0120000
#define S_IFCHR 0020000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)

int stat(const char* restrict path, struct stat* restrict out);
int lstat(const char* restrict path, struct stat* restrict out);
int fstat(int fd, struct stat* out);
/* The mode is ignored: permissions come from the namespace, not from the file. */
int mkdir(const char* path, mode_t mode);

#endif
