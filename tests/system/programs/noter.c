/* noter: installs a note handler, posts itself a note through /proc/self/note, and checks
 * that the handler ran and that the interrupted code's registers survived; exits with
 * "handled <note>". Then posts a second note with no handler installed, which ends it
 * with that note as its status. */
#include "Runtime.h"

static volatile int g_handled;
static char g_note[128];

static void handler(const char* note)
{
    g_note[0] = '\0';
    append(g_note, sizeof(g_note), note);
    g_handled = 1;
}

int main(int argc, char** argv)
{
    if (on_note(handler) != 0)
        exit_with("notify failed");
    /* Registers live across the note: the sum must come out right. */
    register long a __asm__("r12") = 12;
    register long b __asm__("r13") = 30;
    if (write_file("/proc/self/note", "alarm now") != 9)
        exit_with("cannot post a note");
    for (long spins = 0; !g_handled; ++spins) {
        if (spins > 100000000)
            exit_with("the handler never ran");
        ts_yield();
    }
    __asm__ volatile("" : "+r"(a), "+r"(b));
    if (a + b != 42)
        exit_with("registers were lost");
    char status[160] = "handled ";
    append(status, sizeof(status), g_note);
    if (on_note(0) != 0)
        exit_with("removing the handler failed");
    exit_with(status);
}
