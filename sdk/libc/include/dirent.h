/* <dirent.h>: reading directories (POSIX subset). Entries come in byte order of their
 * names; "." and ".." are not listed. */
#ifndef _DIRENT_H
#define _DIRENT_H

#define DT_UNKNOWN 0
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

struct dirent {
    unsigned long long d_ino;
    unsigned char d_type;
    char d_name[256];
};

typedef struct __tl_dir DIR;

DIR* opendir(const char* path);
struct dirent* readdir(DIR* directory);
int closedir(DIR* directory);
int dirfd(DIR* directory);

#endif
