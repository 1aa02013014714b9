// setjmp and longjmp (C17 §7.13) for x86-64: a jmp_buf keeps the callee-saved
// registers (rbx, rbp, r12-r15), the stack pointer as it will be after setjmp returns,
// and the return address. Ref: System V ABI AMD64 §3.2.1 (callee-saved registers).
    .section .text

    .globl setjmp
    .type setjmp, @function
setjmp:
    movq %rbx, 0(%rdi)
    movq %rbp, 8(%rdi)
    movq %r12, 16(%rdi)
    movq %r13, 24(%rdi)
    movq %r14, 32(%rdi)
    movq %r15, 40(%rdi)
    leaq 8(%rsp), %rdx          // the caller's rsp once setjmp has returned
    movq %rdx, 48(%rdi)
    movq (%rsp), %rdx           // where setjmp returns to
    movq %rdx, 56(%rdi)
    xorl %eax, %eax
    ret
    .size setjmp, . - setjmp

    .globl longjmp
    .type longjmp, @function
longjmp:
    movl %esi, %eax
    testl %eax, %eax
    jnz 1f
    movl $1, %eax               // longjmp(env, 0) makes setjmp return 1
1:  movq 0(%rdi), %rbx
    movq 8(%rdi), %rbp
    movq 16(%rdi), %r12
    movq 24(%rdi), %r13
    movq 32(%rdi), %r14
    movq 40(%rdi), %r15
    movq 48(%rdi), %rsp
    jmp *56(%rdi)
    .size longjmp, . - longjmp
