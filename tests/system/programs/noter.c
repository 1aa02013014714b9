/* noter: installs a note handler, posts itself a note through /proc/self/note, and checks
 * that the handler ran and that the interrupted code's registers survived, vector
 * registers included (the handler clobbers xmm7); exits with "handled <note>". Then posts a second note with no handler installed, which ends it
 * with that note as its status. */
#include "Runtime.h"

static volatile int g_handled;
static char g_note[128];

static void handler(const char* note)
{
    __asm__ volatile("pcmpeqd %%xmm7, %%xmm7" ::: "xmm7"); /* all ones */
    if (strncmp(note, "vector", 6) == 0) {
        g_handled = 1; /* the second note: only the registers matter */
        return;
    }
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
    /* xmm7 holds a pattern across a write that posts a note: the note is handled on the
     * way back from that very system call, by a handler that sets xmm7 to all ones. One
     * asm statement, so the compiler cannot use xmm7 in between. */
    long fd = open_path("/proc/self/note");
    static const char text[] = "vector test";
    long pattern = 0x1234567890abcdefL, out, result;
    g_handled = 0;
    __asm__ volatile("movq %[pattern], %%xmm7\n\tsyscall\n\tmovq %%xmm7, %[out]"
                     : [out] "=r"(out), "=a"(result)
                     : [pattern] "r"(pattern), "a"((long)SYS_write), "D"(fd), "S"(text), "d"(sizeof(text) - 1)
                     : "rcx", "r11", "xmm7", "memory");
    ts_close(fd);
    if (result != (long)sizeof(text) - 1 || !g_handled)
        exit_with("the second note was not handled at once");
    if (out != pattern)
        exit_with("a note handler changed the interrupted code's xmm7");
    char status[160] = "handled ";
    append(status, sizeof(status), g_note);
    if (on_note(0) != 0)
        exit_with("removing the handler failed");
    exit_with(status);
}
