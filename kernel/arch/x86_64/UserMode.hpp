// UserMode: the CPU side of running user code: the syscall MSRs, the protections that
// keep the kernel from touching or running user memory by accident (SMEP, SMAP) and user
// code from reading descriptor tables (UMIP), the kernel stack for ring changes, the FS
// base for thread-local storage, and the first jump to ring 3.
// Layer: arch facade. Ref: Intel SDM Vol. 3A §5.8.8 (SYSCALL/SYSRET MSRs), §4.6
// (SMEP/SMAP), §2.5 (CR4.UMIP); Vol. 4 (IA32_STAR, IA32_LSTAR, IA32_FMASK, IA32_FS_BASE).
#pragma once

#include <cstdint>

#include "Interrupts.hpp"

namespace ts::arch {

// InterruptFrame::vector of a frame built by the syscall entry.
inline constexpr uint64_t SYSCALL_VECTOR = 0x100;
// The same frame after someone rewrote it whole (a note handler's entry or exit): the
// return restores every register by iretq instead of sysret.
inline constexpr uint64_t FULL_RESTORE_VECTOR = 0x101;

inline bool frame_from_user(const InterruptFrame& frame) { return (frame.cs & 3) == 3; }

// Programs the syscall MSRs and turns on SMEP, SMAP and UMIP where the CPU has them. Call
// on every CPU after its GDT is loaded.
void user_mode_init_cpu();

// Called on every return to user mode, with the frame about to be restored and
// interrupts off (proc/ delivers notes here). May edit the frame or not return.
using UserReturnHook = void (*)(InterruptFrame& frame);
void set_user_return_hook(UserReturnHook hook);
UserReturnHook user_return_hook();

// Whether SMAP is on (the user-copy routines then bracket their accesses with stac/clac).
bool smap_enabled();

// The kernel stack the CPU switches to on an interrupt or syscall from user mode: the
// scheduler sets it to the incoming thread's stack top at every switch.
void set_kernel_stack(uint64_t top);

void set_fs_base(uint64_t base);
uint64_t fs_base();

} // namespace ts::arch

extern "C" {
// Jumps to ring 3 at `rip` with stack `rsp`, rdi = arg0, rsi = arg1, interrupts on. Call
// with interrupts off, on the thread's own kernel stack.
[[noreturn]] void enter_user_mode(uint64_t rip, uint64_t rsp, uint64_t arg0, uint64_t arg1);
// Implemented by kernel/syscalls: runs the call the frame describes and stores its result
// in frame.rax. Called with interrupts off; returns with them in any state.
void syscall_dispatch(ts::arch::InterruptFrame* frame);
}
