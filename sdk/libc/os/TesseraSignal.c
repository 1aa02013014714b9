/* Notes to the libc's signals on Tessera (OsSignal.h). The kernel starts the one note
 * handler of the process on the interrupted thread's stack, below its red zone, with the
 * note's text as the argument; note_done then restores the interrupted registers. So the
 * entry point passes the note on and ends with note_done, never returning. Uses x86-64
 * instructions (fxsave64): the libc is for x86-64 only. */
#include <tessera/syscall.h>

#include "Os.h"
#include "OsSignal.h"

static void (*g_deliver)(const char* note);

/* The kernel enters as if called, with a zero return address: this must not return.
 * It saves the interrupted general registers, but the x87, SSE and MXCSR state is the
 * thread's own, live in the registers, and the handler may use it (any C code may: memcpy
 * does); so it is kept here, in the FXSAVE image (Ref: Intel SDM Vol. 1 §10.5.1). */
static _Noreturn void note_entry(const char* note)
{
    _Alignas(16) unsigned char vector_state[512];
    __asm__ volatile("fxsave64 %0" : "=m"(vector_state));
    g_deliver(note);
    __asm__ volatile("fxrstor64 %0" : : "m"(vector_state));
    ts_note_done();
    __os_exit_status("signal: note_done failed"); /* only if the kernel saw no note */
}

long __os_signal_listen(void (*deliver)(const char* note))
{
    g_deliver = deliver;
    return ts_notify((long)note_entry);
}
