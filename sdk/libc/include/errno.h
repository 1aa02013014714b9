/* <errno.h>. errno is per thread (thread-local storage). The numbers are Tessera's error
 * codes (tessera/SyscallList.h's TS_E*), so a system call's -result is errno as is. */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <tessera/SyscallList.h>

int* __errno_location(void);
#define errno (*__errno_location())

#define ENOMEM TS_ENOMEM
#define EINVAL TS_EINVAL
#define ENOENT TS_ENOENT
#define EEXIST TS_EEXIST
#define ERANGE TS_ERANGE
#define EBUSY TS_EBUSY
#define ENOTSUP TS_ENOTSUP
#define ENOEXEC TS_EBADFMT
#define EFAULT TS_EFAULT
#define EPERM TS_EPERM
#define EACCES TS_EPERM
#define EAGAIN TS_EAGAIN
#define EWOULDBLOCK TS_EAGAIN
#define ETIMEDOUT TS_ETIMEDOUT
#define EINTR TS_EINTR
#define EISDIR TS_EISDIR
#define ENOTDIR TS_ENOTDIR
#define ENOSPC TS_ENOSPC
#define EOVERFLOW TS_EOVERFLOW
#define EIO TS_ECORRUPT
#define E2BIG TS_ETOOBIG
#define ENOTEMPTY TS_ENOTEMPTY
#define ELOOP TS_ELOOP
#define EXDEV TS_EXDEV
#define EBADF TS_EBADF
#define EPIPE TS_EPIPE
#define EDOM 100 /* math domain errors: only the libc reports them */
#define EILSEQ 101

#endif
