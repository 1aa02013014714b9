/* Run: executes parsed pipelines. Each command is spawned suspended with its standard
 * descriptors configured through /proc/<pid>/ctl (libpatchwork's spawn_configured);
 * pipes come from /dev/pipe/new. While a pipeline runs, ^C on the console interrupts its
 * last command (/dev/consctl "interrupt PID"). A child that a note killed has that note
 * as its status, and the shell prints it. */
#include <errno.h>
#include <fcntl.h>
#include <patchwork.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "Shell.h"

char g_last_status[256] = "ok";

static void set_status(const char* status) { snprintf(g_last_status, sizeof(g_last_status), "%s", status); }

/* Finds name in $PATH (default /bin) unless it names a path itself. */
static char* resolve(const char* name)
{
    if (strchr(name, '/'))
        return strdup(name);
    const char* path = getenv("PATH");
    if (!path || !*path)
        path = "/bin";
    for (const char* dir = path; *dir;) {
        const char* end = strchr(dir, ':');
        size_t length = end ? (size_t)(end - dir) : strlen(dir);
        const char* candidate = F("%.*s/%s", (int)length, dir, name);
        struct stat info;
        if (length && stat(candidate, &info) == 0 && !S_ISDIR(info.st_mode))
            return strdup(candidate);
        dir += length + (end ? 1 : 0);
    }
    return 0;
}

/* A command with its words expanded, as it runs. */
typedef struct {
    const sh_command* parsed;
    int argc;
    char** argv;                      /* NULL-terminated */
    char* paths[SH_MAX_REDIRECTS];    /* the redirections' paths, expanded */
} expanded;

static void free_expanded(expanded* e)
{
    for (int i = 0; i < e->argc; ++i)
        free(e->argv[i]);
    free(e->argv);
    for (int i = 0; i < SH_MAX_REDIRECTS; ++i)
        free(e->paths[i]);
}

/* Expands a command's words now, when it is about to run. Returns -1 (having said why)
 * without memory or for a redirection whose path expands to nothing. */
static int expand_command(const sh_command* command, expanded* out)
{
    *out = (expanded) { .parsed = command };
    out->argv = calloc((size_t)command->argc + 1, sizeof(char*));
    if (!out->argv)
        goto no_memory;
    for (int i = 0; i < command->argc; ++i) {
        char* word;
        if (sh_expand(command->argv[i], shell_lookup, 0, &word) < 0)
            goto no_memory;
        if (word)
            out->argv[out->argc++] = word;
    }
    for (int i = 0; i < command->redirect_count; ++i) {
        if (!command->redirects[i].path)
            continue;
        if (sh_expand(command->redirects[i].path, shell_lookup, 0, &out->paths[i]) < 0)
            goto no_memory;
        if (!out->paths[i]) {
            say(2, "sh: a redirection's path expands to nothing\n");
            return -1;
        }
    }
    return 0;
no_memory:
    say(2, "sh: out of memory\n");
    return -1;
}

/* Opens a redirection's file: the descriptor, or -1 after saying why. */
static int open_redirect(const sh_redirect* r, const char* path)
{
    int flags = r->fd == 0 ? O_RDONLY : O_WRONLY | O_CREAT | (r->append ? O_APPEND : O_TRUNC);
    int fd = open(path, flags, 0666);
    if (fd < 0)
        say(2, F("sh: %s: %s\n", path, strerror(errno)));
    return fd;
}

/* Applies a command's redirections on top of fds[3]; opened descriptors are added to
 * opened[] (closed by the caller). Returns -1 when one fails. */
static int apply_redirects(const expanded* command, int fds[3], int* opened, int* opened_count)
{
    for (int i = 0; i < command->parsed->redirect_count; ++i) {
        const sh_redirect* r = &command->parsed->redirects[i];
        if (r->to_fd >= 0) {
            fds[r->fd] = fds[r->to_fd];
            continue;
        }
        int fd = open_redirect(r, command->paths[i]);
        if (fd < 0)
            return -1;
        opened[(*opened_count)++] = fd;
        fds[r->fd] = fd;
    }
    return 0;
}

/* ^C on the console goes to the pipeline's last command: named before it starts, so a
 * ^C typed as soon as it runs finds it; afterwards back to the shell (interactive) or
 * nobody. No console (a script's input): the ctl writes fail, and nothing changes. */
long g_idle_interrupt_target;

static void interrupt_target(long pid) { ctl("/dev/consctl", "interrupt %ld", pid); }
static int name_interrupt_target(long pid, void* context)
{
    (void)context;
    interrupt_target(pid);
    return 0;
}

/* Tells why a child failed when a note killed it; quiet for "exit N". */
static void report(const char* name, const char* status)
{
    if (strcmp(status, "ok") != 0 && strncmp(status, "exit ", 5) != 0)
        say(2, F("sh: %s: %s\n", name, status));
}

static void run_pipeline(const sh_pipeline* pipeline)
{
    enum { MAX = 32 };
    if (pipeline->count > MAX) {
        say(2, "sh: pipeline too long\n");
        set_status("exit 1");
        return;
    }
    expanded commands[MAX];
    int ready = 0;
    for (; ready < pipeline->count; ++ready) {
        if (expand_command(&pipeline->commands[ready], &commands[ready]) < 0) {
            free_expanded(&commands[ready]);
            break;
        }
        if (commands[ready].argc == 0 && pipeline->count > 1) {
            say(2, "sh: a command in a pipeline expands to nothing\n");
            free_expanded(&commands[ready]);
            break;
        }
    }
    if (ready < pipeline->count) {
        for (int i = 0; i < ready; ++i)
            free_expanded(&commands[i]);
        set_status("exit 1");
        return;
    }
    if (commands[0].argc == 0) { /* `$EMPTY` alone: nothing to run */
        free_expanded(&commands[0]);
        set_status("ok");
        return;
    }

    /* A lone builtin runs in the shell, its output redirected. */
    builtin_fn builtin = pipeline->count == 1 ? find_builtin(commands[0].argv[0]) : 0;
    if (builtin) {
        int fds[3] = { 0, 1, 2 }, opened[SH_MAX_REDIRECTS], opened_count = 0;
        int result = apply_redirects(&commands[0], fds, opened, &opened_count) < 0
            ? 1 : builtin(commands[0].argc, commands[0].argv, fds[1], fds[2]);
        for (int i = 0; i < opened_count; ++i)
            close(opened[i]);
        set_status(result == 0 ? "ok" : F("exit %d", result));
        free_expanded(&commands[0]);
        return;
    }
    long pids[MAX];
    int previous_read = -1;
    int started = 0, failed = 0;
    for (int i = 0; i < pipeline->count && !failed; ++i) {
        expanded* command = &commands[i];
        int pipe_fds[2] = { -1, -1 };
        if (i + 1 < pipeline->count && open2("/dev/pipe/new", pipe_fds) < 0) {
            say(2, F("sh: pipe: %s\n", strerror(errno)));
            failed = 1;
        }
        int fds[3] = { previous_read >= 0 ? previous_read : 0, pipe_fds[1] >= 0 ? pipe_fds[1] : 1, 2 };
        int opened[SH_MAX_REDIRECTS], opened_count = 0;
        char* path = 0;
        if (!failed && apply_redirects(command, fds, opened, &opened_count) < 0)
            failed = 1;
        if (!failed && !(path = resolve(command->argv[0]))) {
            say(2, F("sh: %s: command not found\n", command->argv[0]));
            failed = 1;
        }
        if (!failed) {
            char* name = command->argv[0];
            command->argv[0] = path;
            spawn_config config = { { fds[0], fds[1], fds[2] }, 1, 0, 0, 0, 0 };
            if (i + 1 == pipeline->count)
                config.before_start = name_interrupt_target;
            long pid = spawn_configured((const char* const*)command->argv, &config);
            command->argv[0] = name;
            if (pid < 0) {
                say(2, F("sh: %s: %s\n", name, strerror(errno)));
                failed = 1;
            } else {
                pids[started++] = pid;
            }
        }
        free(path);
        for (int j = 0; j < opened_count; ++j)
            close(opened[j]);
        if (previous_read >= 0)
            close(previous_read);
        if (pipe_fds[1] >= 0)
            close(pipe_fds[1]);
        previous_read = pipe_fds[0];
    }
    if (previous_read >= 0)
        close(previous_read);
    char status[256] = "exit 127";
    for (int i = 0; i < started; ++i) {
        char* result = proc_wait(pids[i]);
        const char* shown = result ? result : "(status lost)";
        report(commands[i].argv[0], shown);
        if (i == started - 1 && !failed)
            snprintf(status, sizeof(status), "%s", shown);
        free(result);
    }
    if (started)
        interrupt_target(g_idle_interrupt_target);
    for (int i = 0; i < pipeline->count; ++i)
        free_expanded(&commands[i]);
    set_status(failed ? "exit 127" : status);
}

void run_list(const sh_list* list)
{
    for (int i = 0; i < list->count; ++i) {
        run_pipeline(&list->pipelines[i]);
        /* Skip what the joint rules out: `a && b` runs b only after success, `a || b` only
         * after failure; a skipped pipeline passes the status on to the next joint. */
        while (i + 1 < list->count) {
            sh_joint joint = list->pipelines[i].next;
            int ok = strcmp(g_last_status, "ok") == 0;
            if (joint == SH_THEN || (joint == SH_AND && ok) || (joint == SH_OR && !ok))
                break;
            ++i;
        }
    }
}
