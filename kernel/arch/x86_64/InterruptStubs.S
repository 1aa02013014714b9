// Interrupt entry stubs: one 16-byte stub per vector, so vector n's entry point is
// isr_stubs + 16 * n and no address table is needed. Each stub makes the stack uniform
// (pushing a zero where the CPU pushes no error code), pushes its vector and jumps to the
// common path, which saves the general registers into an InterruptFrame (Interrupts.hpp)
// and calls interrupt_dispatch(frame).
// Ref: Intel SDM Vol. 3A §6.3.1 (which exceptions push an error code), §6.14.
#include "Frame.inc"

    .section .text
    .code64

    .globl isr_stubs
    .balign 16
isr_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    .if (vec == 8) | (vec == 10) | (vec == 11) | (vec == 12) | (vec == 13) | (vec == 14) | (vec == 17) | (vec == 21) | (vec == 29) | (vec == 30)
    .else
    pushq $0
    .endif
    pushq $vec
    jmp isr_common
    .set vec, vec + 1
    .endr

isr_common:
    cld
    push_general_registers
    // GS: in the kernel the GS base is this CPU's Processor; in user mode it is the
    // user's, with the Processor parked in IA32_KERNEL_GS_BASE. An interrupt from user
    // mode (CS.RPL 3) swaps them on the way in and back on the way out; ebx (callee-saved,
    // so it survives the call) remembers whether this entry swapped.
    // NMI, double fault and machine check can also arrive in kernel mode before the
    // syscall entry's swapgs or after the exit's, so for them the test is the GS base
    // itself: a kernel address (top bit set) means it is already the Processor.
    xorl %ebx, %ebx
    movq 15*8(%rsp), %rax          // vector
    cmpq $2, %rax
    je 2f
    cmpq $8, %rax
    je 2f
    cmpq $18, %rax
    je 2f
    testb $3, 18*8(%rsp)           // saved CS
    jz 3f
    swapgs
    movl $1, %ebx
    jmp 3f
2:  movl $0xC0000101, %ecx         // IA32_GS_BASE
    rdmsr
    testl %edx, %edx
    js 3f
    swapgs
    movl $1, %ebx
3:
    // 5 hardware words + vector + error code + 15 registers = 176 bytes: the stack is
    // 16-byte aligned here, as the System V ABI wants at a call.
    movq %rsp, %rdi
    call interrupt_dispatch
    testl %ebx, %ebx
    jz 4f
    swapgs
4:
    pop_general_registers
    addq $16, %rsp
    iretq
