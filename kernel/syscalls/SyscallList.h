/* SyscallList.h: every system call, written once. C and C++, kernel and user space.
 *
 * X(number, name, argument count). The kernel expands it into its dispatch table
 * (kernel/syscalls/Dispatch.cpp) and the declarations of its handlers; the user runtime
 * into the SYS_<name> numbers and one inline stub per call (ts_<name>). Numbers are the
 * ABI: never reuse one.
 *
 * Calling convention: the number in rax, arguments in rdi, rsi, rdx, r10, r8, r9; the
 * result in rax, a negative value -(error + 1) for an Error (kernel/lib/Error.hpp order;
 * TS_E* below). rcx and r11 are clobbered.
 */
#ifndef TESSERA_SYSCALL_LIST_H
#define TESSERA_SYSCALL_LIST_H

#define TS_SYSCALLS(X)                                                                  \
    X(0, exit, 2)       /* (status, length): ends the process; never returns         */ \
    X(1, open, 2)       /* (path, length) -> fd; flags ride on the path               */ \
    X(2, close, 1)      /* (fd)                                                       */ \
    X(3, read, 3)       /* (fd, buffer, size) -> bytes                                */ \
    X(4, write, 3)      /* (fd, buffer, size) -> bytes                                */ \
    X(5, seek, 3)       /* (fd, offset, whence 0 start / 1 current / 2 end) -> offset */ \
    X(6, spawn, 2)      /* (argv, flags) -> pid; argv[0] is the path                  */ \
    X(7, yield, 0)      /*                                                            */ \
    X(8, set_tls, 1)    /* (fs base)                                                  */ \
    X(9, getpid, 0)     /* -> pid                                                     */ \
    X(10, dup2, 2)      /* (from, to)                                                 */ \
    X(11, notify, 1)    /* (handler): notes go to handler(const char* note); 0: none  */ \
    X(12, note_done, 0) /* ends a note handler: back to where the note interrupted    */ \
    X(13, open2, 3)     /* (path, length, int fds[2]): both ends (/dev/pipe/new)      */ \
    X(14, poll, 3)      /* (struct ts_pollfd*, count, timeout ns; -1 none) -> ready   */ \
    X(15, mmap, 6)      /* (hint, length, prot, flags, fd, offset) -> address         */ \
    X(16, munmap, 2)    /* (address, length)                                          */ \
    X(17, mprotect, 3)  /* (address, length, prot)                                    */ \
    X(18, thread_create, 3) /* (entry, stack top, argument) -> thread id              */ \
    X(19, thread_exit, 0)   /* ends the calling thread (the process after the last)   */ \
    X(20, futex_wait, 3)    /* (address, expected, timeout ns; -1 none)               */ \
    X(21, futex_wake, 2)    /* (address, count) -> woken                              */ \
    X(22, share, 3)     /* (fd, key buffer[33], timeout ns; 0 default) -> 0           */ \
    X(23, claim, 2)     /* (key, length) -> fd                                        */ \
    X(24, sleep, 1)     /* (nanoseconds)                                              */ \
    X(25, clock, 0)     /* -> nanoseconds since boot                                  */ \
    X(26, remove, 2)    /* (path, length): file, empty directory or link; :recursive  */ \
    X(27, rename, 4)    /* (from, length, to, length)                                 */ \
    X(28, link, 4)      /* (existing, length, new, length): a hard link               */ \
    X(29, symlink, 4)   /* (target, length, path, length)                             */ \
    X(30, readlink, 4)  /* (path, length, buffer, size) -> target length              */ \
    X(31, stat, 3)      /* (path, length, struct ts_stat*); :nofollow for links       */ \
    X(32, fstat, 2)     /* (fd, struct ts_stat*)                                      */ \
    X(33, read_dir, 2)  /* (fd, struct ts_dirent*) -> 1 entry, 0 at the end           */ \
    X(34, chdir, 2)     /* (path, length): the working directory                      */ \
    X(35, wall_clock, 0) /* -> nanoseconds since 1970-01-01 UTC                        */

/* spawn flags. By default the child inherits copies of the caller's descriptors and
 * environment, its working directory, and shares its namespace. */
#define TS_SPAWN_SUSPEND 0x1    /* wait for "start" on /proc/<pid>/ctl */
#define TS_SPAWN_EMPTY_FDS 0x2  /* no descriptors */
#define TS_SPAWN_EMPTY_ENV 0x4  /* no environment variables */
#define TS_SPAWN_EMPTY_CWD 0x8  /* start in the namespace's root */
#define TS_SPAWN_COPY_NS 0x10   /* a copy of the namespace: later mounts stay private */
#define TS_SPAWN_EMPTY_NS 0x20  /* a new namespace holding only an empty tmpfs root */

/* mmap: protection bits, flags. The descriptor says what is mapped: /dev/const/zero gives
 * private demand-zero memory, /dev/shmem/new shared memory. */
#define TS_PROT_READ 0x1
#define TS_PROT_WRITE 0x2
#define TS_PROT_EXEC 0x4
#define TS_MAP_FIXED 0x1 /* exactly at hint, replacing what was there */

/* stat, fstat, read_dir */
#define TS_KIND_FILE 0
#define TS_KIND_DIRECTORY 1
#define TS_KIND_SYMLINK 2
#define TS_KIND_DEVICE 3
#define TS_PERM_READ 0x1
#define TS_PERM_WRITE 0x2
#define TS_PERM_EXECUTE 0x4
struct ts_stat {
    unsigned long long ino;
    unsigned long long filesystem; /* the superblock's id */
    unsigned long long size;
    unsigned kind;  /* TS_KIND_* */
    unsigned links;
    unsigned perms; /* TS_PERM_*: the most an open may get */
    unsigned reserved;
};
struct ts_dirent {
    unsigned long long ino;
    unsigned kind;
    char name[256];
};

/* poll */
struct ts_pollfd {
    int fd;
    unsigned events;  /* TS_POLL_* wanted */
    unsigned revents; /* TS_POLL_* that hold (HANGUP and ERROR always reported) */
};
#define TS_POLL_READ 0x1
#define TS_POLL_WRITE 0x2
#define TS_POLL_HANGUP 0x4
#define TS_POLL_ERROR 0x8
#define TS_POLL_MAX 64

/* Errors as returned (negated, minus one): the order of ts::Error. */
#define TS_ENOMEM 1
#define TS_EINVAL 2
#define TS_ENOENT 3
#define TS_EEXIST 4
#define TS_ERANGE 5
#define TS_EBUSY 6
#define TS_ENOTSUP 7
#define TS_EBADFMT 8
#define TS_EFAULT 9
#define TS_EPERM 10
#define TS_EAGAIN 11
#define TS_ETIMEDOUT 12
#define TS_EINTR 13
#define TS_EISDIR 14
#define TS_ENOTDIR 15
#define TS_ENOSPC 16
#define TS_EOVERFLOW 17
#define TS_ECORRUPT 18
#define TS_ETOOBIG 19
#define TS_EUNALIGNED 20
#define TS_ENOTEMPTY 21
#define TS_ELOOP 22
#define TS_EXDEV 23
#define TS_EBADF 24
#define TS_EPIPE 25

#endif
