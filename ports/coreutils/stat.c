/* stat path...: what the file system says about each path, one "field: value" line each:
 *     path: /etc/motd
 *     kind: file            (file, directory, symlink or device)
 *     size: 20
 *     inode: 12
 *     links: 1
 *     filesystem: 1         (the id of the file system instance holding it)
 *     perms: rw-            (the most an open may get: read, write, execute)
 * A symbolic link is described itself (not its target), with a "target:" line. Several
 * paths are separated by a blank line. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "Common.h"

static const char* kind_name(mode_t mode)
{
    if (S_ISDIR(mode))
        return "directory";
    if (S_ISLNK(mode))
        return "symlink";
    if (S_ISCHR(mode))
        return "device";
    return "file";
}

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "stat", "stat path...", "", 1, -1);
    if (first < 0)
        return 1;
    int status = 0, shown = 0;
    for (int i = first; i < argc; ++i) {
        struct stat info;
        if (lstat(argv[i], &info) < 0) {
            status = fail(argv[i]);
            continue;
        }
        if (shown++)
            putchar('\n');
        printf("path: %s\nkind: %s\nsize: %lld\ninode: %llu\nlinks: %llu\nfilesystem: %llu\nperms: %c%c%c\n",
            argv[i], kind_name(info.st_mode), info.st_size, info.st_ino, info.st_nlink, info.st_dev,
            (info.st_mode & 0400) ? 'r' : '-', (info.st_mode & 0200) ? 'w' : '-', (info.st_mode & 0100) ? 'x' : '-');
        if (S_ISLNK(info.st_mode)) {
            char target[4096];
            ssize_t n = readlink(argv[i], target, sizeof(target) - 1);
            if (n >= 0)
                printf("target: %.*s\n", (int)n, target);
        }
    }
    return status;
}
