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

/* Runs argv and returns its exit status in `status`. */
static long run(char** argv, char** envp, char* status, size_t size)
{
    long pid = ts_spawn((long)argv, (long)envp, 0);
    if (pid < 0)
        return pid;
    long n = ts_waitpid(pid, (long)status, (long)size - 1);
    if (n >= 0)
        status[n < (long)size - 1 ? n : (long)size - 1] = '\0';
    return n;
}

static int check_spawn(void)
{
    char status[256];
    char* argv[] = { "/bin/echo-status", "one", "two words", 0 };
    char* envp[] = { "A=1", "B=2", 0 };
    long n = run(argv, envp, status, sizeof(status));
    EXPECT("spawn echo-status", n > 0, n);
    EXPECT("argv and envp arrive", strcmp(status, "argc=3 one two words | A=1 B=2") == 0, n);
    char* missing[] = { "/bin/no-such-program", 0 };
    n = ts_spawn((long)missing, 0, 0);
    EXPECT("spawn a missing program", n == -TS_ENOENT, n);
    char* not_elf[] = { "/etc/version", 0 };
    n = ts_spawn((long)not_elf, 0, 0);
    EXPECT("spawn a non-executable", n == -TS_EBADFMT, n);
    n = ts_spawn(0x1000, 0, 0);
    EXPECT("spawn with a bad argv", n == -TS_EFAULT, n);
    EXPECT("waitpid on a stranger", ts_waitpid(12345, (long)status, 10) == -TS_ENOENT, 0);
    print("spawn passes argv and envp\n");
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
        && check_spawn() && check_fault("null", "pagefault at 0x0 (read, not present) rip=0x")
        && check_fault("divide", "divbyzero rip=0x") && check_fault("illegal", "illegal rip=0x")
        && check_fault("write-text", "pagefault at 0x");
    exit_with(ok ? "ok" : g_failure);
}
