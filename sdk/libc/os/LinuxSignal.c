/* The libc's signals on the Linux host (OsSignal.h): the libc tests only raise() signals,
 * which signal/Signal.c handles by itself, so no Linux signal is routed anywhere. */
#include "OsSignal.h"

long __os_signal_listen(void (*deliver)(const char* note))
{
    (void)deliver;
    return 0;
}
