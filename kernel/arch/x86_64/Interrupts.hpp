// Interrupts: the IDT, the saved register frame and the dispatch of vectors to handlers.
// Layer: arch facade. Generic code registers handlers by vector; exceptions (vectors 0-31)
// are decoded here (Exceptions.cpp) and turned into panics or, later, notes.
#pragma once

#include <cstdint>

namespace ts::arch {

// The frame InterruptStubs.S builds on the stack: general registers pushed by the common
// stub, then vector and error code (0 when the CPU pushes none), then the hardware frame.
// Ref: Intel SDM Vol. 3A §6.14.1 (64-bit mode stack frame).
struct InterruptFrame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;
    uint64_t error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};
static_assert(sizeof(InterruptFrame) == 22 * 8);

using InterruptHandler = void (*)(InterruptFrame& frame);

void idt_init();
// Loads the IDT on the calling CPU (the boot CPU calls idt_init, which does this too).
void idt_load();
// Vectors 32-255. Returns false if the vector is out of range or taken.
bool set_interrupt_handler(uint8_t vector, InterruptHandler handler);

uint64_t spurious_interrupts();

// A handler for exceptions that are not the kernel's own bugs: faults from user mode, and
// page faults on user memory (demand paging, the user-copy routines). Returns true if it
// dealt with the exception (the frame may have been edited), false to panic as usual.
using FaultHandler = bool (*)(InterruptFrame& frame, uint64_t fault_address);
void set_fault_handler(FaultHandler handler);

// Called from Exceptions.cpp for vectors 0-31.
void handle_exception(InterruptFrame& frame);

// Prints the frame's registers through the panic console.
void dump_registers(const InterruptFrame& frame);

} // namespace ts::arch
