// Kernel entry point. The loader jumps here with RDI = BootInfo* (a direct-map address),
// interrupts off, paging on with its own tables, on a stack in loader memory. We move to
// the kernel's boot stack at once, since that loader memory is reclaimed later, and call
// kernel_entry(BootInfo*) with a null frame pointer so backtraces end here.
    .section .text.entry, "ax"
    .code64
    .globl _start
_start:
    cli
    leaq boot_stack_top(%rip), %rsp
    xorl %ebp, %ebp
    call kernel_entry
1:  cli
    hlt
    jmp 1b

    .section .bss
    .balign 4096
    .globl boot_stack_bottom
boot_stack_bottom:
    .skip 64 * 1024
    .globl boot_stack_top
boot_stack_top:
