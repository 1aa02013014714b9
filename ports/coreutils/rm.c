/* rm [-r] [-f] path...: removes files and symbolic links (the link, not its target).
 * A directory needs -r, which removes it and everything below it in one system call
 * (the ":recursive" path flag of remove). -f: a missing path is no error, and no
 * operand is no error either. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include <patchwork.h>

#include "Common.h"

int main(int argc, char** argv)
{
    tool_begin("rm", "rm [-r] [-f] path...");
    Options options;
    int first = options_parse(&options, argc, argv, "rfR");
    if (first < 0)
        return 1;
    int recursive = options.set['r'] || options.set['R'], force = options.set['f'];
    if (first == argc)
        return force ? 0 : usage();
    int status = 0;
    for (int i = first; i < argc; ++i) {
        const char* path = argv[i];
        struct stat info;
        if (lstat(path, &info) < 0) {
            if (!(force && errno == ENOENT))
                status = fail(path);
            continue;
        }
        if (S_ISDIR(info.st_mode) && !recursive) {
            errno = EISDIR;
            status = fail(path);
            continue;
        }
        if (remove(S_ISDIR(info.st_mode) ? F("%s:recursive", path) : path) < 0 && !(force && errno == ENOENT))
            status = fail(path);
    }
    return status;
}
