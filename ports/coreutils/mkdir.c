/* mkdir [-p] dir...: creates each directory. Without -p the parent must exist and the
 * directory must not; with -p missing parents are made too and an existing directory is
 * fine. */
#include <sys/stat.h>

#include <patchwork.h>

#include "Common.h"

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "mkdir", "mkdir [-p] dir...", "p", 1, -1);
    if (first < 0)
        return 1;
    int status = 0;
    for (int i = first; i < argc; ++i) {
        int result = options.set['p'] ? dir_make(argv[i]) : mkdir(argv[i], 0777);
        if (result < 0)
            status = fail(argv[i]);
    }
    return status;
}
