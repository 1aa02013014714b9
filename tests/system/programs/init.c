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
    char* pie[] = { "/bin/pie", 0 };
    n = run(pie, 0, status, sizeof(status));
    EXPECT("a position-independent executable runs relocated", strcmp(status, "ok") == 0, n);
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
    if (strcmp(status, "handled alarm now") != 0) {
        char line[320] = "noter ended: ";
        append(line, sizeof(line), status);
        append(line, sizeof(line), "\n");
        print(line);
    }
    EXPECT("a handled note", strcmp(status, "handled alarm now") == 0, n);
    EXPECT("note_done outside a handler", ts_note_done() == -TS_EINVAL, 0);
    print("notes: kill, default action and handlers work\n");
    return 1;
}

/* A child blocked in a read of an empty pipe: kill must end it, and a note must interrupt
 * the read (EINTR) and run its handler. Its stdin is a pipe whose write end we keep
 * (never written), its stdout a pipe it signals readiness on. */
static long spawn_blocked(const char* mode, int* in, int* out)
{
    if (ts_open2((long)"/dev/pipe/new", 13, (long)in) != 0 || ts_open2((long)"/dev/pipe/new", 13, (long)out) != 0)
        return -1;
    char* argv[] = { "/bin/blocker", (char*)mode, 0 };
    long pid = ts_spawn((long)argv, TS_SPAWN_SUSPEND);
    if (pid < 0)
        return pid;
    char path[64], command[96] = "dup2 ";
    append_number(command, sizeof(command), in[0]);
    append(command, sizeof(command), " 0 && dup2 ");
    append_number(command, sizeof(command), out[1]);
    append(command, sizeof(command), " 1 && close 3 -1 && start");
    proc_path(path, sizeof(path), pid, "ctl");
    if (write_file(path, command) < 0)
        return -2;
    char ready;
    if (ts_read(out[0], (long)&ready, 1) != 1) /* it is at its read now, or about to be */
        return -3;
    return pid;
}

static int check_blocked_notes(void)
{
    int in[2], out[2];
    char status[128], path[64];
    long pid = spawn_blocked("", in, out);
    EXPECT("spawn a blocked child", pid > 0, pid);
    proc_path(path, sizeof(path), pid, "ctl");
    EXPECT("kill it", write_file(path, "kill while blocked") > 0, 0);
    long n = wait_for(pid, status, sizeof(status));
    EXPECT("kill ends a process blocked in a read", strcmp(status, "kill while blocked") == 0, n);
    ts_close(in[0]); ts_close(in[1]); ts_close(out[0]); ts_close(out[1]);

    pid = spawn_blocked("handle", in, out);
    EXPECT("spawn a blocked child with a handler", pid > 0, pid);
    proc_path(path, sizeof(path), pid, "note");
    EXPECT("post a note", write_file(path, "alarm ring") == 10, 0);
    n = wait_for(pid, status, sizeof(status));
    EXPECT("the note interrupts the read", strcmp(status, "interrupted, handled alarm ring") == 0, n);
    ts_close(in[0]); ts_close(in[1]); ts_close(out[0]); ts_close(out[1]);
    print("notes and kill reach processes blocked in the kernel\n");
    return 1;
}

/* Starts `sockserve TYPE NAME COUNT` (or another program taking its stdout as a pipe) and
 * reads the id line it prints once it listens. Returns the pid; the id goes in `id`. */
static long start_server(char** argv, long flags, char* id, size_t size, int* stdin_pipe)
{
    int out[2];
    if (ts_open2((long)"/dev/pipe/new", 13, (long)out) != 0)
        return -1;
    if (stdin_pipe && ts_open2((long)"/dev/pipe/new", 13, (long)stdin_pipe) != 0)
        return -1;
    long pid = ts_spawn((long)argv, flags | TS_SPAWN_SUSPEND);
    if (pid < 0)
        return pid;
    char path[64], command[96] = "dup2 ";
    append_number(command, sizeof(command), out[1]);
    append(command, sizeof(command), " 1");
    if (stdin_pipe) {
        append(command, sizeof(command), " && dup2 ");
        append_number(command, sizeof(command), stdin_pipe[0]);
        append(command, sizeof(command), " 0");
    }
    append(command, sizeof(command), " && close 3 -1 && start");
    proc_path(path, sizeof(path), pid, "ctl");
    if (write_file(path, command) < 0)
        return -2;
    ts_close(out[1]);
    long n = ts_read(out[0], (long)id, (long)size - 1);
    ts_close(out[0]);
    if (n <= 1)
        return -3;
    id[n - 1] = '\0';
    return pid;
}

/* A client socket of `type` connected to `name`; returns its data descriptor. */
static long connect_to(const char* type, const char* name)
{
    char path[64] = "/net/local/";
    append(path, sizeof(path), type);
    long maker = open_path(path);
    if (maker < 0)
        return maker;
    char id[24];
    long n = ts_read(maker, (long)id, sizeof(id) - 1);
    if (n <= 1)
        return -100;
    id[n - 1] = '\0';
    char ctl[64] = "/net/local/", command[64] = "connect ";
    append(ctl, sizeof(ctl), id);
    append(ctl, sizeof(ctl), "/ctl");
    append(command, sizeof(command), name);
    long r = write_file(ctl, command);
    if (r < 0)
        return r;
    char data[64] = "/net/local/";
    append(data, sizeof(data), id);
    append(data, sizeof(data), "/data");
    long fd = open_path(data);
    ts_close(maker); /* the data file keeps the socket alive */
    return fd;
}

static int check_sockets(void)
{
    char id[24], status[200], reply[64];
    /* seqpacket: three messages, three replies, boundaries kept. */
    char* seq[] = { "/bin/sockserve", "seqpacket", "seq-echo", "3", 0 };
    long server = start_server(seq, 0, id, sizeof(id), 0);
    EXPECT("seqpacket server", server > 0, server);
    long fd = connect_to("seqpacket", "seq-echo");
    EXPECT("seqpacket connect", fd >= 0, fd);
    const char* messages[] = { "a", "bb", "ccc" };
    for (int i = 0; i < 3; ++i)
        EXPECT("seqpacket send", ts_write(fd, (long)messages[i], (long)strlen(messages[i])) == (long)strlen(messages[i]), i);
    for (int i = 0; i < 3; ++i) {
        long n = ts_read(fd, (long)reply, sizeof(reply) - 1);
        EXPECT("one reply per read", n == 5 + (long)strlen(messages[i]), n);
        reply[n] = '\0';
        EXPECT("reply contents", strncmp(reply + 5, messages[i], strlen(messages[i])) == 0, i);
    }
    long n = wait_for(server, status, sizeof(status));
    EXPECT("seqpacket server status", strcmp(status, "served 3") == 0, n);
    EXPECT("end of stream after the server left", ts_read(fd, (long)reply, sizeof(reply)) == 0, 0);
    ts_close(fd);

    /* stream: bytes, not messages. */
    char* stream[] = { "/bin/sockserve", "stream", "stream-echo", "1", 0 };
    server = start_server(stream, 0, id, sizeof(id), 0);
    EXPECT("stream server", server > 0, server);
    fd = connect_to("stream", "stream-echo");
    EXPECT("stream connect", fd >= 0, fd);
    EXPECT("stream send", ts_write(fd, (long)"hello", 5) == 5, 0);
    long got = 0;
    while (got < 10) {
        n = ts_read(fd, (long)(reply + got), sizeof(reply) - 1 - got);
        EXPECT("stream read", n > 0, n);
        got += n;
    }
    reply[got] = '\0';
    EXPECT("stream echo", strcmp(reply, "echo:hello") == 0, got);
    wait_for(server, status, sizeof(status));
    ts_close(fd);

    /* dgram: three datagrams, boundaries kept at the receiver. */
    char* dgram[] = { "/bin/sockserve", "dgram", "dgram-sink", "3", 0 };
    server = start_server(dgram, 0, id, sizeof(id), 0);
    EXPECT("dgram server", server > 0, server);
    fd = connect_to("dgram", "dgram-sink");
    EXPECT("dgram connect", fd >= 0, fd);
    for (int i = 0; i < 3; ++i)
        EXPECT("dgram send", ts_write(fd, (long)messages[i], (long)strlen(messages[i])) == (long)strlen(messages[i]), i);
    n = wait_for(server, status, sizeof(status));
    EXPECT("dgram messages arrive whole", strcmp(status, "a|bb|ccc") == 0, n);
    ts_close(fd);
    EXPECT("connect to nobody", connect_to("seqpacket", "no-such-name") == -TS_ENOENT, 0);

    /* Visibility: a socket made by a child in its own namespace copy is seen by its own
     * child (a copy of that copy) but not by a sibling (another copy of ours). */
    int hold_in[2];
    char* hold[] = { "/bin/sockserve", "hold", "held", "0", 0 };
    long holder = start_server(hold, TS_SPAWN_COPY_NS, id, sizeof(id), hold_in);
    EXPECT("socket holder", holder > 0, holder);
    char* peek[] = { "/bin/sockpeek", id, 0 };
    n = run(peek, TS_SPAWN_COPY_NS, status, sizeof(status));
    EXPECT("a sibling cannot see another's socket", strcmp(status, "hidden") == 0, n);
    n = run(peek, 0, status, sizeof(status));
    EXPECT("nor can its parent", strcmp(status, "hidden") == 0, n);
    ts_close(hold_in[1]); /* lets the holder finish */
    wait_for(holder, status, sizeof(status));
    ts_close(hold_in[0]);
    print("local sockets: seqpacket, stream, dgram between processes; sibling isolation\n");
    return 1;
}

/* poll over a pipe, a socket and a child's wait file at once. */
static int check_poll_everything(void)
{
    char id[24], status[64];
    int pipe[2];
    EXPECT("pipe", ts_open2((long)"/dev/pipe/new", 13, (long)pipe) == 0, 0);
    char* seq[] = { "/bin/sockserve", "seqpacket", "poll-echo", "1", 0 };
    long server = start_server(seq, 0, id, sizeof(id), 0);
    EXPECT("server", server > 0, server);
    long sock = connect_to("seqpacket", "poll-echo");
    EXPECT("connect", sock >= 0, sock);
    char path[64];
    proc_path(path, sizeof(path), server, "wait");
    long wait = open_path(path);
    EXPECT("wait file", wait >= 0, wait);
    struct ts_pollfd fds[3] = { { pipe[0], TS_POLL_READ, 0 }, { (int)sock, TS_POLL_READ, 0 }, { (int)wait, TS_POLL_READ, 0 } };
    long n = ts_poll((long)fds, 3, 20000000);
    EXPECT("nothing ready: the timeout expires", n == 0, n);
    EXPECT("send", ts_write(sock, (long)"x", 1) == 1, 0);
    /* The echo makes the socket readable; the server then exits, making wait readable. */
    int seen_socket = 0, seen_wait = 0;
    for (int round = 0; round < 10 && !(seen_socket && seen_wait); ++round) {
        fds[0].revents = fds[1].revents = fds[2].revents = 0;
        n = ts_poll((long)fds, 3, -1);
        EXPECT("poll", n >= 1, n);
        EXPECT("the pipe stays quiet", fds[0].revents == 0, fds[0].revents);
        if (fds[1].revents & TS_POLL_READ) {
            char reply[16];
            if (!seen_socket)
                EXPECT("echo", ts_read(sock, (long)reply, sizeof(reply)) == 6, 0);
            seen_socket = 1;
            fds[1].events = 0; /* after end of stream it stays readable; stop asking */
        }
        if (fds[2].revents & TS_POLL_READ)
            seen_wait = 1;
    }
    EXPECT("saw the socket and the wait file", seen_socket && seen_wait, seen_socket * 2 + seen_wait);
    n = ts_read(wait, (long)status, sizeof(status) - 1);
    EXPECT("status", n > 0, n);
    ts_close(wait);
    ts_close(sock);
    ts_close(pipe[0]);
    ts_close(pipe[1]);
    print("poll waits on a pipe, a socket and a wait file at once\n");
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

/* Free pages, measured after emptying the dentry cache (a cache: /proc/<pid> lookups
 * leave entries behind until it is trimmed). */
static long free_pages(void)
{
    char text[256];
    if (write_file("/sys/fs/ctl", "shrink 0") < 0)
        return -1;
    if (read_file("/sys/mm/stats", text, sizeof(text)) <= 0)
        return -1;
    const char* at = text;
    while (*at && strncmp(at, "free_pages ", 11) != 0)
        ++at;
    if (!*at)
        return -1;
    long value = 0;
    for (at += 11; *at >= '0' && *at <= '9'; ++at)
        value = value * 10 + (*at - '0');
    return value;
}

static long resident_pages(void)
{
    char text[128];
    if (read_file("/proc/self/status", text, sizeof(text)) <= 0)
        return -1;
    const char* at = text;
    while (*at && strncmp(at, "resident ", 9) != 0)
        ++at;
    long value = 0;
    for (at += 9; *at >= '0' && *at <= '9'; ++at)
        value = value * 10 + (*at - '0');
    return value;
}

static int check_memory(void)
{
    long zero = open_path("/dev/const/zero");
    EXPECT("open /dev/const/zero", zero >= 0, zero);
    /* A gigabyte, one page touched: one page resident, not a gigabyte. */
    long before = resident_pages();
    long big = ts_mmap(0, 1L << 30, TS_PROT_READ | TS_PROT_WRITE, 0, zero, 0);
    EXPECT("map 1 GiB", big > 0, big);
    ((volatile char*)big)[12345678] = 7;
    long after = resident_pages();
    EXPECT("touching one page of 1 GiB costs one page", after == before + 1, after - before);
    EXPECT("fresh memory is zero", ((volatile char*)big)[12345679] == 0, 0);
    EXPECT("munmap 1 GiB", ts_munmap(big, 1L << 30) == 0, 0);
    EXPECT("its page is gone", resident_pages() == before, resident_pages() - before);
    EXPECT("munmap a hole is fine", ts_munmap(big, 4096) == 0, 0);
    EXPECT("mmap bad prot", ts_mmap(0, 4096, 0x100, 0, zero, 0) == -TS_EINVAL, 0);
    EXPECT("mmap bad fd", ts_mmap(0, 4096, TS_PROT_READ, 0, 200, 0) == -TS_EBADF, 0);
    long console = open_path("/dev/console:rw");
    EXPECT("mmap of a file that cannot be mapped", ts_mmap(0, 4096, TS_PROT_READ, 0, console, 0) == -TS_ENOTSUP, 0);
    ts_close(console);
    /* A tmpfs file maps as a private copy: its bytes, then zeros to the page's end. */
    long version = open_path("/etc/version:r");
    const char* text = (const char*)ts_mmap(0, 8192, TS_PROT_READ, 0, version, 0);
    EXPECT("mmap a tmpfs file", (long)text > 0, (long)text);
    EXPECT("the file's bytes", strncmp(text, "Tessera ", 8) == 0 && text[4095] == 0 && text[8191] == 0, 0);
    EXPECT("a write needs no write permission on a private copy",
        ts_mprotect((long)text, 8192, TS_PROT_READ | TS_PROT_WRITE) == 0, 0);
    ((volatile char*)text)[0] = 'X';
    char again[16];
    long got = ts_seek(version, 0, 0) == 0 ? ts_read(version, (long)again, 8) : -1;
    EXPECT("the file itself is unchanged", got == 8 && strncmp(again, "Tessera ", 8) == 0, got);
    EXPECT("an executable mapping needs execute permission",
        ts_mmap(0, 4096, TS_PROT_READ | TS_PROT_EXEC, 0, version, 0) == -TS_EPERM, 0);
    ts_munmap((long)text, 8192);
    ts_close(version);
    EXPECT("mprotect of unmapped memory", ts_mprotect(big, 4096, TS_PROT_READ) == -TS_ENOMEM, 0);
    long fixed = ts_mmap(0x300000000L, 8192, TS_PROT_READ | TS_PROT_WRITE, TS_MAP_FIXED, zero, 0);
    EXPECT("MAP_FIXED", fixed == 0x300000000L, fixed);
    ts_munmap(fixed, 8192);
    ts_close(zero);

    /* Shared memory: a child writes, the parent sees it. */
    long shm = open_path("/dev/shmem/new");
    EXPECT("open /dev/shmem/new", shm >= 0, shm);
    volatile char* shared = (volatile char*)ts_mmap(0, 8192, TS_PROT_READ | TS_PROT_WRITE, 0, shm, 0);
    EXPECT("map shared memory", (long)shared > 0, (long)shared);
    shared[4100] = 'p';
    char fd_text[8] = "";
    append_number(fd_text, sizeof(fd_text), shm);
    char* argv[] = { "/bin/writer", "-", "shm", fd_text, 0 };
    char status[64];
    long n = ts_spawn((long)argv, 0);
    EXPECT("spawn shm writer", n > 0, n);
    n = wait_for(n, status, sizeof(status));
    EXPECT("shm writer status", strcmp(status, "ok") == 0, n);
    EXPECT("the child's write is visible", shared[4101] == 'c' && shared[4100] == 'p', shared[4101]);
    ts_munmap((long)shared, 8192);
    ts_close(shm);
    print("memory: lazy 1 GiB, munmap, mprotect, MAP_FIXED, tmpfs files, shared memory work\n");
    return 1;
}

static volatile unsigned g_futex;
static volatile long g_thread_sum;

static void thread_main(long argument)
{
    g_thread_sum = argument * 2;
    __atomic_store_n(&g_futex, 1, __ATOMIC_RELEASE);
    ts_futex_wake((long)&g_futex, 1);
    ts_thread_exit();
}

static int check_threads(void)
{
    long zero = open_path("/dev/const/zero");
    long stack = ts_mmap(0, 65536, TS_PROT_READ | TS_PROT_WRITE, 0, zero, 0);
    ts_close(zero);
    EXPECT("thread stack", stack > 0, stack);
    g_futex = 0;
    /* The new thread starts with rsp at the top, as if called: keep the ABI's alignment. */
    long id = ts_thread_create((long)thread_main, stack + 65536 - 8, 21);
    EXPECT("thread_create", id > 0, id);
    while (__atomic_load_n(&g_futex, __ATOMIC_ACQUIRE) == 0) {
        long r = ts_futex_wait((long)&g_futex, 0, 5000000000L);
        EXPECT("futex_wait", r == 0 || r == -TS_EAGAIN, r);
    }
    EXPECT("the thread ran", g_thread_sum == 42, g_thread_sum);
    EXPECT("futex_wait on a changed word", ts_futex_wait((long)&g_futex, 0, -1) == -TS_EAGAIN, 0);
    /* A word nobody wakes: the thread's wake on g_futex may still be on its way. */
    static int quiet = 1;
    EXPECT("futex_wait times out", ts_futex_wait((long)&quiet, 1, 1000000) == -TS_ETIMEDOUT, 0);
    EXPECT("futex unaligned", ts_futex_wait((long)&g_futex + 1, 0, -1) == -TS_EINVAL, 0);
    EXPECT("futex bad address", ts_futex_wait(0x10, 0, -1) == -TS_EFAULT, 0);
    long t0 = ts_clock();
    long wall0 = ts_wall_clock();
    EXPECT("sleep", ts_sleep(2000000) == 0, 0);
    EXPECT("clock advances past the sleep", ts_clock() - t0 >= 2000000, ts_clock() - t0);
    /* QEMU's RTC follows the host's clock: well after 2020-01-01 00:00 UTC. */
    EXPECT("wall clock after 2020", wall0 > 1577836800L * 1000000000L, wall0 / 1000000000L);
    EXPECT("wall clock advances past the sleep", ts_wall_clock() - wall0 >= 2000000, ts_wall_clock() - wall0);
    print("threads, futexes, sleep and clocks work\n");
    return 1;
}

static int check_pipes_and_poll(void)
{
    int fds[2];
    EXPECT("open2 pipe", ts_open2((long)"/dev/pipe/new", 13, (long)fds) == 0, 0);
    EXPECT("plain open of a pipe", open_path("/dev/pipe/new") == -TS_ENOTSUP, 0);
    struct ts_pollfd one[1] = { { fds[0], TS_POLL_READ, 0 } };
    long n = ts_poll((long)one, 1, 10000000);
    EXPECT("poll times out on an empty pipe", n == 0 && one[0].revents == 0, n);

    char* argv[] = { "/bin/writer", "through the pipe", 0 };
    long pid = ts_spawn((long)argv, TS_SPAWN_SUSPEND);
    EXPECT("spawn writer", pid > 0, pid);
    char path[64], command[64] = "dup2 ";
    append_number(command, sizeof(command), fds[1]);
    append(command, sizeof(command), " 1 && close 3 -1 && start");
    proc_path(path, sizeof(path), pid, "ctl");
    EXPECT("ctl", write_file(path, command) > 0, 0);
    ts_close(fds[1]); /* only the child holds the write end now */
    proc_path(path, sizeof(path), pid, "wait:nonblock");
    long wait_fd = open_path(path);
    EXPECT("open wait", wait_fd >= 0, wait_fd);
    struct ts_pollfd both[2] = { { fds[0], TS_POLL_READ, 0 }, { (int)wait_fd, TS_POLL_READ, 0 } };
    n = ts_poll((long)both, 2, -1);
    EXPECT("poll a pipe and a wait file", n >= 1, n);
    char text[64];
    n = ts_read(fds[0], (long)text, sizeof(text) - 1);
    EXPECT("read the pipe", n == 17, n);
    text[n] = '\0';
    EXPECT("pipe contents", strcmp(text, "through the pipe\n") == 0, n);
    n = ts_read(fds[0], (long)text, sizeof(text));
    EXPECT("end of file once the child is gone", n == 0, n);
    both[0].revents = both[1].revents = 0;
    n = ts_poll((long)&both[1], 1, -1);
    EXPECT("the wait file polls readable", n == 1 && (both[1].revents & TS_POLL_READ), both[1].revents);
    n = ts_read(wait_fd, (long)text, sizeof(text) - 1);
    EXPECT("wait status", n == 2, n);
    ts_close(wait_fd);
    ts_close(fds[0]);
    EXPECT("poll a closed descriptor", ts_poll((long)one, 1, 0) == -TS_EBADF, 0);
    print("pipes, open2 and poll (pipe, wait file, timeout) work\n");
    return 1;
}

static int check_share_claim(void)
{
    long fd = open_path("/tmp/shared-secret:create:truncate:rw");
    EXPECT("create", fd >= 0, fd);
    ts_write(fd, (long)"secret", 6);
    ts_seek(fd, 0, 0);
    char key[33];
    EXPECT("share", ts_share(fd, (long)key, 0) == 0, 0);
    ts_close(fd);
    char* argv[] = { "/bin/claimer", key, 0 };
    char status[96];
    long pid = ts_spawn((long)argv, TS_SPAWN_EMPTY_FDS | TS_SPAWN_EMPTY_NS);
    EXPECT("spawn claimer in an empty namespace", pid > 0, pid);
    long n = wait_for(pid, status, sizeof(status));
    EXPECT("claimed exactly once", strcmp(status, "secret once") == 0, n);
    EXPECT("claim with a wrong length", ts_claim((long)key, 5) == -TS_EINVAL, 0);
    print("share/claim between processes that share nothing works\n");
    return 1;
}

/* A read-only descriptor, bound into the namespace: nothing reached through the bind is
 * writable, however the path asks. */
static int check_permission_narrowing(void)
{
    EXPECT("mkdir", open_path("/tmp/narrow:create:directory") >= 0, 0);
    EXPECT("a file inside", write_file("/tmp/narrow/file:create:w", "x") == 1, 0);
    EXPECT("mountpoint", open_path("/tmp/ro:create:directory") >= 0, 0);
    long dir = open_path("/tmp/narrow:r");
    EXPECT("open the directory read-only", dir >= 0, dir);
    char command[64] = "bind /tmp/ro ";
    append_number(command, sizeof(command), dir);
    long n = write_file("/proc/self/ctl", command);
    EXPECT("bind through /proc/self/ctl", n == (long)strlen(command), n);
    EXPECT("write through the bind", open_path("/tmp/ro/file:w") == -TS_EPERM, 0);
    EXPECT("create through the bind", open_path("/tmp/ro/new:create") == -TS_EPERM, 0);
    long fd = open_path("/tmp/ro/file");
    EXPECT("open with no permissions named", fd >= 0, fd);
    EXPECT("...gets read only", ts_write(fd, (long)"y", 1) == -TS_EPERM, 0);
    char text[4];
    EXPECT("...and reads", ts_read(fd, (long)text, 1) == 1 && text[0] == 'x', 0);
    ts_close(fd);
    EXPECT("the original path stays writable", write_file("/tmp/narrow/file:w", "z") == 1, 0);
    ts_close(dir);
    print("permissions only narrow through a bind, seen from user space\n");
    return 1;
}

static int check_spawn_exit_frees_memory(void)
{
    char* argv[] = { "/bin/echo-status", 0 };
    char status[64];
    run(argv, 0, status, sizeof(status)); /* warm the kernel's caches */
    long before = free_pages();
    for (int i = 0; i < 10; ++i) {
        long n = run(argv, 0, status, sizeof(status));
        EXPECT("spawn in the loop", n > 0, n);
    }
    long after = free_pages();
    EXPECT("free pages after 10 spawn-and-exit rounds", after == before, after - before);
    print("spawn and exit return every page\n");
    return 1;
}

int main(int argc, char** argv)
{
    (void)argc;
    (void)argv;
    int ok = check_console() && check_bad_pointers() && check_files() && check_stack() && check_tls()
        && check_proc_self() && check_spawn() && check_suspended_setup() && check_notes() && check_fault("null", "pagefault at 0x0 (read, not present) rip=0x")
        && check_fault("divide", "divbyzero rip=0x") && check_fault("illegal", "illegal rip=0x")
        && check_fault("write-text", "pagefault at 0x") && check_fault("after-munmap", "pagefault at 0x1000000000 (write, not present)")
        && check_fault("read-only", "pagefault at 0x1000000000 (write, protection)") && check_fault("stack-overflow", "pagefault at 0x7fffff7ee")
        && check_memory() && check_threads() && check_pipes_and_poll() && check_share_claim()
        && check_blocked_notes() && check_sockets() && check_poll_everything()
        && check_permission_narrowing() && check_spawn_exit_frees_memory();
    exit_with(ok ? "ok" : g_failure);
}
