/* OsSignal.h: how asynchronous events reach the libc's signal code (signal/Signal.c),
 * beside Os.h. Tessera: notes (os/TesseraSignal.c); the Linux host tests: nothing
 * arrives, they only raise() (os/LinuxSignal.c). Internal to the libc; not installed. */
#ifndef TESSERA_LIBC_OS_SIGNAL_H
#define TESSERA_LIBC_OS_SIGNAL_H

/* From now on each event comes to `deliver` with its text (a note: "interrupt ...");
 * when `deliver` returns, the interrupted code carries on. Called once; 0 or -errno. */
long __os_signal_listen(void (*deliver)(const char* note));

#endif
