/* Start: from the initial stack to main. Part of the SDK's crt (linked into every program
 * through libc). Reads argc/argv/envp, finds the auxiliary vector after them and hands it
 * to the thread-local storage set-up (libc/threads/Tls.c, which thrd_create shares:
 * the main thread's block from the executable's PT_TLS segment, x86-64 variant II),
 * runs main and exits with its result. Ref: System V ABI AMD64 §3.4.1 (initial stack). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../libc/threads/ThreadsInternal.h"

extern char** environ;
int main(int argc, char** argv, char** envp);

_Noreturn void __libc_start(uint64_t* stack)
{
    int argc = (int)stack[0];
    char** argv = (char**)(stack + 1);
    char** envp = argv + argc + 1;
    char** end = envp;
    while (*end)
        ++end;
    environ = envp;
    __tl_tls_init_main((const uint64_t*)(end + 1));
    exit(main(argc, argv, envp));
}
