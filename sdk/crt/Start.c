/* Start: from the initial stack to main. Part of the SDK's crt (linked into every program
 * through libc). Reads argc/argv/envp and the auxiliary vector, sets up the main thread's
 * thread-local storage from the executable's PT_TLS segment (x86-64 variant II: the
 * block sits just below the thread pointer, whose first word points at itself), runs
 * main and exits with its result. Ref: System V ABI AMD64 §3.4.1 (initial stack),
 * "ELF Handling For Thread-Local Storage" (Drepper), §3.4.6 (x86-64). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../libc/os/Os.h"

extern char** environ;
int main(int argc, char** argv, char** envp);

enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5 };
enum { PT_TLS = 7 };

struct program_header {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* The main thread's TLS lives here when it fits (most programs), else in mapped memory. */
static _Alignas(64) unsigned char g_main_tls[4096];

static void init_tls(const uint64_t* auxv)
{
    const struct program_header* headers = 0;
    uint64_t count = 0, entry_size = sizeof(struct program_header);
    for (; auxv[0] != AT_NULL; auxv += 2) {
        if (auxv[0] == AT_PHDR)
            headers = (const struct program_header*)auxv[1];
        else if (auxv[0] == AT_PHNUM)
            count = auxv[1];
        else if (auxv[0] == AT_PHENT)
            entry_size = auxv[1];
    }
    const struct program_header* tls = 0;
    for (uint64_t i = 0; headers && i < count; ++i) {
        const struct program_header* h = (const struct program_header*)((const char*)headers + i * entry_size);
        if (h->type == PT_TLS)
            tls = h;
    }
    uint64_t align = tls && tls->align > 16 ? tls->align : 16;
    uint64_t size = tls ? (tls->memsz + align - 1) & ~(align - 1) : 0;
    /* [block of `size` bytes][TCB: self pointer], the thread pointer at the TCB. */
    uint64_t need = size + align + 64;
    unsigned char* area = g_main_tls;
    if (need > sizeof(g_main_tls)) {
        area = __os_map_anonymous(need);
        if (!area)
            __os_exit_status("crt0: no memory for thread-local storage");
    }
    uintptr_t tp = ((uintptr_t)area + size + align - 1) & ~(uintptr_t)(align - 1);
    unsigned char* block = (unsigned char*)tp - size;
    if (tls) {
        memcpy(block, (const void*)tls->vaddr, tls->filesz);
        memset(block + tls->filesz, 0, tls->memsz - tls->filesz);
    }
    *(uintptr_t*)tp = tp;
    __os_set_thread_pointer((void*)tp);
}

_Noreturn void __libc_start(uint64_t* stack)
{
    int argc = (int)stack[0];
    char** argv = (char**)(stack + 1);
    char** envp = argv + argc + 1;
    char** end = envp;
    while (*end)
        ++end;
    environ = envp;
    init_tls((const uint64_t*)(end + 1));
    exit(main(argc, argv, envp));
}
