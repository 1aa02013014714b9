/* spawn_configured, spawn_wait (patchwork.h): spawn suspended, configure the child
 * through its /proc files, start it. */
#include <errno.h>
#include <patchwork.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tessera/syscall.h>

#include "Internal.h"

/* Descriptors the child's 0-2 are staged through when a source is itself one of 0-2, so
 * that a configuration such as { 1, 0, -1 } (swap) does not read a number it has
 * already overwritten. */
enum { STAGE = 253 };

/* Appends " && "-joined ctl commands to script (one write applies them all, in order). */
static void add(char* script, size_t size, const char* command)
{
    size_t used = strlen(script);
    snprintf(script + used, size - used, "%s%s", used ? " && " : "", command);
}

static int configure(long pid, const spawn_config* config)
{
    char script[256] = "";
    int moved[3], staged = 0;
    for (int i = 0; i < 3; ++i) {
        moved[i] = config->fds[i] >= 0 && config->fds[i] != i;
        staged |= moved[i] && config->fds[i] < 3;
    }
    for (int i = 0; i < 3; ++i) {
        if (moved[i])
            add(script, sizeof(script), F("dup2 %d %d", config->fds[i], staged ? STAGE + i : i));
    }
    for (int i = 0; staged && i < 3; ++i) {
        if (moved[i])
            add(script, sizeof(script), F("dup2 %d %d", STAGE + i, i));
    }
    if (config->close_others)
        add(script, sizeof(script), "close 3 -1");
    else if (staged)
        add(script, sizeof(script), F("close %d -1", STAGE));
    if (script[0] && proc_ctl(pid, "%s", script) < 0)
        return -1;
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
