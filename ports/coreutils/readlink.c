/* readlink path: prints the target of the symbolic link path. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "Common.h"

int main(int argc, char** argv)
{
    tool_begin("readlink", "readlink path");
    Options options;
    int first = options_parse(&options, argc, argv, "");
    if (first < 0)
        return 1;
    if (argc - first != 1)
        return usage();
    char target[4096];
    ssize_t n = readlink(argv[first], target, sizeof(target));
    if (n < 0)
        return fail(argv[first]);
    printf("%.*s\n", (int)n, target);
    return 0;
}
