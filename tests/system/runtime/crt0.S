// crt0 of the test runtime: the System V initial stack (rsp -> argc, argv..., 0, envp...,
// 0, auxv) handed to runtime_start, which calls main and exits with its status.
    .section .text
    .globl _start
_start:
    xorl %ebp, %ebp
    movq %rsp, %rdi
    andq $-16, %rsp
    call runtime_start
    ud2
