/* <setjmp.h>: C17 §7.13. The buffer holds the callee-saved registers, the stack
 * pointer and the return address (libc/setjmp/Setjmp.S). */
#ifndef _SETJMP_H
#define _SETJMP_H

typedef unsigned long jmp_buf[8];

int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int value);

#endif
