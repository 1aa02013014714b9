/* init for the system tests: runs every check in order and exits with "ok", or with the
 * first failure ("FAIL <check>: <detail>"); the kernel turns that into QEMU's exit code
 * (init.report). Each check prints a line on the console as it passes. */
#include "Runtime.h"

static char g_failure[256];

static int fail(const char* check, const char* detail, long value)
{
    if (!g_failure[0]) {
        append(g_failure, sizeof(g_failure), "FAIL ");
        append(g_failure, sizeof(g_failure), check);
        append(g_failure, sizeof(g_failure), ": ");
        append(g_failure, sizeof(g_failure), detail);
        append(g_failure, sizeof(g_failure), " (");
        append_number(g_failure, sizeof(g_failure), value);
        append(g_failure, sizeof(g_failure), ")");
    }
    return 0;
}

#define EXPECT(check, condition, value) \
    do {                                \
        if (!(condition))               \
            return fail(check, #condition, (long)(value)); \
    } while (0)

static int check_console(void)
{
    long n = ts_write(1, (long)"console works\n", 14);
    EXPECT("console", n == 14, n);
    return 1;
}

static int check_bad_pointers(void)
{
    long n = ts_write(1, (long)0xffff800000000000UL, 8);
    EXPECT("kernel pointer", n == -TS_EFAULT, n);
    n = ts_write(1, 0, 1);
    EXPECT("null pointer", n == -TS_EFAULT, n);
    n = ts_write(1, (long)0x800000000000UL, 1);
    EXPECT("non-canonical pointer", n == -TS_EFAULT, n);
    n = ts_write(1, (long)(0x7ffffffff000UL - 4), 100);
    EXPECT("range past the end of user space", n == -TS_EFAULT, n);
    char buffer[16];
    long fd = open_path("/etc/version:r");
    EXPECT("open /etc/version", fd >= 0, fd);
    n = ts_read(fd, (long)0x10, 8); /* unmapped page */
    EXPECT("read into unmapped memory", n == -TS_EFAULT, n);
    n = ts_read(fd, (long)buffer, 8);
    EXPECT("read after a failed read", n == 8, n);
    ts_close(fd);
    n = ts_open(0x1000, 5);
    EXPECT("open with an unmapped path", n == -TS_EFAULT, n);
    n = ts_syscall6(9999, 0, 0, 0, 0, 0, 0);
    EXPECT("unknown syscall", n == -TS_ENOTSUP, n);
    print("bad pointers give EFAULT\n");
    return 1;
}

static int check_files(void)
{
    char buffer[64];
    long fd = open_path("/etc/version");
    EXPECT("open", fd >= 0, fd);
    long n = ts_read(fd, (long)buffer, sizeof(buffer) - 1);
    EXPECT("read", n > 8, n);
    buffer[n] = '\0';
    EXPECT("contents", strncmp(buffer, "Tessera ", 8) == 0, n);
    EXPECT("seek", ts_seek(fd, 1, 0) == 1, 0);
    n = ts_read(fd, (long)buffer, 6);
    EXPECT("read after seek", n == 6 && strncmp(buffer, "essera", 6) == 0, n);
    EXPECT("close", ts_close(fd) == 0, fd);
    n = ts_read(fd, (long)buffer, 1);
    EXPECT("read a closed descriptor", n == -TS_EBADF, n);
    n = open_path("/no/such/file");
    EXPECT("missing file", n == -TS_ENOENT, n);
    n = open_path("/etc/version:bogus");
    EXPECT("unknown flag", n == -TS_EINVAL, n);
    fd = open_path("/tmp/init-test:create:exclusive:rw");
    EXPECT("create", fd >= 0, fd);
    EXPECT("write", ts_write(fd, (long)"abc", 3) == 3, 0);
    EXPECT("create exclusive again", open_path("/tmp/init-test:create:exclusive") == -TS_EEXIST, 0);
    ts_close(fd);
    fd = open_path("/etc/version:r");
    n = ts_write(fd, (long)"x", 1);
    EXPECT("write to a read-only descriptor", n == -TS_EPERM, n);
    ts_close(fd);
    print("files work\n");
    return 1;
}

static int check_stack(void)
{
    /* 1 MiB of stack, touched page by page: demand-zero pages below the first ones. */
    volatile char big[1 << 20];
    for (unsigned i = 0; i < sizeof(big); i += 4096)
        big[i] = (char)i;
    for (unsigned i = 0; i < sizeof(big); i += 4096)
        EXPECT("stack", big[i] == (char)i, i);
    print("the stack grows on demand\n");
    return 1;
}

static long g_tls_block[4] = { 0, 0x1234, 0, 0 };

static int check_tls(void)
{
    g_tls_block[0] = (long)g_tls_block; /* the TCB points at itself, as x86-64 TLS expects */
    EXPECT("set_tls", ts_set_tls((long)g_tls_block) == 0, 0);
    long self, value;
    __asm__ volatile("movq %%fs:0, %0" : "=r"(self));
    __asm__ volatile("movq %%fs:8, %0" : "=r"(value));
    EXPECT("fs:0", self == (long)g_tls_block, self);
    EXPECT("fs:8", value == 0x1234, value);
    ts_yield(); /* the FS base survives a switch */
    __asm__ volatile("movq %%fs:8, %0" : "=r"(value));
    EXPECT("fs:8 after yield", value == 0x1234, value);
    EXPECT("non-canonical fs", ts_set_tls((long)0x800000000000UL) == -TS_EFAULT, 0);
    print("thread-local storage through FS works\n");
    return 1;
}

/* Runs argv and returns its exit status in `status` (through /proc/<pid>/wait). */
static long run(char** argv, long flags, char* status, size_t size)
{
    long pid = ts_spawn((long)argv, flags);
    if (pid < 0)
        return pid;
    return wait_for(pid, status, size);
}

static int check_spawn(void)
{
    char status[256];
    char* argv[] = { "/bin/echo-status", "one", "two words", 0 };
    long n = run(argv, 0, status, sizeof(status));
    EXPECT("spawn echo-status", n > 0, n);
    EXPECT("argv and the inherited environment arrive", strcmp(status, "argc=3 one two words | PATH=/bin") == 0, n);
    n = run(argv, TS_SPAWN_EMPTY_ENV, status, sizeof(status));
    EXPECT("an empty environment", strcmp(status, "argc=3 one two words |") == 0, n);
    char* missing[] = { "/bin/no-such-program", 0 };
    n = ts_spawn((long)missing, 0);
    EXPECT("spawn a missing program", n == -TS_ENOENT, n);
    char* not_elf[] = { "/etc/version", 0 };
    n = ts_spawn((long)not_elf, 0);
    EXPECT("spawn a non-executable", n == -TS_EBADFMT, n);
    n = ts_spawn(0x1000, 0);
    EXPECT("spawn with a bad argv", n == -TS_EFAULT, n);
    n = ts_spawn((long)argv, 0x4000);
    EXPECT("spawn with an unknown flag", n == -TS_EINVAL, n);
    print("spawn passes argv and the environment\n");
    return 1;
}

/* The scenario: spawn suspended, dup2 through ctl, an environment variable
 * through /proc/<pid>/env, start, then the child's output and its wait status. */
static int check_suspended_setup(void)
{
    char path[64], status[256], output[64];
    long out = open_path("/tmp/child-output:create:truncate:rw");
    EXPECT("output file", out >= 0, out);
    char* argv[] = { "/bin/echo-status", "x", 0 };
    long pid = ts_spawn((long)argv, TS_SPAWN_SUSPEND);
    EXPECT("spawn suspended", pid > 0, pid);
    proc_path(path, sizeof(path), pid, "status");
    EXPECT("status file", read_file(path, status, sizeof(status)) > 0, 0);
    EXPECT("suspended state", strncmp(status, "state suspended", 15) == 0, 0);
    proc_path(path, sizeof(path), pid, "env/GREETING:create:w");
    EXPECT("set a variable", write_file(path, "hello") == 5, 0);
    proc_path(path, sizeof(path), pid, "env/PATH");
    EXPECT("read an inherited variable", read_file(path, status, sizeof(status)) == 4 && strcmp(status, "/bin") == 0, 0);
    proc_path(path, sizeof(path), pid, "cmdline");
    long n = read_file(path, status, sizeof(status));
    EXPECT("cmdline", n == 19 && memcmp(status, "/bin/echo-status\0x\0", 19) == 0, n);
    proc_path(path, sizeof(path), pid, "ctl");
    EXPECT("bad ctl command", write_file(path, "frobnicate 1") == -TS_ENOENT, 0);
    EXPECT("bad ctl argument count", write_file(path, "dup2 1") == -TS_EINVAL, 0);
    EXPECT("bad descriptor in ctl", write_file(path, "dup2 200 1") == -TS_EBADF, 0);
    EXPECT("start twice fails", write_file(path, "start && start") == -TS_EBUSY, 0);
    n = wait_for(pid, status, sizeof(status));
    EXPECT("wait", n > 0, n);
    EXPECT("the variable arrived", strcmp(status, "argc=2 x | GREETING=hello PATH=/bin") == 0, n);
    ts_close(out);

    /* dup2 through ctl: the child's descriptor 1 becomes the output file. */
    out = open_path("/tmp/child-output:create:truncate:rw");
    EXPECT("output file again", out >= 0, out);
    char* writer[] = { "/bin/writer", "hello from the child", 0 };
    pid = ts_spawn((long)writer, TS_SPAWN_SUSPEND);
    EXPECT("spawn writer", pid > 0, pid);
    char command[64] = "dup2 ";
    append_number(command, sizeof(command), out);
    append(command, sizeof(command), " 1 && close 3 -1 && start");
    proc_path(path, sizeof(path), pid, "ctl");
    n = write_file(path, command);
    EXPECT("dup2, close and start through ctl", n == (long)strlen(command), n);
    n = wait_for(pid, status, sizeof(status));
    EXPECT("writer status", n == 2 && strcmp(status, "ok") == 0, n);
    ts_close(out);
    n = read_file("/tmp/child-output", output, sizeof(output));
    EXPECT("the child's output", strcmp(output, "hello from the child\n") == 0, n);
    proc_path(path, sizeof(path), pid, "status");
    EXPECT("a reaped child is gone", read_file(path, status, sizeof(status)) == -TS_ENOENT, 0);
    print("suspended spawn, ctl dup2/close/start and env work\n");
    return 1;
}

static int check_proc_self(void)
{
    char text[128];
    long n = read_file("/proc/self/cmdline", text, sizeof(text));
    EXPECT("own cmdline", n == 10 && strcmp(text, "/bin/init") == 0, n);
    n = read_file("/proc/self/status", text, sizeof(text));
    EXPECT("own status", strncmp(text, "state running", 13) == 0, n);
    n = read_file("/proc/self/cwd", text, sizeof(text));
    EXPECT("own cwd", strcmp(text, "/\n") == 0, n);
    print("/proc/self works\n");
    return 1;
}

static int check_notes(void)
{
    char status[256], path[64];
    char* spin[] = { "/bin/spin", 0 };
    long pid = ts_spawn((long)spin, 0);
    EXPECT("spawn spin", pid > 0, pid);
    proc_path(path, sizeof(path), pid, "ctl");
    EXPECT("kill through ctl", write_file(path, "kill testing now") > 0, 0);
    long n = wait_for(pid, status, sizeof(status));
    EXPECT("killed with its note", strcmp(status, "kill testing now") == 0, n);

    pid = ts_spawn((long)spin, 0);
    proc_path(path, sizeof(path), pid, "note");
    EXPECT("post a note", write_file(path, "interrupt please") == 16, 0);
    n = wait_for(pid, status, sizeof(status));
    EXPECT("an unhandled note ends the process", strcmp(status, "interrupt please") == 0, n);

    char* noter[] = { "/bin/noter", 0 };
    n = run(noter, 0, status, sizeof(status));
    EXPECT("a handled note", strcmp(status, "handled alarm now") == 0, n);
    EXPECT("note_done outside a handler", ts_note_done() == -TS_EINVAL, 0);
    print("notes: kill, default action and handlers work\n");
    return 1;
}

static int check_fault(const char* how, const char* expected)
{
    char status[256];
    char* argv[] = { "/bin/fault", (char*)how, 0 };
    long n = run(argv, 0, status, sizeof(status));
    EXPECT("spawn fault", n > 0, n);
    if (strncmp(status, expected, strlen(expected)) != 0) {
        fail(how, status, n);
        return 0;
    }
    char line[300] = "child killed by note: ";
    append(line, sizeof(line), status);
    append(line, sizeof(line), "\n");
    print(line);
    return 1;
}

int main(int argc, char** argv)
{
    (void)argc;
    (void)argv;
    int ok = check_console() && check_bad_pointers() && check_files() && check_stack() && check_tls()
        && check_proc_self() && check_spawn() && check_suspended_setup() && check_notes() && check_fault("null", "pagefault at 0x0 (read, not present) rip=0x")
        && check_fault("divide", "divbyzero rip=0x") && check_fault("illegal", "illegal rip=0x")
        && check_fault("write-text", "pagefault at 0x");
    exit_with(ok ? "ok" : g_failure);
}
