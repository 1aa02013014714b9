/* mv from to: renames from to to; when to is a directory, from moves into it under its
 * own name. Both must be on one file system (the kernel refuses with "cross-device
 * link" otherwise: there is no copying fallback). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "Common.h"

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "mv", "mv from to", "", 2, 2);
    if (first < 0)
        return 1;
    const char* from = argv[first];
    const char* to = argv[first + 1];
    char* inside = 0;
    struct stat info;
    if (stat(to, &info) == 0 && S_ISDIR(info.st_mode)) {
        char* base = path_base(from);
        inside = base ? path_join(to, base) : 0;
        free(base);
        if (!inside)
            return fail(from);
        to = inside;
    }
    int status = rename(from, to) < 0 ? fail(from) : 0;
    free(inside);
    return status;
}
