/* touch path...: creates each file that does not exist yet, empty. Tessera keeps no
 * file times, so an existing file is left exactly as it is. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "Common.h"

/* Opening for append creates the file (":w:create:append") and leaves any content. */
static int create(const char* path)
{
    FILE* file = fopen(path, "a");
    if (!file)
        return -1;
    fclose(file);
    return 0;
}

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "touch", "touch path...", "", 1, -1);
    if (first < 0)
        return 1;
    int status = 0;
    for (int i = first; i < argc; ++i) {
        struct stat info;
        if (stat(argv[i], &info) == 0)
            continue;
        if (errno != ENOENT || create(argv[i]) < 0)
            status = fail(argv[i]);
    }
    return status;
}
