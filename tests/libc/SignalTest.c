/* <signal.h>: raise() runs the installed handler with the signal's number, SIG_IGN
 * ignores, signal() hands back the previous handler and refuses bad numbers, abort()
 * goes through SIGABRT's handler. On Tessera also real notes, posted to this process
 * through /proc/self/note, reaching the handler of their kind, and leaving the vector
 * registers and errno of the code they interrupted as they were. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifndef __linux__
#include <tessera/syscall.h>
#endif

#include "Check.h"

static volatile sig_atomic_t g_count;
static volatile sig_atomic_t g_last;

static void count(int sig)
{
    ++g_count;
    g_last = sig;
}

static void other(int sig) { (void)sig; }

static jmp_buf g_abort_jump;

static void leave_abort(int sig) { longjmp(g_abort_jump, sig); }

static void check_raise(void)
{
    g_count = 0;
    CHECK(signal(SIGUSR1, count) == SIG_DFL);
    CHECK(raise(SIGUSR1) == 0 && g_count == 1 && g_last == SIGUSR1);
    CHECK(raise(SIGUSR1) == 0 && g_count == 2); /* still installed */
    CHECK(signal(SIGUSR2, count) == SIG_DFL);
    CHECK(raise(SIGUSR2) == 0 && g_count == 3 && g_last == SIGUSR2);
    CHECK(signal(SIGUSR1, other) == count);
    CHECK(raise(SIGUSR1) == 0 && g_count == 3);
    CHECK(signal(SIGUSR1, SIG_IGN) == other);
    CHECK(raise(SIGUSR1) == 0 && g_count == 3);
    CHECK(signal(SIGUSR1, SIG_DFL) == SIG_IGN);
    CHECK(signal(SIGUSR2, SIG_DFL) == count);
    /* SIGCHLD's default action is to ignore it. */
    CHECK(raise(SIGCHLD) == 0);

    static const int BAD[] = { 0, -1, 16, NSIG, 1000 };
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); ++i) {
        errno = 0;
        CHECK(signal(BAD[i], count) == SIG_ERR && errno == EINVAL);
        CHECK(raise(BAD[i]) != 0);
    }
    errno = 0;
    CHECK(signal(SIGKILL, count) == SIG_ERR && errno == EINVAL);
    CHECK(signal(SIGINT, SIG_ERR) == SIG_ERR);
    CHECK(signal(SIGINT, SIG_DFL) == SIG_DFL); /* the failures changed nothing */

    /* abort() runs SIGABRT's handler; this one never returns, so abort() does not end
     * the process. */
    CHECK(signal(SIGABRT, leave_abort) == SIG_DFL);
    volatile int aborted = 0;
    int sig = setjmp(g_abort_jump);
    if (sig == 0) {
        ++aborted;
        abort();
    }
    CHECK(aborted == 1 && sig == SIGABRT);
    CHECK(signal(SIGABRT, SIG_DFL) == leave_abort);
}

#ifndef __linux__
/* Posts `note` to this process. The kernel delivers notes on the way back to user mode,
 * so by the time a later system call returns the handler has run. */
static void post(const char* note)
{
    int fd = open("/proc/self/note", O_WRONLY);
    CHECK(fd >= 0);
    CHECK(write(fd, note, strlen(note)) == (long)strlen(note));
    CHECK(close(fd) == 0);
}

static void wait_for_count(int expected)
{
    struct timespec now;
    for (int i = 0; i < 1000 && g_count < expected; ++i)
        clock_gettime(CLOCK_MONOTONIC, &now); /* one system call, one chance for the note */
}

/* A handler that uses the vector registers and errno, as any C code may. */
static void scribble(int sig)
{
    ++g_count;
    g_last = sig;
    errno = EDOM;
    __asm__ volatile("pcmpeqd %%xmm7, %%xmm7" ::: "xmm7");
}

/* The note arrives on the way out of a write system call made with a value in xmm7 and
 * errno set: both must be as they were when the interrupted code carries on. */
static void check_note_keeps_state(void)
{
    g_count = 0;
    CHECK(signal(SIGUSR2, scribble) == SIG_DFL);
    int fd = open("/proc/self/note", O_WRONLY);
    CHECK(fd >= 0);
    static const char NOTE[] = "user2 scribble";
    unsigned long long kept = 0x0123456789abcdefull, after = 0;
    long result = SYS_write;
    errno = ERANGE;
    __asm__ volatile("movq %[kept], %%xmm7\n\t"
                     "syscall\n\t"
                     "movq %%xmm7, %[after]"
                     : "+a"(result), [after] "=r"(after)
                     : "D"((long)fd), "S"(NOTE), "d"(sizeof(NOTE) - 1), [kept] "r"(kept)
                     : "rcx", "r11", "memory", "xmm7");
    int errno_after = errno;
    CHECK(result == (long)sizeof(NOTE) - 1 && g_count == 1 && g_last == SIGUSR2);
    CHECK(after == kept);
    CHECK(errno_after == ERANGE);
    CHECK(close(fd) == 0);
    CHECK(signal(SIGUSR2, SIG_DFL) == scribble);
}

static void check_notes(void)
{
    g_count = 0;
    g_last = 0;
    CHECK(signal(SIGALRM, count) == SIG_DFL);
    post("alarm ring");
    wait_for_count(1);
    CHECK(g_count == 1 && g_last == SIGALRM);
    CHECK(signal(SIGTERM, count) == SIG_DFL);
    post("terminate please");
    wait_for_count(2);
    CHECK(g_count == 2 && g_last == SIGTERM);
    /* An ignored note comes and goes: the process carries on to the next one. */
    CHECK(signal(SIGUSR1, SIG_IGN) == SIG_DFL);
    post("user1 ignore me");
    post("alarm again");
    wait_for_count(3);
    CHECK(g_count == 3 && g_last == SIGALRM);
    CHECK(signal(SIGUSR1, SIG_DFL) == SIG_IGN);
    CHECK(signal(SIGTERM, SIG_DFL) == count);
    CHECK(signal(SIGALRM, SIG_DFL) == count);
    check_note_keeps_state();
}
#endif

void test_signal(void)
{
    check_raise();
#ifndef __linux__
    check_notes();
#endif
}
