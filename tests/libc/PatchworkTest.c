/* libpatchwork (sdk/libpatchwork): the portable helpers on both Tessera and the Linux
 * host; the /proc and spawning helpers only where /proc is Tessera's. */
#include <errno.h>
#include <patchwork.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Check.h"

#define DIR "/tmp/libc-patchwork"

/* Tessera's /proc/self/status starts "state running"; Linux's "Name:". */
static int on_tessera(void)
{
    char* status = sreadfile("/proc/self/status");
    int yes = status && strncmp(status, "state ", 6) == 0;
    free(status);
    return yes;
}

static void test_strings(void)
{
    CHECK(swritefile(DIR "/a", "first\n") == 6);
    char* text = sreadfile(DIR "/a");
    CHECK(text && strcmp(text, "first\n") == 0);
    free(text);
    /* Replacing truncates; a path's own flags append instead. */
    CHECK(swritefile(DIR "/a", "2\n") == 2);
    CHECK(swritefile(DIR "/a:append", "3\n") == 2);
    text = sreadfile(DIR "/a");
    CHECK(text && strcmp(text, "2\n3\n") == 0);
    free(text);
    /* A file larger than any one read buffer comes back whole. */
    char* big = malloc(100001);
    CHECK(big != 0);
    if (big) {
        for (int i = 0; i < 100000; ++i)
            big[i] = (char)('a' + i % 26);
        big[100000] = 0;
        CHECK(swritefile(DIR "/big", big) == 100000);
        text = sreadfile(DIR "/big");
        CHECK(text && strlen(text) == 100000 && memcmp(text, big, 100000) == 0);
        free(text);
        free(big);
    }
    errno = 0;
    CHECK(sreadfile(DIR "/missing") == 0 && errno == ENOENT);
    CHECK(swritefile(DIR "/no/such/dir/file", "x") == -1 && errno == ENOENT);
    CHECK(swrite(-1, "x") == -1 && errno == EBADF);
}

static void test_format(void)
{
    const char* a = F("/proc/%d/%s", 42, "ctl");
    const char* b = F("dup2 %d %d", 3, 1);
    CHECK(strcmp(a, "/proc/42/ctl") == 0 && strcmp(b, "dup2 3 1") == 0);
    /* A result survives the next F_SLOTS - 1 calls. */
    const char* first = F("slot %d", 0);
    for (int i = 1; i < F_SLOTS; ++i)
        F("slot %d", i);
    CHECK(strcmp(first, "slot 0") == 0);
    /* Long results are not cut short. */
    char expected[3001];
    memset(expected, 'x', 3000);
    expected[3000] = 0;
    CHECK(strcmp(F("%s", expected), expected) == 0);
}

static void test_directories(void)
{
    CHECK(dir_make(DIR "/deep/er/est") == 0);
    CHECK(dir_make(DIR "/deep/er/est") == 0); /* already there: fine */
    CHECK(swritefile(DIR "/deep/b", "") == 0 && swritefile(DIR "/deep/a", "") == 0);
    size_t count = 99;
    char** names = dir_list(DIR "/deep", &count);
    CHECK(names && count == 3);
    if (names && count == 3)
        CHECK(!strcmp(names[0], "a") && !strcmp(names[1], "b") && !strcmp(names[2], "er") && !names[3]);
    list_free(names);
    CHECK(dir_list(DIR "/missing", &count) == 0 && errno == ENOENT);
}

static void test_processes(void)
{
    long self = proc_self();
    CHECK(self > 0);
    char* status = proc_read(self, "status");
    CHECK(status && strstr(status, "state running"));
    free(status);
    size_t count = 0;
    long* pids = proc_list(&count);
    int found = 0;
    for (size_t i = 0; pids && i < count; ++i) {
        found |= pids[i] == self;
        if (i)
            CHECK(pids[i - 1] < pids[i]);
    }
    CHECK(found);
    free(pids);
    /* A child whose output goes to a pipe, and its status. */
    int pipe[2];
    CHECK(open2("/dev/pipe/new", pipe) == 0);
    const char* argv[] = { "/bin/libc-tests", "--child", 0 };
    const char* env[] = { "PATCHWORK_GREETING=hello through env", 0 };
    spawn_config config = { { -1, pipe[1], -1 }, 1, env, 0, 0, 0 };
    long pid = spawn_configured(argv, &config);
    CHECK(pid > 0);
    close(pipe[1]);
    char* output = sread(pipe[0]);
    close(pipe[0]);
    CHECK(output && strcmp(output, "child: hello through env\n") == 0);
    free(output);
    char* exit_status = proc_wait(pid);
    CHECK(exit_status && strcmp(exit_status, "exit 3") == 0);
    free(exit_status);
    /* Killing with a reason; an unknown ctl command is refused with ENOENT, a bad
     * argument with its own error. The child blocks
     * reading a pipe nobody writes. */
    const char* stuck[] = { "/bin/libc-tests", "--child-wait", 0 };
    CHECK(open2("/dev/pipe/new", pipe) == 0);
    pid = spawn_configured(stuck, &(spawn_config) { { pipe[0], -1, -1 }, 1, 0, 0, 0, 0 });
    CHECK(pid > 0);
    CHECK(proc_ctl(pid, "no-such-command") == -1 && errno == ENOENT);
    CHECK(proc_ctl(pid, "close 9999") == -1 && errno == EBADF);
    CHECK(proc_kill(pid, "by the test") == 0);
    exit_status = proc_wait(pid);
    CHECK(exit_status && strcmp(exit_status, "kill by the test") == 0);
    free(exit_status);
    close(pipe[0]);
    close(pipe[1]);
    const char* missing[] = { "/bin/no-such-program", 0 };
    CHECK(spawn_configured(missing, 0) == -1 && errno == ENOENT);

    /* Swapping 1 and 2 needs the staged dup2s: a child (outputs on two pipes) spawns a
     * grandchild with { -1, 2, 1 }, whose writes to 1 and 2 must cross over. */
    int out[2], err[2];
    CHECK(open2("/dev/pipe/new", out) == 0 && open2("/dev/pipe/new", err) == 0);
    const char* swapper[] = { "/bin/libc-tests", "--child-swap", 0 };
    pid = spawn_configured(swapper, &(spawn_config) { { -1, out[1], err[1] }, 1, 0, 0, 0, 0 });
    CHECK(pid > 0);
    close(out[1]);
    close(err[1]);
    char* on_out = sread(out[0]);
    char* on_err = sread(err[0]);
    CHECK(on_out && strcmp(on_out, "written to 2\n") == 0);
    CHECK(on_err && strcmp(on_err, "written to 1\n") == 0);
    free(on_out);
    free(on_err);
    close(out[0]);
    close(err[0]);
    exit_status = proc_wait(pid);
    CHECK(exit_status && strcmp(exit_status, "ok") == 0);
    free(exit_status);
}

/* Runs argv with descriptors 1 and 2 swapped and returns its status. */
static char* spawn_wait_config(const char* const* argv)
{
    long pid = spawn_configured(argv, &(spawn_config) { { -1, 2, 1 }, 1, 0, 0, 0, 0 });
    return pid < 0 ? 0 : proc_wait(pid);
}

/* The child half of test_processes: libc-tests --child, --child-wait, --child-swap and
 * --child-write. */
int patchwork_child(const char* mode)
{
    if (!strcmp(mode, "--child")) {
        const char* greeting = getenv("PATCHWORK_GREETING");
        swrite(1, F("child: %s\n", greeting ? greeting : "(no greeting)"));
        return 3;
    }
    if (!strcmp(mode, "--child-swap")) {
        const char* writer[] = { "/bin/libc-tests", "--child-write", 0 };
        char* status = spawn_wait_config(writer);
        int ok = status && strcmp(status, "ok") == 0;
        free(status);
        return ok ? 0 : 1;
    }
    if (!strcmp(mode, "--child-write")) {
        swrite(1, "written to 1\n");
        swrite(2, "written to 2\n");
        return 0;
    }
    char buffer[1];
    read(0, buffer, 1); /* blocks until killed */
    return 0;
}

/* Removes a tree with dir_list (the Linux layer has no ":recursive"). */
static void remove_tree(const char* path)
{
    char** names = dir_list(path, 0);
    for (char** name = names; name && *name; ++name) {
        /* Copied: F's results do not outlive the recursion's own F calls. */
        char* child = strdup(F("%s/%s", path, *name));
        if (child)
            remove_tree(child);
        free(child);
    }
    list_free(names);
    remove(path);
}

void test_patchwork(void)
{
    remove_tree(DIR);
    CHECK(dir_make(DIR) == 0);
    test_strings();
    test_format();
    test_directories();
    if (on_tessera())
        test_processes();
    remove_tree(DIR);
    CHECK(sreadfile(DIR "/a") == 0);
}
