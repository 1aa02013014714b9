/* mount [DIR tmpfs]: without operands, lists the mounts of our namespace (the kernel's
 * /proc/self/mounts: mountpoint, type, permissions). With them, mounts a new, empty
 * tmpfs at DIR. The command goes to our own ctl file ("mount DIR tmpfs"), and since a
 * process shares its parent's namespace unless spawned with a copy, the mount is seen by
 * the shell that ran us and everything else in that namespace. A relative DIR is taken
 * from our working directory, which is the shell's. tmpfs is the only kind the kernel
 * makes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <patchwork.h>

#include "Common.h"

/* path in double quotes for the ctl grammar (kernel/lib/CtlParser.hpp): \" \\ \n \t are
 * the escapes it knows. malloc'd. */
static char* quoted(const char* path)
{
    char* out = malloc(strlen(path) * 2 + 3);
    if (!out) {
        errno = ENOMEM;
        return 0;
    }
    char* at = out;
    *at++ = '"';
    for (const char* p = path; *p; ++p) {
        switch (*p) {
        case '"': *at++ = '\\'; *at++ = '"'; break;
        case '\\': *at++ = '\\'; *at++ = '\\'; break;
        case '\n': *at++ = '\\'; *at++ = 'n'; break;
        case '\t': *at++ = '\\'; *at++ = 't'; break;
        default: *at++ = *p; break;
        }
    }
    *at++ = '"';
    *at = 0;
    return out;
}

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "mount", "mount [DIR tmpfs]", "", 0, 2);
    if (first < 0)
        return 1;
    if (first == argc) {
        char* mounts = sreadfile("/proc/self/mounts");
        if (!mounts)
            return fail("/proc/self/mounts");
        long written = swrite(1, mounts);
        free(mounts);
        return written < 0 ? fail("standard output") : 0;
    }
    if (argc - first != 2)
        return usage();
    if (strcmp(argv[first + 1], "tmpfs") != 0)
        return fail_with(argv[first + 1], "unknown file system (only tmpfs)");
    char* directory = quoted(argv[first]);
    if (!directory)
        return fail(argv[first]);
    int status = proc_ctl(proc_self(), "mount %s tmpfs", directory) < 0 ? fail(argv[first]) : 0;
    free(directory);
    return status;
}
