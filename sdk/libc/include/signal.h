/* <signal.h>: C17 §7.14 on Tessera's notes. A note is a string whose first word is its
 * kind; the libc maps the kind to a signal number ("interrupt" SIGINT, "terminate"
 * SIGTERM, "alarm" SIGALRM, "abort" SIGABRT, ... docs/sdk/posix-and-signals.md) and
 * calls the handler signal() installed. A handler stays installed after it runs, and
 * notes arriving meanwhile wait for it to return. A note nothing handles ends the
 * process with the note as its status, as it would without the libc. Faults are not
 * notes on Tessera (the kernel ends a faulting process at once), so a handler for
 * SIGSEGV, SIGFPE or SIGILL runs only for raise() or a note posted by a program. A
 * handler must return (not longjmp) for later notes to arrive. */
#ifndef _SIGNAL_H
#define _SIGNAL_H

typedef int sig_atomic_t;

#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)
#define SIG_ERR ((void (*)(int))-1)

/* The usual numbers, so ports that print or compare them see familiar values. */
#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define NSIG 18

void (*signal(int sig, void (*handler)(int)))(int);
int raise(int sig);

#endif
