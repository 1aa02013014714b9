/* <patchwork.h>: libpatchwork, the helpers that make Tessera's file API pleasant.
 *
 * On Tessera everything is a file: a process is configured by writing commands to
 * /proc/<pid>/ctl, waited for by reading /proc/<pid>/wait, and most devices take text.
 * These helpers turn the common shapes of that into one call each. They sit on the libc
 * (nothing here is a system call of its own) and link with `target_link_libraries(app
 * patchwork)` in a CMake project built with the SDK's toolchain file.
 *
 * Conventions: a function returning a pointer returns NULL on failure, one returning a
 * number returns -1; either way errno says why. Strings handed back are malloc'd and the
 * caller frees them, except F()'s (see there).
 *
 *     // Print a file; append a line to another.
 *     char* motd = sreadfile("/etc/motd");
 *     if (motd) { swrite(1, motd); free(motd); }
 *     swritefile("/tmp/log:append", "started\n");
 *
 *     // Start a child with its output in a pipe, read all of it, wait for its status.
 *     int pipe[2];
 *     open2("/dev/pipe/new", pipe);            // see below
 *     const char* argv[] = { "/bin/ls", "/etc", 0 };
 *     long pid = spawn_configured(argv, &(spawn_config){ .fds = { -1, pipe[1], -1 } });
 *     close(pipe[1]);
 *     char* listing = sread(pipe[0]);
 *     char* status = proc_wait(pid);           // "ok", "exit 1", "pagefault at 0x0 ..."
 */
#ifndef _PATCHWORK_H
#define _PATCHWORK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Strings in and out of files ---- */

/* Everything left to read from fd (until end of file), NUL-terminated. */
char* sread(int fd);
/* Writes all of text to fd; returns the bytes written (strlen(text)). */
long swrite(int fd, const char* text);
/* The whole content of the file at path. */
char* sreadfile(const char* path);
/* Replaces the content of the file at path with text, creating the file if needed
 * (flags on the path are added to ":write:create:truncate"; ":append" appends instead of
 * replacing). Devices and ctl files take the text as one write. */
long swritefile(const char* path, const char* text);

/* ---- Formatting in place ---- */

/* printf-style formatting into a buffer owned by the calling thread, so a formatted path
 * or command can be passed straight on:
 *     swritefile(F("/proc/%ld/ctl", pid), F("dup2 %d %d", from, to));
 * Each thread has F_SLOTS buffers used in turn: a result stays valid until F_SLOTS more
 * F() calls in the same thread. Never NULL: without memory the result is "". */
#define F_SLOTS 8
const char* F(const char* format, ...) __attribute__((format(printf, 1, 2)));

/* ---- ctl files ---- */

/* Writes one formatted command to a ctl file (one write, so the file sees it whole):
 *     ctl("/dev/consctl", "interrupt %ld", pid);
 * Returns 0, or -1 with the file's error (ENOENT for an unknown command; EINVAL, EBADF,
 * ERANGE... for a bad argument). */
int ctl(const char* path, const char* format, ...) __attribute__((format(printf, 2, 3)));

/* ---- Directories ---- */

/* The names in a directory except "." and "..", sorted bytewise, as a NULL-terminated
 * array; *count (when not NULL) gets their number. Free it with list_free(). */
char** dir_list(const char* path, size_t* count);
void list_free(char** list);
/* Creates a directory and any missing parents (like mkdir -p); 0 if it exists already. */
int dir_make(const char* path);

/* ---- Processes (/proc) ---- */

/* A file of /proc/<pid>/ as a string, e.g. proc_read(pid, "status"). */
char* proc_read(long pid, const char* leaf);
/* One command to /proc/<pid>/ctl: proc_ctl(pid, "close 3 -1"). */
int proc_ctl(long pid, const char* format, ...) __attribute__((format(printf, 2, 3)));
/* Waits for a child to end and returns its exit status ("ok", "exit 3", or the note that
 * killed it). Reading the status reaps the child, so call this once per child. */
char* proc_wait(long pid);
/* Kills a process; reason (may be NULL) becomes part of its exit status "kill reason". */
int proc_kill(long pid, const char* reason);
/* The pids in /proc, ascending, as a malloc'd array; *count gets their number. */
long* proc_list(size_t* count);
/* The calling process's pid. */
long proc_self(void);

/* ---- Spawning a configured child ---- */

/* How the child starts. All zero (or a NULL config) means: our descriptors, environment,
 * working directory and namespace, inherited. */
typedef struct {
    /* What becomes the child's descriptors 0, 1 and 2: one of ours, or -1 for what the
     * child inherited at that number. Write `{ -1, -1, -1 }` to keep all three. */
    int fds[3];
    /* Set: every descriptor above 2 is closed in the child before it starts. */
    int close_others;
    /* "NAME=value" strings set in the child's environment, NULL-terminated, or NULL. */
    const char* const* env;
    /* More TS_SPAWN_* flags (tessera/SyscallList.h), e.g. TS_SPAWN_COPY_NS. */
    unsigned flags;
    /* Called (when set) with the child's pid after the rest of the configuration and
     * before the child starts: for what must hold before it runs its first instruction,
     * e.g. more ctl commands, or a shell naming it as the console's ^C target. Returning
     * -1 (errno set) abandons the spawn. */
    int (*before_start)(long pid, void* context);
    void* context;
} spawn_config;

/* Spawns argv[0] (a path) with argv, configures it as config says through its ctl and
 * env files while it is suspended, then starts it. Returns its pid; on failure the child
 * (if it was created) is killed and reaped. A zero-initialised spawn_config leaves fds
 * 0, 1 and 2 as inherited only if written as -1: use SPAWN_INHERIT for that. */
long spawn_configured(const char* const* argv, const spawn_config* config);
#define SPAWN_INHERIT { { -1, -1, -1 }, 0, 0, 0, 0, 0 }

/* Runs argv to its end with our descriptors and returns its exit status (malloc'd). */
char* spawn_wait(const char* const* argv);

/* ---- Pairs ---- */

/* Opens a path that yields two descriptors, such as /dev/pipe/new (fds[0] reads, fds[1]
 * writes). Returns 0 or -1. */
int open2(const char* path, int fds[2]);

#ifdef __cplusplus
}
#endif

#endif
