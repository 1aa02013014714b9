/* rmdir dir...: removes each directory, which must be empty (":directory" on the remove
 * makes the kernel refuse anything that is not a directory). */
#include <stdio.h>

#include <patchwork.h>

#include "Common.h"

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "rmdir", "rmdir dir...", "", 1, -1);
    if (first < 0)
        return 1;
    int status = 0;
    for (int i = first; i < argc; ++i) {
        if (remove(F("%s:directory", argv[i])) < 0)
            status = fail(argv[i]);
    }
    return status;
}
