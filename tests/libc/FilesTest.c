/* The POSIX file subset: mkdir, stat/lstat/fstat, directories, rename, link, symlink,
 * readlink, remove, chdir/getcwd. Works under /tmp on both systems. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "Check.h"

void test_files(void)
{
    remove("/tmp/libc-files/sub");
    remove("/tmp/libc-files/b");
    remove("/tmp/libc-files/c");
    remove("/tmp/libc-files/link");
    remove("/tmp/libc-files");
    CHECK(mkdir("/tmp/libc-files", 0755) == 0);
    CHECK(mkdir("/tmp/libc-files", 0755) == -1 && errno == EEXIST);
    FILE* f = fopen("/tmp/libc-files/a", "w");
    CHECK(f && fputs("12345", f) == 0 && fclose(f) == 0);
    struct stat s;
    CHECK(stat("/tmp/libc-files/a", &s) == 0 && S_ISREG(s.st_mode) && s.st_size == 5 && s.st_nlink == 1);
    CHECK(stat("/tmp/libc-files", &s) == 0 && S_ISDIR(s.st_mode));
    CHECK(stat("/tmp/libc-files/none", &s) == -1 && errno == ENOENT);
    CHECK(rename("/tmp/libc-files/a", "/tmp/libc-files/b") == 0);
    CHECK(link("/tmp/libc-files/b", "/tmp/libc-files/c") == 0);
    CHECK(stat("/tmp/libc-files/c", &s) == 0 && s.st_nlink == 2 && s.st_size == 5);
    CHECK(symlink("b", "/tmp/libc-files/link") == 0);
    char target[16] = { 0 };
    CHECK(readlink("/tmp/libc-files/link", target, sizeof(target)) == 1 && target[0] == 'b');
    CHECK(lstat("/tmp/libc-files/link", &s) == 0 && S_ISLNK(s.st_mode));
    CHECK(stat("/tmp/libc-files/link", &s) == 0 && S_ISREG(s.st_mode));
    CHECK(mkdir("/tmp/libc-files/sub", 0755) == 0);

    DIR* d = opendir("/tmp/libc-files");
    CHECK(d != 0);
    int seen = 0, dirs = 0;
    for (struct dirent* e; d && (e = readdir(d));) {
        ++seen;
        dirs += e->d_type == DT_DIR && strcmp(e->d_name, "sub") == 0;
        CHECK(strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0);
    }
    CHECK(seen == 4 && dirs == 1);
    if (d)
        CHECK(closedir(d) == 0);
    CHECK(opendir("/tmp/libc-files/b") == 0 && errno == ENOTDIR);

    char cwd[256];
    CHECK(chdir("/tmp/libc-files") == 0 && getcwd(cwd, sizeof(cwd)) && strcmp(cwd, "/tmp/libc-files") == 0);
    CHECK(stat("b", &s) == 0 && s.st_size == 5); /* relative to the new working directory */
    CHECK(chdir("/") == 0);
    CHECK(getcwd(cwd, 2) == 0 || strcmp(cwd, "/") == 0);

    CHECK(rmdir("/tmp/libc-files") == -1 && errno == ENOTEMPTY);
    CHECK(remove("/tmp/libc-files/sub") == 0 && remove("/tmp/libc-files/link") == 0);
    CHECK(remove("/tmp/libc-files/b") == 0 && remove("/tmp/libc-files/c") == 0);
    CHECK(remove("/tmp/libc-files") == 0);
    CHECK(stat("/tmp/libc-files", &s) == -1 && errno == ENOENT);
}
