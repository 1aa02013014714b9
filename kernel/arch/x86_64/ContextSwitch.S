// switch_context(uint64_t* save_rsp /* rdi */, uint64_t load_rsp /* rsi */):
// pushes the callee-saved registers on the current stack, stores the stack pointer in
// *save_rsp, switches to load_rsp and pops the next thread's registers in reverse order.
// Its `ret` returns into whatever that thread was doing when it switched out, or, for a
// new thread, into thread_trampoline.
    .section .text
    .globl switch_context
switch_context:
    pushfq                // rflags: AC (SMAP) must not leak from one thread to another
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    popfq
    ret

// First code of a new thread: prepare_thread_stack left start in r12 and its two
// arguments in r13 and r14.
    .globl thread_trampoline
thread_trampoline:
    movq %r13, %rdi
    movq %r14, %rsi
    xorl %ebp, %ebp   // end of the frame chain for backtraces
    call *%r12
    ud2               // start functions never return
