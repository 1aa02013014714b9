// The Linux host's thread start (os/LinuxThreads.c): a raw clone whose child runs on a
// new stack. The parent gets the child's id (or -errno) back; the child never returns
// here. Ref: clone(2) (x86-64 argument order: flags, stack, parent tid, child tid, tls).
//
// long __linux_clone_thread(long flags, void* stack_top, void (*entry)(void*), void* argument)
    .section .text
    .globl __linux_clone_thread
    .type __linux_clone_thread, @function
__linux_clone_thread:
    // entry and argument ride on the child's stack: the syscall copies no memory, and
    // the child starts with rsp at the new stack and every other register as they were.
    andq $-16, %rsi
    subq $16, %rsi
    movq %rdx, 0(%rsi)
    movq %rcx, 8(%rsi)
    movl $56, %eax          // clone
    xorl %edx, %edx         // no parent tid
    xorl %r10d, %r10d       // no child tid
    xorl %r8d, %r8d         // no tls: the child sets its own thread pointer
    syscall
    testq %rax, %rax
    jz 1f
    ret                     // the parent: the id, or -errno
1:
    xorl %ebp, %ebp         // the child's outermost frame
    popq %rax               // entry
    popq %rdi               // argument; rsp is back at the 16-byte-aligned top
    call *%rax
    // entry must not return; if it does, end this thread only.
2:
    movl $60, %eax          // exit
    xorl %edi, %edi
    syscall
    jmp 2b
    .size __linux_clone_thread, . - __linux_clone_thread

    .section .note.GNU-stack, "", @progbits
