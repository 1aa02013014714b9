// Fault-tolerant access to user memory. Every instruction that touches a user address
// lies between user_access_begin and user_access_end; a page fault there that the
// address space cannot resolve resumes at user_access_fixup, which makes the routine
// return -1 (callers turn it into Error::Fault). None of the routines pushes anything
// between the labels, so the fixup can return straight to the caller.
// The callers (mm/UserAccess.cpp) have already checked that the whole range is in the
// user half, so the only faults here are page faults. With SMAP on, stac/clac open the
// window for exactly these accesses. Ref: Intel SDM Vol. 3A §4.6.1 (SMAP, EFLAGS.AC).
    .section .text
    .code64

.macro open_user_window
    cmpb $0, user_access_smap(%rip)
    je 91f
    stac
91:
.endm

.macro close_user_window
    cmpb $0, user_access_smap(%rip)
    je 92f
    clac
92:
.endm

// int64_t user_copy(void* dst, const void* src, size_t n): 0, or -1 on a fault.
    .globl user_copy
user_copy:
    open_user_window
    movq %rdx, %rcx
    .globl user_access_begin
user_access_begin:
    rep movsb
    close_user_window
    xorl %eax, %eax
    ret

// int64_t user_string_copy(char* dst, const char* src, size_t capacity): the length of
// the string (its NUL copied too), -1 on a fault, -2 if no NUL within capacity bytes.
    .globl user_string_copy
user_string_copy:
    open_user_window
    xorl %eax, %eax
1:  cmpq %rdx, %rax
    jae 3f
    movb (%rsi,%rax), %cl
    movb %cl, (%rdi,%rax)
    testb %cl, %cl
    jz 2f
    incq %rax
    jmp 1b
2:  close_user_window
    ret
3:  close_user_window
    movq $-2, %rax
    ret

// int64_t user_fill_zero(void* dst, size_t n): 0, or -1 on a fault.
    .globl user_fill_zero
user_fill_zero:
    open_user_window
    movq %rsi, %rcx
    xorl %eax, %eax
    rep stosb
    close_user_window
    xorl %eax, %eax
    ret

// int64_t user_load32(const uint32_t* src, uint32_t* out): 0, or -1 on a fault.
    .globl user_load32
user_load32:
    open_user_window
    movl (%rdi), %eax
    close_user_window
    movl %eax, (%rsi)
    xorl %eax, %eax
    ret

// int64_t user_cmpxchg32(uint32_t* dst, uint32_t expected, uint32_t desired):
// 1 if *dst held `expected` and now holds `desired`, 0 if not, -1 on a fault.
    .globl user_cmpxchg32
user_cmpxchg32:
    open_user_window
    movl %esi, %eax
    lock cmpxchgl %edx, (%rdi)
    sete %al
    movzbl %al, %eax
    close_user_window
    ret

    .globl user_access_end
user_access_end:

    .globl user_access_fixup
user_access_fixup:
    close_user_window
    movq $-1, %rax
    ret
