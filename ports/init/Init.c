/* init: the first process. Reads /etc/init.conf (Config.h) and runs its commands in
 * order, then supervises what it started: a console program is restarted when it ends,
 * a `console-once` program's exit ends init with the same status (for tests), and every
 * child is reaped. Its own messages go to its standard output, the kernel log.
 *
 *   mount DIR tmpfs        a fresh tmpfs at DIR (created if missing)
 *   env NAME VALUE         set in init's environment, inherited by everything later
 *   service PATH ARGS...   start a program in the background
 *   console PATH ARGS...   run a program on the console, restarted when it ends
 *   console-once PATH ...  run a program on the console; init exits with its status
 */
#include <errno.h>
#include <fcntl.h>
#include <patchwork.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tessera/syscall.h>
#include <time.h>
#include <unistd.h>

#include "Config.h"

enum { MAX_CHILDREN = 32, QUICK_EXIT_NS = 1000000000, MAX_QUICK_EXITS = 5 };
enum kind { SERVICE, CONSOLE, CONSOLE_ONCE };

struct child {
    long pid;
    int wait_fd;
    enum kind kind;
    char** argv;
    long long started_ns;
    int quick_exits;
};

static struct child g_children[MAX_CHILDREN];
static int g_child_count;
static int g_console = -1;

static long long now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000 + now.tv_nsec;
}

static void report(int line, const char* error) { printf("/etc/init.conf:%d: %s\n", line, error); }

/* The console programs run on: the interactive serial console, else the log console. */
static int console_fd(void)
{
    if (g_console < 0) {
        g_console = (int)open("/dev/cons", O_RDWR);
        if (g_console < 0)
            g_console = (int)open("/dev/console", O_WRONLY);
    }
    return g_console;
}

static int start(struct child* child)
{
    spawn_config config = SPAWN_INHERIT;
    if (child->kind != SERVICE) {
        int fd = console_fd();
        if (fd < 0) {
            printf("%s: no console (%s)\n", child->argv[0], strerror(errno));
            return -1;
        }
        config.fds[0] = config.fds[1] = config.fds[2] = fd;
    }
    config.close_others = 1;
    child->pid = spawn_configured((const char* const*)child->argv, &config);
    if (child->pid < 0) {
        printf("cannot start %s: %s\n", child->argv[0], strerror(errno));
        return -1;
    }
    child->wait_fd = (int)open(F("/proc/%ld/wait", child->pid), O_RDONLY);
    if (child->wait_fd < 0) {
        printf("cannot watch %s (pid %ld): %s\n", child->argv[0], child->pid, strerror(errno));
        return -1;
    }
    child->started_ns = now_ns();
    return 0;
}

static void add_child(enum kind kind, char** argv)
{
    if (g_child_count == MAX_CHILDREN) {
        printf("too many programs; %s not started\n", argv[0]);
        return;
    }
    struct child* child = &g_children[g_child_count];
    *child = (struct child) { .kind = kind, .argv = argv, .wait_fd = -1 };
    if (start(child) == 0)
        ++g_child_count;
}

static void run_command(config_command* command)
{
    char** w = command->words;
    if (!strcmp(w[0], "mount") && command->count == 3) {
        if (strcmp(w[2], "tmpfs") != 0)
            printf("/etc/init.conf:%d: mount: only tmpfs exists\n", command->line);
        else if (dir_make(w[1]) < 0 || ctl("/proc/self/ctl", "mount %s tmpfs", w[1]) < 0)
            printf("/etc/init.conf:%d: mount %s: %s\n", command->line, w[1], strerror(errno));
    } else if (!strcmp(w[0], "env") && command->count == 3) {
        if (setenv(w[1], w[2], 1) < 0)
            printf("/etc/init.conf:%d: env %s: %s\n", command->line, w[1], strerror(errno));
    } else if (!strcmp(w[0], "service") && command->count >= 2) {
        add_child(SERVICE, w + 1);
    } else if (!strcmp(w[0], "console") && command->count >= 2) {
        add_child(CONSOLE, w + 1);
    } else if (!strcmp(w[0], "console-once") && command->count >= 2) {
        add_child(CONSOLE_ONCE, w + 1);
    } else {
        printf("/etc/init.conf:%d: unknown or malformed command \"%s\"\n", command->line, w[0]);
    }
}

/* Handles one ended child. Returns 1 when init itself should end. */
static int ended(struct child* child, const char* status)
{
    printf("%s (pid %ld) exited: %s\n", child->argv[0], child->pid, status);
    close(child->wait_fd);
    child->wait_fd = -1;
    if (child->kind == CONSOLE_ONCE)
        return 1;
    if (child->kind == CONSOLE) {
        child->quick_exits = now_ns() - child->started_ns < QUICK_EXIT_NS ? child->quick_exits + 1 : 0;
        if (child->quick_exits >= MAX_QUICK_EXITS) {
            printf("%s keeps exiting at once; not restarting it\n", child->argv[0]);
            return 0;
        }
        start(child);
    }
    return 0;
}

int main(void)
{
    setvbuf(stdout, 0, _IOLBF, 0);
    char* text = sreadfile("/etc/init.conf");
    config_command* commands = 0;
    int count = 0;
    static char fallback[] = "console /bin/sh";
    if (!text) {
        printf("no /etc/init.conf (%s): starting /bin/sh on the console\n", strerror(errno));
        text = fallback;
    }
    count = config_parse(text, &commands, report);
    for (int i = 0; i < count; ++i)
        run_command(&commands[i]);

    for (;;) {
        struct ts_pollfd fds[MAX_CHILDREN];
        struct child* owners[MAX_CHILDREN];
        int watched = 0;
        for (int i = 0; i < g_child_count; ++i) {
            if (g_children[i].wait_fd >= 0) {
                fds[watched] = (struct ts_pollfd) { .fd = g_children[i].wait_fd, .events = TS_POLL_READ };
                owners[watched++] = &g_children[i];
            }
        }
        if (!watched) {
            printf("nothing left to supervise\n");
            return 0;
        }
        long ready = ts_poll((long)fds, watched, -1);
        if (ready < 0) {
            if (ready == -TS_EINTR)
                continue;
            printf("poll: %s\n", strerror((int)-ready));
            return 1;
        }
        for (int i = 0; i < watched; ++i) {
            if (!fds[i].revents)
                continue;
            char* status = sread(owners[i]->wait_fd);
            const char* shown = status ? status : "(status unreadable)";
            size_t length = strlen(shown);
            if (status && length && status[length - 1] == '\n')
                status[length - 1] = 0;
            int done = ended(owners[i], shown);
            if (done) {
                /* init's own status is the program's: "ok" passes a test boot. */
                fflush(stdout);
                if (status && !strcmp(status, "ok"))
                    exit(0);
                fprintf(stdout, "ending with the console program's status\n");
                fflush(stdout);
                exit(1);
            }
            free(status);
        }
    }
}
