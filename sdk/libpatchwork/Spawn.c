/* spawn_configured, spawn_wait (patchwork.h): spawn suspended, configure the child
 * through its /proc files, start it. */
#include <errno.h>
#include <patchwork.h>
#include <stdlib.h>
#include <string.h>
#include <tessera/syscall.h>

#include "Internal.h"

/* Descriptors the child's 0-2 are staged through, so that a configuration such as
 * { 1, 0, -1 } (swap) does not read a number it has already overwritten. */
enum { STAGE = 253 };

static int configure(long pid, const spawn_config* config)
{
    int staged = 0;
    for (int i = 0; i < 3; ++i) {
        if (config->fds[i] >= 0 && config->fds[i] != i) {
            if (proc_ctl(pid, "dup2 %d %d", config->fds[i], STAGE + i) < 0)
                return -1;
            staged = 1;
        }
    }
    for (int i = 0; i < 3; ++i) {
        if (config->fds[i] >= 0 && config->fds[i] != i && proc_ctl(pid, "dup2 %d %d", STAGE + i, i) < 0)
            return -1;
    }
    if (config->close_others) {
        if (proc_ctl(pid, "close 3 -1") < 0)
            return -1;
    } else if (staged && proc_ctl(pid, "close %d -1", STAGE) < 0) {
        return -1;
    }
    for (const char* const* entry = config->env; entry && *entry; ++entry) {
        const char* equals = strchr(*entry, '=');
        if (!equals || equals == *entry) {
            errno = EINVAL;
            return -1;
        }
        if (swritefile(F("/proc/%ld/env/%.*s", pid, (int)(equals - *entry), *entry), equals + 1) < 0)
            return -1;
    }
    return config->before_start ? config->before_start(pid, config->context) : 0;
}

long spawn_configured(const char* const* argv, const spawn_config* config)
{
    const spawn_config inherit = SPAWN_INHERIT;
    if (!config)
        config = &inherit;
    long pid = pw_result(ts_spawn((long)argv, (long)(config->flags | TS_SPAWN_SUSPEND)));
    if (pid < 0)
        return -1;
    if (configure(pid, config) < 0 || proc_ctl(pid, "start") < 0) {
        int saved = errno;
        proc_kill(pid, "spawn configuration failed");
        free(proc_wait(pid));
        errno = saved;
        return -1;
    }
    return pid;
}

char* spawn_wait(const char* const* argv)
{
    long pid = spawn_configured(argv, 0);
    return pid < 0 ? 0 : proc_wait(pid);
}
