/* link existing new: makes new a second name (a hard link) of the file existing. */
#include <unistd.h>

#include "Common.h"

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "link", "link existing new", "", 2, 2);
    if (first < 0)
        return 1;
    if (link(argv[first], argv[first + 1]) < 0)
        return fail(argv[first + 1]);
    return 0;
}
