// Error: the one kernel-wide error type. Part of kernel/lib (depends on nothing).
//
// Kernel functions return Result<T> (Result.hpp) carrying one of these; conversion to a
// user-visible error number happens only at the syscall boundary. error_name() gives the
// stable text used in log lines and test output.
#pragma once

namespace ts {

#define TS_ENUMERATE_ERRORS(X)                                                   \
    X(NoMemory, "out of memory")                                                 \
    X(InvalidArgument, "invalid argument")                                       \
    X(NotFound, "not found")                                                     \
    X(Exists, "already exists")                                                  \
    X(OutOfRange, "out of range")                                                \
    X(Busy, "busy")                                                              \
    X(NotSupported, "not supported")                                             \
    X(BadFormat, "bad format")                                                   \
    X(Fault, "bad address")                                                      \
    X(Permission, "permission denied")                                           \
    X(WouldBlock, "would block")                                                 \
    X(Timeout, "timed out")                                                      \
    X(Interrupted, "interrupted")                                                \
    X(IsDirectory, "is a directory")                                             \
    X(NotDirectory, "not a directory")                                           \
    X(NoSpace, "no space left")                                                  \
    X(Overflow, "value too large")                                               \
    X(Corrupt, "corrupt data")                                                   \
    X(TooBig, "too big")                                                         \
    X(Unaligned, "not aligned")                                                  \
    X(NotEmpty, "directory not empty")                                           \
    X(Loop, "too many levels of symbolic links")                                 \
    X(CrossDevice, "cross-device link")                                          \
    X(BadDescriptor, "bad file descriptor")                                      \
    X(BrokenPipe, "broken pipe")

enum class Error : int {
#define TS_ERROR_ENUM(name, text) name,
    TS_ENUMERATE_ERRORS(TS_ERROR_ENUM)
#undef TS_ERROR_ENUM
};

// Human-readable description, e.g. "out of memory". Never returns null.
const char* error_name(Error error);

} // namespace ts
