/* kill [-m reason] pid...: ends each process through its ctl file ("kill [reason]").
 * The process's exit status becomes "kill" or "kill <reason>"; a process cannot catch
 * this. */
#include <patchwork.h>

#include "Common.h"

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "kill", "kill [-m reason] pid...", "m:", 1, -1);
    if (first < 0)
        return 1;
    int status = 0;
    for (int i = first; i < argc; ++i) {
        long pid;
        if (parse_count(argv[i], &pid) < 0 || pid == 0) {
            status = fail_with(argv[i], "not a process id");
            continue;
        }
        if (proc_kill(pid, options.value['m']) < 0)
            status = fail(argv[i]);
    }
    return status;
}
