/* Processes through /proc: proc_read, proc_ctl, proc_wait, proc_kill, proc_list,
 * proc_self (patchwork.h). */
#include <dirent.h>
#include <errno.h>
#include <patchwork.h>
#include <stdlib.h>
#include <string.h>
#include <tessera/syscall.h>

#include "Internal.h"

char* proc_read(long pid, const char* leaf) { return sreadfile(F("/proc/%ld/%s", pid, leaf)); }

int proc_ctl(long pid, const char* format, ...)
{
    va_list args;
    va_start(args, format);
    int result = pw_vctl(F("/proc/%ld/ctl", pid), format, args);
    va_end(args);
    return result;
}

char* proc_wait(long pid)
{
    char* status = proc_read(pid, "wait");
    if (status) {
        size_t length = strlen(status);
        if (length && status[length - 1] == '\n')
            status[length - 1] = 0;
    }
    return status;
}

int proc_kill(long pid, const char* reason)
{
    return reason && *reason ? proc_ctl(pid, "kill %s", reason) : proc_ctl(pid, "kill");
}

static int ascending(const void* a, const void* b)
{
    long x = *(const long*)a, y = *(const long*)b;
    return x < y ? -1 : x > y;
}

long* proc_list(size_t* count)
{
    char** names = dir_list("/proc", 0);
    if (!names)
        return 0;
    size_t total = 0;
    while (names[total])
        ++total;
    long* pids = malloc((total + 1) * sizeof(long));
    size_t used = 0;
    for (size_t i = 0; pids && i < total; ++i) {
        char* end;
        long pid = strtol(names[i], &end, 10);
        if (*names[i] && !*end && pid > 0)
            pids[used++] = pid;
    }
    list_free(names);
    if (!pids) {
        errno = ENOMEM;
        return 0;
    }
    qsort(pids, used, sizeof(long), ascending);
    if (count)
        *count = used;
    return pids;
}

long proc_self(void) { return ts_getpid(); }
