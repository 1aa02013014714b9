/* blocker: reads its descriptor 0 (a pipe nobody writes) and so blocks in the kernel.
 * "blocker" alone: killed or ended by a note while blocked. "blocker handle": installs a
 * note handler first; the note interrupts the read, which must fail with EINTR after the
 * handler ran, and the status says so. */
#include "Runtime.h"

static volatile int g_handled;
static char g_note[64];

static void handler(const char* note)
{
    g_note[0] = '\0';
    append(g_note, sizeof(g_note), note);
    g_handled = 1;
}

int main(int argc, char** argv)
{
    if (argc > 1 && strcmp(argv[1], "handle") == 0)
        on_note(handler);
    ts_write(1, (long)"r", 1); /* tell the parent we are about to block */
    char c;
    long n = ts_read(0, (long)&c, 1);
    char status[128] = "read returned ";
    append_number(status, sizeof(status), n);
    if (n == -TS_EINTR && g_handled) {
        status[0] = '\0';
        append(status, sizeof(status), "interrupted, handled ");
        append(status, sizeof(status), g_note);
    }
    exit_with(status);
}
