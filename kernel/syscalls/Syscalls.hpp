// Syscalls: the kernel side of SyscallList.h. Layer: syscalls (on top of proc, fs, mm).
// Each handler takes the six raw argument registers and returns a Result; the dispatcher
// turns an Error into the negative code of the ABI. Handlers treat every pointer as a
// UserPtr and every number as hostile.
#pragma once

#include <cstdint>

#include <arch/x86_64/Interrupts.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "SyscallList.h"

namespace ts::syscalls {

struct Arguments {
    uint64_t a0, a1, a2, a3, a4, a5;
    arch::InterruptFrame* frame; // the caller's saved registers (note_done rewrites them)
};

#define TS_SYSCALL_DECLARE(number, name, count) Result<int64_t> sys_##name(const Arguments& args);
TS_SYSCALLS(TS_SYSCALL_DECLARE)
#undef TS_SYSCALL_DECLARE

// A path argument (pointer, length; flags included, no NUL needed) copied into the
// kernel. Owns its heap copy.
class PathArgument {
public:
    PathArgument() = default;
    ~PathArgument();
    PathArgument(const PathArgument&) = delete;
    PathArgument& operator=(const PathArgument&) = delete;
    // InvalidArgument for an empty path, TooBig past the limit, Fault for bad memory.
    Result<void> copy(uint64_t pointer, uint64_t length);
    StringView view() const { return StringView(m_text, m_length); }

private:
    char* m_text { nullptr };
    size_t m_length { 0 };
};

// What user space sees for an error: -(error + 1).
inline int64_t error_code(Error error) { return -(static_cast<int64_t>(error) + 1); }

} // namespace ts::syscalls
