/* Tls: thread-local storage blocks, for the main thread (crt/Start.c) and for every
 * thread thrd_create starts. The executable's PT_TLS segment is the image: a block
 * starts as a copy of its .tdata bytes followed by zeroed .tbss. x86-64 uses TLS
 * variant II: the block sits just below the thread pointer, aligned so the thread
 * pointer is a multiple of the segment's alignment, and the first word at the thread
 * pointer (the TCB) points at itself. Ref: Drepper, "ELF Handling For Thread-Local
 * Storage", §3.4.6 (x86-64); System V ABI AMD64 §3.4.1 (the auxiliary vector). */
#include <string.h>

#include "../os/Os.h"
#include "ThreadsInternal.h"

enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5 };
enum { PT_TLS = 7 };
/* Bytes reserved at and above the thread pointer: the self pointer and room to spare. */
enum { TCB_SIZE = 64 };

struct program_header {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* The image, found once before main and read-only afterwards. */
static const unsigned char* g_image;
static size_t g_image_size;  /* .tdata */
static size_t g_block_size;  /* .tdata + .tbss, rounded up to g_align */
static size_t g_align = 16;

/* The main thread's TLS lives here when it fits (most programs), else in mapped memory. */
static _Alignas(64) unsigned char g_main_tls[4096];

size_t __tl_tls_area_size(void)
{
    /* The block, slack to align the thread pointer, the TCB; whole cache lines. */
    return (g_block_size + g_align + TCB_SIZE + 63) & ~(size_t)63;
}

void* __tl_tls_build(unsigned char* area)
{
    uintptr_t tp = ((uintptr_t)area + g_block_size + g_align - 1) & ~(uintptr_t)(g_align - 1);
    unsigned char* block = (unsigned char*)tp - g_block_size;
    memcpy(block, g_image, g_image_size);
    memset(block + g_image_size, 0, g_block_size - g_image_size);
    *(uintptr_t*)tp = tp;
    return (void*)tp;
}

void __tl_tls_init_main(const uint64_t* auxv)
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
    if (tls) {
        g_align = tls->align > 16 ? tls->align : 16;
        g_image = (const unsigned char*)tls->vaddr;
        g_image_size = tls->filesz;
        g_block_size = (tls->memsz + g_align - 1) & ~(g_align - 1);
    }
    size_t need = __tl_tls_area_size();
    unsigned char* area = g_main_tls;
    if (need > sizeof(g_main_tls)) {
        area = __os_map_anonymous(need);
        if (!area)
            __os_exit_status("crt0: no memory for thread-local storage");
    }
    __os_set_thread_pointer(__tl_tls_build(area));
}
