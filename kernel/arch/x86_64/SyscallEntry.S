// The syscall instruction's landing point and the way back to user mode.
// Ref: Intel SDM Vol. 2B (SYSCALL, SYSRET, SWAPGS), Vol. 3A §5.8.8 (fast system calls in
// 64-bit mode).
//
// syscall leaves the user rip in rcx and rflags in r11, masks rflags with IA32_FMASK
// (interrupts, direction, trap, alignment check and nested task off) and jumps here in
// ring 0 with the user's stack and GS. The entry swaps GS, moves to the thread's kernel
// stack and builds the same InterruptFrame an interrupt from user mode would (vector
// SYSCALL_VECTOR), so notes and faults handle one frame shape. The return uses sysretq
// unless the saved rip is not a user address (a note handler or exec may have set it),
// in which case iretq returns and any fault happens in user mode, where it belongs.
#include "Frame.inc"

    .section .text
    .code64

    .set KERNEL_STACK_TOP, 16      // Processor::kernel_stack_top
    .set USER_RSP_SCRATCH, 24      // Processor::user_rsp_scratch
    .set USER_DS, 0x1b
    .set USER_CS, 0x23
    .set SYSCALL_VECTOR, 0x100
    .set FULL_RESTORE, 0x101          // kernel/proc/Notes.cpp
    .set USER_END, 0x00007ffffffff000

    .globl syscall_entry
syscall_entry:
    swapgs
    movq %rsp, %gs:USER_RSP_SCRATCH
    movq %gs:KERNEL_STACK_TOP, %rsp
    pushq $USER_DS                 // ss
    pushq %gs:USER_RSP_SCRATCH     // rsp
    pushq %r11                     // rflags
    pushq $USER_CS                 // cs
    pushq %rcx                     // rip
    pushq $0                       // error code
    pushq $SYSCALL_VECTOR          // vector
    push_general_registers
    xorl %ebp, %ebp                // the frame chain ends here for backtraces
    movq %rsp, %rdi
    call syscall_dispatch          // enables interrupts itself, returns with them off
    // Fall through into the return path with the (possibly edited) frame.
    .globl return_to_user
return_to_user:
    cli
    // A frame someone rewrote whole (a note handler's entry or exit) returns by iretq,
    // restoring rcx and r11, which sysret would clobber.
    cmpq $FULL_RESTORE, 15*8(%rsp)
    je 2f
    pop_general_registers
    addq $16, %rsp                 // vector, error code
    // rsp -> rip, cs, rflags, rsp, ss
    pushq %rax
    movq 8(%rsp), %rcx             // rip
    movabsq $USER_END, %rax
    cmpq %rax, %rcx
    jae 1f
    popq %rax
    movq 16(%rsp), %r11            // rflags
    movq 24(%rsp), %rsp            // the user stack
    swapgs
    sysretq
    // Not a user address. Kernel code that edits a frame's rip checks it first, so this
    // is a backstop: returning to a non-canonical rip would fault in ring 0 with the
    // user's GS, so return to 0 instead and let the user-mode fault kill the process.
1:  movq $0, 8(%rsp)
    popq %rax
    swapgs
    iretq
2:
    pop_general_registers
    addq $16, %rsp
    swapgs
    iretq

// enter_user_mode(rip, rsp, arg0, arg1): the first entry of a thread into user mode, from
// its kernel stack with interrupts off. rdi and rsi of the user code get arg0 and arg1;
// every other register starts at zero.
    .globl enter_user_mode
enter_user_mode:
    pushq $USER_DS
    pushq %rsi                     // rsp
    pushq $0x202                   // rflags: IF
    pushq $USER_CS
    pushq %rdi                     // rip
    movq %rdx, %rdi
    movq %rcx, %rsi
    xorl %eax, %eax
    xorl %ebx, %ebx
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %ebp, %ebp
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r11d, %r11d
    xorl %r12d, %r12d
    xorl %r13d, %r13d
    xorl %r14d, %r14d
    xorl %r15d, %r15d
    swapgs
    iretq
