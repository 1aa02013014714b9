// crt0: the first instruction of every Tessera program. The kernel starts it with rsp at
// the System V initial stack (argc, argv..., NULL, envp..., NULL, auxv...; ABI AMD64
// §3.4.1); __libc_start (crt/Start.c) does the rest and never returns.
    .section .text
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp        // the outermost frame, for debuggers and backtraces
    movq %rsp, %rdi        // the initial stack
    andq $-16, %rsp        // the ABI's alignment at a call
    call __libc_start
    ud2
    .size _start, . - _start
