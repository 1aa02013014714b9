// New-thread stack layout for switch_context. See Context.hpp and ContextSwitch.S.
#include "Context.hpp"

extern "C" char thread_trampoline[];

namespace ts::arch {

uint64_t prepare_thread_stack(uint64_t stack_top, void (*start)(uint64_t, uint64_t), uint64_t arg0, uint64_t arg1)
{
    auto* sp = reinterpret_cast<uint64_t*>(stack_top & ~0xFull);
    // switch_context's `ret` pops the first slot, leaving rsp 16-byte aligned at
    // thread_trampoline's `call`, as the System V ABI requires.
    *--sp = reinterpret_cast<uint64_t>(thread_trampoline);   // switch_context's ret target
    *--sp = 0x2;                                             // rflags: interrupts off, AC clear
    *--sp = 0;                                               // rbp
    *--sp = 0;                                               // rbx
    *--sp = reinterpret_cast<uint64_t>(start);               // r12
    *--sp = arg0;                                            // r13
    *--sp = arg1;                                            // r14
    *--sp = 0;                                               // r15
    return reinterpret_cast<uint64_t>(sp);
}

} // namespace ts::arch
