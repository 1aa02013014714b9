/* Program termination (C17 §7.22.4). Tessera's exit status is a string: exit(0) ends
 * with "ok", exit(n) with "exit n", abort() with "abort", so a parent reading
 * /proc/<pid>/wait sees what happened. */
#include <stdlib.h>

#include "../os/Os.h"

#define MAX_ATEXIT 32

static void (*g_handlers[MAX_ATEXIT])(void);
static int g_count;

int atexit(void (*function)(void))
{
    if (g_count == MAX_ATEXIT)
        return -1;
    g_handlers[g_count++] = function;
    return 0;
}

_Noreturn void _Exit(int status)
{
    if (status == 0)
        __os_exit_status("ok");
    char text[24] = "exit ";
    char digits[12];
    int n = 0;
    unsigned v = status < 0 ? -(unsigned)status : (unsigned)status;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    int at = 5;
    if (status < 0)
        text[at++] = '-';
    while (n)
        text[at++] = digits[--n];
    text[at] = 0;
    __os_exit_status(text);
}

void __tl_stdio_exit(void);

_Noreturn void exit(int status)
{
    /* Handlers run in the reverse order of registration; one may register another.
     * Then every stream is flushed. */
    while (g_count > 0)
        g_handlers[--g_count]();
    __tl_stdio_exit();
    _Exit(status);
}

_Noreturn void abort(void) { __os_exit_status("abort"); }
