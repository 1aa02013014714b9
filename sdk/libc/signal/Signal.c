/* Signal handling (C17 §7.14) on the OS layer's events (OsSignal.h): on Tessera, notes.
 * Each signal number has a note kind, the note's first word. A note comes in through
 * deliver(): the handler for its kind runs; with none (SIG_DFL) the process ends with
 * the note as its status, which is what the kernel does when no handler is installed at
 * all; SIG_IGN drops it. Notes are only listened for once a program installs a handler,
 * so a program that never calls signal() keeps the kernel's behaviour untouched. */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "../os/Os.h"
#include "../os/OsSignal.h"

typedef void (*Handler)(int);

/* Read and written atomically: a note may come in on any thread. SIG_DFL is 0. */
static Handler g_handlers[NSIG];
static int g_listening;

/* The note kinds, the first of each signal its name (the exit status of raise() with the
 * default action). The fault kinds are the kernel's words (kernel/proc/Faults.cpp), the
 * others a convention between programs. */
static const struct {
    const char* kind;
    int sig;
} KINDS[] = {
    { "hangup", SIGHUP }, { "interrupt", SIGINT }, { "quit", SIGQUIT }, { "illegal", SIGILL },
    { "breakpoint", SIGTRAP }, { "abort", SIGABRT }, { "alignment", SIGBUS }, { "divbyzero", SIGFPE },
    { "floatingpoint", SIGFPE }, { "kill", SIGKILL }, { "user1", SIGUSR1 }, { "pagefault", SIGSEGV },
    { "protection", SIGSEGV }, { "user2", SIGUSR2 }, { "pipe", SIGPIPE }, { "alarm", SIGALRM },
    { "terminate", SIGTERM }, { "child", SIGCHLD },
};
#define KIND_COUNT (sizeof(KINDS) / sizeof(KINDS[0]))

static const char* kind_of(int sig)
{
    for (size_t i = 0; i < KIND_COUNT; ++i) {
        if (KINDS[i].sig == sig)
            return KINDS[i].kind;
    }
    return 0;
}

/* The signal a note stands for, or 0 for a kind without one. */
static int signal_of(const char* note)
{
    size_t length = strcspn(note, " ");
    for (size_t i = 0; i < KIND_COUNT; ++i) {
        if (strlen(KINDS[i].kind) == length && strncmp(note, KINDS[i].kind, length) == 0)
            return KINDS[i].sig;
    }
    return 0;
}

/* SIGCHLD is the one signal (of these) whose default action is to be ignored. */
static int ignored_by_default(int sig) { return sig == SIGCHLD; }

/* errno belongs to the code the note interrupted: the handler's calls must not change it. */
static void deliver(const char* note)
{
    int saved_errno = errno;
    int sig = signal_of(note);
    Handler handler = sig ? __atomic_load_n(&g_handlers[sig], __ATOMIC_ACQUIRE) : SIG_DFL;
    if (handler == SIG_IGN)
        return;
    if (handler == SIG_DFL) {
        if (ignored_by_default(sig))
            return;
        __os_exit_status(note);
    }
    handler(sig);
    errno = saved_errno;
}

Handler signal(int sig, Handler handler)
{
    if (!kind_of(sig) || sig == SIGKILL || handler == SIG_ERR) {
        errno = EINVAL;
        return SIG_ERR;
    }
    Handler previous = __atomic_exchange_n(&g_handlers[sig], handler, __ATOMIC_ACQ_REL);
    if (handler != SIG_DFL && !__atomic_exchange_n(&g_listening, 1, __ATOMIC_ACQ_REL)) {
        long result = __os_signal_listen(deliver);
        if (result < 0) {
            __atomic_store_n(&g_listening, 0, __ATOMIC_RELEASE);
            __atomic_store_n(&g_handlers[sig], previous, __ATOMIC_RELEASE);
            errno = (int)-result;
            return SIG_ERR;
        }
    }
    return previous;
}

/* The handler runs at once on the calling thread; with the default action the process
 * ends with the signal's note kind ("abort", "terminate", ...) as its status. */
int raise(int sig)
{
    const char* kind = kind_of(sig);
    if (!kind) {
        errno = EINVAL;
        return -1;
    }
    Handler handler = __atomic_load_n(&g_handlers[sig], __ATOMIC_ACQUIRE);
    if (handler == SIG_IGN)
        return 0;
    if (handler == SIG_DFL) {
        if (ignored_by_default(sig))
            return 0;
        __os_exit_status(kind);
    }
    handler(sig);
    return 0;
}
