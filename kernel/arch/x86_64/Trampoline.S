// SMP start-up trampoline. An application processor leaves INIT-SIPI-SIPI in 16-bit real
// mode at CS:IP = (vector << 8):0000. Smp.cpp copies [smp_trampoline_start,
// smp_trampoline_end) to TRAMPOLINE_PHYS (0x8000, vector 0x08) and fills the parameter
// block at its end; this code walks the CPU through protected mode into long mode on a
// small identity-mapped page table below 1 MiB, then jumps to smp_ap_long_mode in kernel
// text, which switches to the kernel's own page tables and stack.
// Ref: Intel SDM Vol. 3A §9.4.4.1 (MP initialisation, SIPI), §9.8.5 (entering IA-32e mode).
    .set TRAMPOLINE_PHYS, 0x8000
    .set PARAMS, 0xF00 // offset of the parameter block in the page (Smp.cpp mirrors it)
#define ABS(label) (TRAMPOLINE_PHYS + (label - smp_trampoline_start))

    .section .rodata.trampoline, "a"
    .globl smp_trampoline_start
    .globl smp_trampoline_end
    .code16
smp_trampoline_start:
    cli
    cld
    xorw %ax, %ax
    movw %ax, %ds
    lgdtl ABS(trampoline_gdt_pointer)
    movl %cr0, %eax
    orl $1, %eax                         // PE
    movl %eax, %cr0
    ljmpl $0x08, $ABS(trampoline_32)

    .code32
trampoline_32:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movl %cr4, %eax
    orl $(1 << 5), %eax                  // PAE
    movl %eax, %cr4
    movl (TRAMPOLINE_PHYS + PARAMS + 0), %eax   // low PML4 (below 4 GiB)
    movl %eax, %cr3
    movl $0xC0000080, %ecx               // EFER
    rdmsr
    orl $(1 << 8), %eax                  // LME
    orl (TRAMPOLINE_PHYS + PARAMS + 40), %eax // NXE when the kernel's tables use NX
    wrmsr
    movl %cr0, %eax
    orl $((1 << 31) | (1 << 16)), %eax   // PG, WP
    movl %eax, %cr0
    ljmpl $0x18, $ABS(trampoline_64)

    .code64
trampoline_64:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movq (TRAMPOLINE_PHYS + PARAMS + 24), %rax  // smp_ap_long_mode, in kernel text
    jmpq *%rax

    .balign 8
trampoline_gdt:
    .quad 0
    .quad 0x00CF9A000000FFFF             // 0x08: 32-bit code
    .quad 0x00CF92000000FFFF             // 0x10: data
    .quad 0x00AF9A000000FFFF             // 0x18: 64-bit code
trampoline_gdt_pointer:
    .word trampoline_gdt_pointer - trampoline_gdt - 1
    .long ABS(trampoline_gdt)
smp_trampoline_end:

    // Runs in kernel text, still on the trampoline's page tables (which map the kernel).
    .section .text
    .globl smp_ap_long_mode
smp_ap_long_mode:
    // Read everything from the low parameter block while it is still mapped.
    movq (TRAMPOLINE_PHYS + PARAMS + 16), %rsp  // this CPU's boot stack (direct map)
    movl (TRAMPOLINE_PHYS + PARAMS + 32), %edi  // processor index
    movq (TRAMPOLINE_PHYS + PARAMS + 8), %rax   // the kernel's PML4
    // The parameters are read: the boot CPU may reuse the block for the next CPU.
    movl $1, (TRAMPOLINE_PHYS + PARAMS + 36)
    movq %rax, %cr3
    xorl %ebp, %ebp
    call smp_ap_main
1:  cli
    hlt
    jmp 1b
