/* Os.h: the thin layer under the SDK's libc. Everything the standard functions need
 * from an operating system goes through these few calls, so the same libc runs on
 * Tessera (os/Tessera.c, system calls) and, for its tests, on a Linux host
 * (os/Linux.c, raw Linux system calls). Internal to the libc; not installed.
 * Errors come back as negative errno values (the libc's own numbering, errno.h). */
#ifndef TESSERA_LIBC_OS_H
#define TESSERA_LIBC_OS_H

#include <stddef.h>
#include <stdint.h>

long __os_write(int fd, const void* buffer, size_t size);
long __os_read(int fd, void* buffer, size_t size);
/* A path with Tessera's flags (":rw", ":create", ...), NUL-terminated. */
long __os_open(const char* path);
/* __os_open of path with flags (":w:create", ...) appended; -ENOMEM without memory. */
long __os_open_with(const char* path, const char* flags);
long __os_close(int fd);
long __os_seek(int fd, long long offset, int whence);
/* Fresh zeroed read-write memory, or NULL. */
void* __os_map_anonymous(size_t size);
long __os_unmap(void* address, size_t size);
long __os_set_thread_pointer(void* pointer);
long long __os_clock_ns(void);
long __os_sleep_ns(long long ns);
/* Files and directories. `stat` fills a struct ts_stat (tessera/SyscallList.h), the
 * layer's common currency; `read_dir` one struct ts_dirent (1) or nothing at the end (0).
 * A path ending in ":nofollow" stats a link itself. */
struct ts_stat;
struct ts_dirent;
long __os_remove(const char* path);
long __os_rename(const char* from, const char* to);
long __os_link(const char* existing, const char* path);
long __os_symlink(const char* target, const char* path);
long __os_readlink(const char* path, char* buffer, size_t size);
long __os_stat(const char* path, struct ts_stat* out);
long __os_fstat(int fd, struct ts_stat* out);
long __os_read_dir(int fd, struct ts_dirent* out);
long __os_chdir(const char* path);
/* The working directory's path; returns its length. */
long __os_getcwd(char* buffer, size_t size);

/* The process's environment as the OS keeps it (Tessera: /proc/self/env/NAME, what
 * children inherit; Linux: nothing to do). */
long __os_setenv(const char* name, const char* value);
long __os_unsetenv(const char* name);

/* Ends the process with a status string ("ok" style; exit() passes the number as text). */
_Noreturn void __os_exit_status(const char* status);

#endif
