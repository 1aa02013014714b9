/* Notes to the libc's signals on Tessera (OsSignal.h). The kernel starts the one note
 * handler of the process on the interrupted thread's stack, below its red zone, with the
 * note's text as the argument; note_done then restores the interrupted registers, vector
 * registers included (the kernel keeps those). So the entry point passes the note on and
 * ends with note_done, never returning. */
#include <tessera/syscall.h>

#include "Os.h"
#include "OsSignal.h"

static void (*g_deliver)(const char* note);

/* The kernel enters as if called, with a zero return address: this must not return. */
static _Noreturn void note_entry(const char* note)
{
    g_deliver(note);
    ts_note_done();
    __os_exit_status("signal: note_done failed"); /* only if the kernel saw no note */
}

long __os_signal_listen(void (*deliver)(const char* note))
{
    g_deliver = deliver;
    return ts_notify((long)note_entry);
}
