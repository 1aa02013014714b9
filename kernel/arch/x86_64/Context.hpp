// Context: the kernel-thread context switch. Layer: arch facade.
// A switched-out thread's kernel stack holds its callee-saved registers and the return
// address into switch_context; its saved stack pointer is all the scheduler keeps. The
// System V ABI lets the compiler assume the caller-saved registers are clobbered by the
// call, so only rbx, rbp and r12-r15 need saving. FPU/SSE/AVX state is saved separately
// (Fpu.hpp) by the scheduler around the switch.
#pragma once

#include <cstdint>

namespace ts::arch {

extern "C" void switch_context(uint64_t* save_rsp, uint64_t load_rsp);

// Prepares a new thread's stack so that the first switch_context into it starts
// `start(arg0, arg1)` (a [[noreturn]] function) with interrupts disabled.
uint64_t prepare_thread_stack(uint64_t stack_top, void (*start)(uint64_t, uint64_t), uint64_t arg0, uint64_t arg1);

} // namespace ts::arch
