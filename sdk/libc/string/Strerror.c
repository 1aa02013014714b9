/* strerror: the text of each errno value (errno.h). */
#include <errno.h>
#include <string.h>

char* strerror(int error)
{
    switch (error) {
    case 0: return "no error";
    case ENOMEM: return "out of memory";
    case EINVAL: return "invalid argument";
    case ENOENT: return "not found";
    case EEXIST: return "already exists";
    case ERANGE: return "out of range";
    case EBUSY: return "busy";
    case ENOTSUP: return "not supported";
    case ENOEXEC: return "bad format";
    case EFAULT: return "bad address";
    case EPERM: return "permission denied";
    case EAGAIN: return "would block";
    case ETIMEDOUT: return "timed out";
    case EINTR: return "interrupted";
    case EISDIR: return "is a directory";
    case ENOTDIR: return "not a directory";
    case ENOSPC: return "no space left";
    case EOVERFLOW: return "value too large";
    case EIO: return "corrupt data";
    case E2BIG: return "too big";
    case ENOTEMPTY: return "directory not empty";
    case ELOOP: return "too many levels of symbolic links";
    case EXDEV: return "cross-device link";
    case EBADF: return "bad file descriptor";
    case EPIPE: return "broken pipe";
    case EDOM: return "argument out of domain";
    case EILSEQ: return "illegal byte sequence";
    default: return "unknown error";
    }
}
