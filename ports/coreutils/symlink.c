/* symlink target path: makes path a symbolic link to target (which need not exist; a
 * relative target is taken from the link's directory when the link is followed). */
#include <unistd.h>

#include "Common.h"

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "symlink", "symlink target path", "", 2, 2);
    if (first < 0)
        return 1;
    if (symlink(argv[first], argv[first + 1]) < 0)
        return fail(argv[first + 1]);
    return 0;
}
