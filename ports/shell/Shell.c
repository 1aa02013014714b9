/* sh: Tessera's shell. Reads lines (the console's line discipline does the editing),
 * keeps a history, expands `!!` and `!N`, parses (Parse.h) and runs them (Run.c).
 *
 *   sh              interactive when standard input is the console: prompt $PS1
 *   sh FILE         runs the lines of FILE
 *   sh -c LINE      runs one line
 * The status of the shell is that of the last pipeline it ran ("ok" or "exit N"). */
#include <errno.h>
#include <fcntl.h>
#include <patchwork.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Shell.h"

enum { HISTORY_MAX = 100 };
static char* g_history[HISTORY_MAX];
static int g_history_count; /* lines ever added; entry n (1-based) is at (n-1) % MAX */
static int g_exit_requested;
static int g_exit_code;
/* Set by the note handler when ^C arrives at the prompt (the note "interrupt", SIGINT
 * in the libc's terms). The console has already thrown the typed line away. */
static volatile sig_atomic_t g_interrupted;

static void on_interrupt(int signal)
{
    (void)signal;
    g_interrupted = 1;
}

void say(int fd, const char* text) { swrite(fd, text); }

const char* shell_lookup(const char* name, void* context)
{
    (void)context;
    if (!strcmp(name, "?"))
        return g_last_status;
    return getenv(name);
}

static const char* history_entry(int number)
{
    if (number < 1 || number > g_history_count || number <= g_history_count - HISTORY_MAX)
        return 0;
    return g_history[(number - 1) % HISTORY_MAX];
}

static void history_add(const char* line)
{
    char* copy = strdup(line);
    if (!copy)
        return;
    int slot = g_history_count % HISTORY_MAX;
    free(g_history[slot]);
    g_history[slot] = copy;
    ++g_history_count;
}

/* ---- builtins ---- */

static int builtin_cd(int argc, char** argv, int out, int err)
{
    (void)out;
    const char* target = argc > 1 ? argv[1] : getenv("HOME");
    if (!target)
        target = "/";
    if (chdir(target) < 0) {
        say(err, F("cd: %s: %s\n", target, strerror(errno)));
        return 1;
    }
    return 0;
}

static int builtin_pwd(int argc, char** argv, int out, int err)
{
    (void)argc, (void)argv;
    char path[1024];
    if (!getcwd(path, sizeof(path))) {
        say(err, F("pwd: %s\n", strerror(errno)));
        return 1;
    }
    say(out, F("%s\n", path));
    return 0;
}

static int builtin_exit(int argc, char** argv, int out, int err)
{
    (void)out;
    int code = 0;
    if (argc > 1) {
        char* end;
        long value = strtol(argv[1], &end, 10);
        if (!*argv[1] || *end || value < 0 || value > 255) {
            say(err, F("exit: %s: not a number from 0 to 255\n", argv[1]));
            return 1;
        }
        code = (int)value;
    } else if (strcmp(g_last_status, "ok") != 0) {
        code = 1;
    }
    g_exit_requested = 1;
    g_exit_code = code;
    return code;
}

static int builtin_history(int argc, char** argv, int out, int err)
{
    (void)argc, (void)argv, (void)err;
    int first = g_history_count > HISTORY_MAX ? g_history_count - HISTORY_MAX + 1 : 1;
    for (int n = first; n <= g_history_count; ++n)
        say(out, F("%5d  %s\n", n, history_entry(n)));
    return 0;
}

static int builtin_export(int argc, char** argv, int out, int err)
{
    (void)out;
    int status = 0;
    for (int i = 1; i < argc; ++i) {
        char* equals = strchr(argv[i], '=');
        if (!equals || equals == argv[i]) {
            say(err, F("export: %s: expected NAME=value\n", argv[i]));
            status = 1;
            continue;
        }
        *equals = 0;
        if (setenv(argv[i], equals + 1, 1) < 0) {
            say(err, F("export: %s: %s\n", argv[i], strerror(errno)));
            status = 1;
        }
        *equals = '=';
    }
    return status;
}

static int builtin_unset(int argc, char** argv, int out, int err)
{
    (void)out, (void)err;
    for (int i = 1; i < argc; ++i)
        unsetenv(argv[i]);
    return 0;
}

static int builtin_true(int argc, char** argv, int out, int err) { return (void)argc, (void)argv, (void)out, (void)err, 0; }
static int builtin_false(int argc, char** argv, int out, int err) { return (void)argc, (void)argv, (void)out, (void)err, 1; }

static int builtin_help(int argc, char** argv, int out, int err);

static const struct {
    const char* name;
    builtin_fn fn;
    const char* usage;
} g_builtins[] = {
    { "cd", builtin_cd, "cd [DIR]            change the working directory ($HOME without DIR)" },
    { "pwd", builtin_pwd, "pwd                 print the working directory" },
    { "exit", builtin_exit, "exit [N]            leave the shell with status N" },
    { "history", builtin_history, "history             list the lines typed so far (!! and !N repeat one)" },
    { "export", builtin_export, "export NAME=value   set an environment variable" },
    { "unset", builtin_unset, "unset NAME          remove an environment variable" },
    { "true", builtin_true, "true, false         succeed, fail" },
    { "false", builtin_false, 0 },
    { "help", builtin_help, "help                this text" },
};

static int builtin_help(int argc, char** argv, int out, int err)
{
    (void)argc, (void)argv, (void)err;
    say(out, "Tessera shell. Commands are programs in $PATH (/bin) or these builtins:\n");
    for (size_t i = 0; i < sizeof(g_builtins) / sizeof(g_builtins[0]); ++i) {
        if (g_builtins[i].usage)
            say(out, F("  %s\n", g_builtins[i].usage));
    }
    say(out, "Syntax: a | b  (pipe)   < in  > out  >> out  2> err  2>&1   a && b   a || b   a ; b\n"
             "        'literal' \"with $VAR\" \\c   $NAME ${NAME} $? (last status)   # comment\n"
             "A command killed by a note is reported with the note, e.g. `sh: x: pagefault at ...'.\n");
    return 0;
}

builtin_fn find_builtin(const char* name)
{
    for (size_t i = 0; i < sizeof(g_builtins) / sizeof(g_builtins[0]); ++i) {
        if (!strcmp(g_builtins[i].name, name))
            return g_builtins[i].fn;
    }
    return 0;
}

/* ---- the read loop ---- */

/* Reads one line (without its newline) into a growing buffer; NULL at end of input. A
 * read cut short by ^C gives the empty line (the caller prompts again). */
static char* read_line(FILE* in)
{
    size_t length = 0, capacity = 128;
    char* line = malloc(capacity);
    if (!line)
        return 0;
    int c;
    while ((c = fgetc(in)) != EOF && c != '\n') {
        if (length + 1 == capacity) {
            char* bigger = realloc(line, capacity *= 2);
            if (!bigger)
                break;
            line = bigger;
        }
        line[length++] = (char)c;
    }
    if (c == EOF && ferror(in) && g_interrupted) {
        clearerr(in);
        length = 0;
    } else if (c == EOF && length == 0) {
        free(line);
        return 0;
    }
    line[length] = 0;
    return line;
}

/* Runs one line; `interactive` lines go into the history. */
static void run_line(const char* line, int interactive)
{
    const char* text = line;
    if (line[0] == '!' && line[1]) {
        const char* recalled = line[1] == '!' ? history_entry(g_history_count) : history_entry(atoi(line + 1));
        if (!recalled) {
            say(2, F("sh: %s: event not found\n", line));
            snprintf(g_last_status, sizeof(g_last_status), "exit 1");
            return;
        }
        text = recalled;
        say(1, F("%s\n", text));
    }
    char* copy = strdup(text);
    if (!copy)
        return;
    if (interactive && strspn(copy, " \t") != strlen(copy))
        history_add(copy);
    sh_list list;
    char error[160];
    if (sh_parse(copy, &list, error, sizeof(error)) < 0) {
        say(2, F("sh: %s\n", error));
        snprintf(g_last_status, sizeof(g_last_status), "exit 2");
    } else {
        run_list(&list);
        sh_free(&list);
    }
    free(copy);
}

static int finish(void)
{
    if (g_exit_requested)
        return g_exit_code;
    return strcmp(g_last_status, "ok") == 0 ? 0 : 1;
}

int main(int argc, char** argv)
{
    if (argc > 2 && !strcmp(argv[1], "-c")) {
        run_line(argv[2], 0);
        return finish();
    }
    FILE* in = stdin;
    if (argc > 1) {
        in = fopen(argv[1], "r");
        if (!in) {
            say(2, F("sh: %s: %s\n", argv[1], strerror(errno)));
            return 2;
        }
    }
    int interactive = argc == 1 && isatty(0);
    if (interactive) {
        say(1, "Tessera shell; `help' lists what it does.\n");
        /* ^C at the prompt comes here and only gets a fresh prompt. */
        if (signal(SIGINT, on_interrupt) != SIG_ERR) {
            g_idle_interrupt_target = proc_self();
            ctl("/dev/consctl", "interrupt %ld", g_idle_interrupt_target);
        }
    }
    while (!g_exit_requested) {
        g_interrupted = 0;
        if (interactive) {
            const char* prompt = getenv("PS1");
            say(1, prompt ? prompt : "$ ");
        }
        char* line = read_line(in);
        if (!line)
            break;
        run_line(line, interactive);
        free(line);
    }
    if (interactive && !g_exit_requested)
        say(1, "\n");
    return finish();
}
