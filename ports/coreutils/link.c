/* link existing new: makes new a second name (a hard link) of the file existing. */
#include <unistd.h>

#include "Common.h"

int main(int argc, char** argv)
{
    tool_begin("link", "link existing new");
    Options options;
    int first = options_parse(&options, argc, argv, "");
    if (first < 0)
        return 1;
    if (argc - first != 2)
        return usage();
    if (link(argv[first], argv[first + 1]) < 0)
        return fail(argv[first + 1]);
    return 0;
}
