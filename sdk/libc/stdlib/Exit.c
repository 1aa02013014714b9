/* Program termination (C17 §7.22.4). Tessera's exit status is a string: exit(0) ends
 * with "ok", exit(n) with "exit n", abort() with "abort", so a parent reading
 * /proc/<pid>/wait sees what happened. */
#include <signal.h>
#include <stdlib.h>

#include "../os/Os.h"
#include "../threads/ThreadsInternal.h"

#define MAX_ATEXIT 32

static int g_handlers_lock;
static void (*g_handlers[MAX_ATEXIT])(void); /* under g_handlers_lock */
static int g_count;                          /* under g_handlers_lock */

int atexit(void (*function)(void))
{
    __tl_lock(&g_handlers_lock);
    int full = g_count == MAX_ATEXIT;
    if (!full)
        g_handlers[g_count++] = function;
    __tl_unlock(&g_handlers_lock);
    return full ? -1 : 0;
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
    /* Handlers run in the reverse order of registration; one may register another, so
     * the lock is not held while one runs. Then every stream is flushed. */
    for (;;) {
        __tl_lock(&g_handlers_lock);
        void (*handler)(void) = g_count > 0 ? g_handlers[--g_count] : 0;
        __tl_unlock(&g_handlers_lock);
        if (!handler)
            break;
        handler();
    }
    __tl_stdio_exit();
    _Exit(status);
}

/* SIGABRT's handler runs first (C17 §7.22.4.1); if it returns, or the signal is ignored,
 * the process ends all the same. Streams are not flushed and atexit handlers do not run. */
_Noreturn void abort(void)
{
    raise(SIGABRT);
    __os_exit_status("abort");
}
