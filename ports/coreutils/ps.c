/* ps: one line per process in /proc, by pid:
 *       PID PARENT STATE      COMMAND
 *         1      0 running    /bin/init
 * the state and parent from /proc/<pid>/status ("state running", "parent 1"), the command
 * from /proc/<pid>/cmdline with the NUL after each argument shown as a space. A process
 * that ends while ps looks is left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <patchwork.h>

#include "Common.h"

/* The value of the "key value" line of status, copied into out (empty if absent). */
static void status_field(const char* status, const char* key, char* out, size_t size)
{
    size_t key_length = strlen(key);
    out[0] = 0;
    for (const char* line = status; line && *line;) {
        const char* end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        if (length > key_length && !strncmp(line, key, key_length) && line[key_length] == ' ') {
            size_t value = length - key_length - 1;
            if (value >= size)
                value = size - 1;
            memcpy(out, line + key_length + 1, value);
            out[value] = 0;
            return;
        }
        line = end ? end + 1 : 0;
    }
}

/* The command line of pid with NULs as spaces, malloc'd; NULL if it cannot be read. */
static char* command_of(long pid)
{
    FILE* input = open_input(F("/proc/%ld/cmdline", pid));
    if (!input)
        return 0;
    size_t length;
    char* text = read_all(fileno(input), &length);
    close_input(input);
    if (!text)
        return 0;
    while (length > 0 && text[length - 1] == 0)
        --length;
    text[length] = 0;
    for (size_t i = 0; i < length; ++i) {
        if (text[i] == 0)
            text[i] = ' ';
    }
    return text;
}

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "ps", "ps", "", 0, 0);
    if (first < 0)
        return 1;
    size_t count;
    long* pids = proc_list(&count);
    if (!pids)
        return fail("/proc");
    printf("%6s %6s %-10s %s\n", "PID", "PARENT", "STATE", "COMMAND");
    for (size_t i = 0; i < count; ++i) {
        char* status = proc_read(pids[i], "status");
        char* command = status ? command_of(pids[i]) : 0;
        if (status && command) {
            char state[32], parent[32];
            status_field(status, "state", state, sizeof(state));
            status_field(status, "parent", parent, sizeof(parent));
            printf("%6ld %6s %-10s %s\n", pids[i], parent, state, command);
        }
        free(status);
        free(command);
    }
    free(pids);
    if (fflush(stdout) == EOF)
        return fail("standard output");
    return 0;
}
