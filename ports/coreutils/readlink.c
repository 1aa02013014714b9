/* readlink path: prints the target of the symbolic link path. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "Common.h"

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "readlink", "readlink path", "", 1, 1);
    if (first < 0)
        return 1;
    char target[4096];
    ssize_t n = readlink(argv[first], target, sizeof(target));
    if (n < 0)
        return fail(argv[first]);
    printf("%.*s\n", (int)n, target);
    return 0;
}
