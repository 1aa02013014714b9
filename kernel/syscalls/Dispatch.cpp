// The system-call table and the dispatcher the entry stub calls. See Syscalls.hpp.
#include <arch/x86_64/Cpu.hpp>
#include <arch/x86_64/UserMode.hpp>

#include "Syscalls.hpp"

namespace ts::syscalls {

namespace {

using Handler = Result<int64_t> (*)(const Arguments&);

constexpr Handler make_table_entry(Handler handler) { return handler; }

#define TS_SYSCALL_COUNT(number, name, count) +1
constexpr unsigned SYSCALL_COUNT = 0 TS_SYSCALLS(TS_SYSCALL_COUNT);
#undef TS_SYSCALL_COUNT

struct Table {
    Handler handlers[SYSCALL_COUNT] {};
    constexpr Table()
    {
#define TS_SYSCALL_ENTRY(number, name, count) handlers[number] = make_table_entry(sys_##name);
        TS_SYSCALLS(TS_SYSCALL_ENTRY)
#undef TS_SYSCALL_ENTRY
    }
};
constexpr Table TABLE;

// The ABI's error numbers are the Error enumeration's order.
static_assert(TS_EFAULT == static_cast<int>(Error::Fault) + 1);
static_assert(TS_EBADF == static_cast<int>(Error::BadDescriptor) + 1);
static_assert(TS_ENOENT == static_cast<int>(Error::NotFound) + 1);

} // namespace

} // namespace ts::syscalls

extern "C" void syscall_dispatch(ts::arch::InterruptFrame* frame)
{
    using namespace ts;
    using namespace ts::syscalls;
    arch::enable_interrupts();
    const uint64_t number = frame->rax;
    const Arguments args { frame->rdi, frame->rsi, frame->rdx, frame->r10, frame->r8, frame->r9, frame };
    int64_t result;
    if (number >= SYSCALL_COUNT || !TABLE.handlers[number]) {
        result = error_code(Error::NotSupported);
    } else {
        auto outcome = TABLE.handlers[number](args);
        result = outcome.is_ok() ? outcome.value() : error_code(outcome.error());
    }
    // note_done replaced the whole frame: its rax is the interrupted code's, not a result.
    if (frame->vector != arch::FULL_RESTORE_VECTOR)
        frame->rax = static_cast<uint64_t>(result);
    arch::disable_interrupts();
    if (auto hook = arch::user_return_hook())
        hook(*frame);
}
