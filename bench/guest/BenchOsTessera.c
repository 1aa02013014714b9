/* BenchOsTessera.c: BenchOs.h on Tessera, over the system-test runtime
 * (tests/system/runtime: its crt0 calls main, its stubs are generated from
 * kernel/syscalls/SyscallList.h). Anonymous memory is a mapping of /dev/const/zero.
 * Processes are spawned from an executable (there is no fork) and collected by reading
 * /proc/<pid>/wait to the end; a suspended child gets its descriptors through
 * /proc/<pid>/ctl (docs/kernel/userspace.md). */
#include "BenchOs.h"
#include "Runtime.h"

static long g_zero = -1;
/* This program's path (argv[0]), which a partner process runs with its role. */
static char* g_program = "/bin/bench";

int bench_os_init(void)
{
    g_zero = open_path("/dev/const/zero");
    return g_zero < 0 ? -1 : 0;
}

const char* bench_os_name(void) { return "tessera"; }

void* bench_map(size_t bytes)
{
    long address = ts_mmap(0, (long)bytes, TS_PROT_READ | TS_PROT_WRITE, 0, g_zero, 0);
    return address <= 0 ? 0 : (void*)address;
}

int bench_unmap(void* address, size_t bytes) { return ts_munmap((long)address, (long)bytes) == 0 ? 0 : -1; }

long bench_cheapest_syscall(void) { return ts_getpid(); }

uint64_t bench_clock_ns(void) { return (uint64_t)ts_clock(); }

void bench_write(const char* text, size_t length) { ts_write(1, (long)text, (long)length); }

long bench_fd_read(int fd, void* buffer, size_t size) { return ts_read(fd, (long)buffer, (long)size); }

long bench_fd_write(int fd, const void* buffer, size_t size) { return ts_write(fd, (long)buffer, (long)size); }

/* Reads the child's status to the end, which reaps it; 0 when it was "ok". */
static int collect(long pid)
{
    char status[64];
    if (wait_for(pid, status, sizeof(status)) < 0)
        return -1;
    return strcmp(status, "ok") == 0 ? 0 : -1;
}

int bench_run_program(const char* path)
{
    char* argv[] = { (char*)path, 0 };
    const long pid = ts_spawn((long)argv, 0);
    if (pid < 0)
        return -1;
    return collect(pid);
}

int bench_partner_start(struct BenchPartner* partner, const char* role, BenchPartnerMain partner_main)
{
    (void)partner_main; /* the new process reaches it through bench_main and `role` */
    int to[2], from[2];
    if (ts_open2((long)"/dev/pipe/new", 13, (long)to) != 0)
        return -1;
    if (ts_open2((long)"/dev/pipe/new", 13, (long)from) != 0) {
        ts_close(to[0]);
        ts_close(to[1]);
        return -1;
    }
    char* argv[] = { g_program, (char*)role, 0 };
    const long pid = ts_spawn((long)argv, TS_SPAWN_SUSPEND);
    int failed = pid < 0;
    if (!failed) {
        /* Its 0 and 1 become the pipe ends; everything from 3 up (the copies of our
         * descriptors, these pipes' other ends included) is closed before it starts. */
        char path[64], command[96] = "dup2 ";
        append_number(command, sizeof(command), to[0]);
        append(command, sizeof(command), " 0 && dup2 ");
        append_number(command, sizeof(command), from[1]);
        append(command, sizeof(command), " 1 && close 3 -1 && start");
        proc_path(path, sizeof(path), pid, "ctl");
        if (write_file(path, command) != (long)strlen(command)) {
            write_file(path, "kill bench partner setup failed");
            collect(pid);
            failed = 1;
        }
    }
    ts_close(to[0]);
    ts_close(from[1]);
    if (failed) {
        ts_close(to[1]);
        ts_close(from[0]);
        return -1;
    }
    partner->pid = pid;
    partner->to_partner = to[1];
    partner->from_partner = from[0];
    return 0;
}

int bench_partner_stop(struct BenchPartner* partner)
{
    ts_close(partner->to_partner);
    const int result = collect(partner->pid);
    ts_close(partner->from_partner);
    return result;
}

/* The thread: clears the word, wakes the joiner and ends, all in one asm block so that
 * nothing touches the stack after the store (the joiner may hand the stack to the next
 * thread as soon as it sees 0). Tessera has no clear-on-exit, so the thread does it. */
static void exiting_thread(long word)
{
    long number = SYS_futex_wake;
    __asm__ volatile("movl $0, (%%rdi)\n"
                     "syscall\n" /* futex_wake(word, 1) */
                     "movl %[thread_exit], %%eax\n"
                     "syscall\n"
                     "ud2\n"
                     : "+a"(number)
                     : "D"(word), "S"(1L), [thread_exit] "i"(SYS_thread_exit)
                     : "rcx", "r11", "memory");
    __builtin_unreachable();
}

int bench_thread_start_exiting(struct BenchThread* thread)
{
    thread->word = 1;
    /* rsp as if the entry had been called: 8 below a 16-byte boundary (the ABI's). */
    const long id = ts_thread_create((long)exiting_thread, (long)thread->stack_top - 8, (long)&thread->word);
    return id > 0 ? 0 : -1;
}

int bench_thread_join(struct BenchThread* thread)
{
    uint32_t seen;
    while ((seen = __atomic_load_n(&thread->word, __ATOMIC_ACQUIRE)) != 0) {
        const long result = ts_futex_wait((long)&thread->word, seen, -1);
        if (result != 0 && result != -TS_EAGAIN)
            return -1;
    }
    return 0;
}

_Noreturn void bench_exit(int failed) { exit_with(failed ? "failed" : "ok"); }

int main(int argc, char** argv)
{
    if (argc > 0 && argv[0])
        g_program = argv[0];
    bench_exit(bench_main(argc, argv));
}
