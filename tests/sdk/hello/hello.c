/* hello: a program built against the installed SDK only. Run as the first process
 * (init=/bin/hello init.report), it checks what the SDK's crt0 and libc set up and exits
 * with "ok", or with the first failure. */
#include <ctype.h>
#include <errno.h>
#include <patchwork.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static _Thread_local int g_initialised = 42; /* .tdata: copied into the thread's block */
static _Thread_local int g_zeroed;           /* .tbss: zeroed */

static void say(const char* text) { write(STDOUT_FILENO, text, strlen(text)); }

static _Noreturn void fail(const char* what)
{
    say("hello: FAIL ");
    say(what);
    say("\n");
    exit(1);
}

static int by_value(const void* a, const void* b) { return *(const int*)a - *(const int*)b; }

static void goodbye(void) { say("hello: atexit handler ran\n"); }

int main(int argc, char** argv)
{
    if (argc < 1 || strcmp(argv[0], "/bin/hello") != 0)
        fail("argv[0]");
    const char* path = getenv("PATH");
    if (!path || strcmp(path, "/bin") != 0)
        fail("getenv(\"PATH\")");
    if (g_initialised != 42 || g_zeroed != 0)
        fail("thread-local storage");
    g_zeroed = 7;
    errno = 0;
    if (read(99, 0, 0) != -1 || errno != EBADF)
        fail("errno after a failed read");
    if (strcmp(strerror(EBADF), "bad file descriptor") != 0)
        fail("strerror");
    int values[] = { 5, 3, 9, 1, 7, 2, 8 };
    qsort(values, 7, sizeof(int), by_value);
    for (int i = 1; i < 7; ++i)
        if (values[i - 1] > values[i])
            fail("qsort");
    int key = 8;
    if (!bsearch(&key, values, 7, sizeof(int), by_value))
        fail("bsearch");
    char text[] = "one, two,,three";
    const char* words[3];
    int n = 0;
    for (char* w = strtok(text, ", "); w; w = strtok(0, ", "))
        if (n < 3)
            words[n++] = w;
    if (n != 3 || strcmp(words[2], "three") != 0)
        fail("strtok");
    if (toupper('q') != 'Q' || !isspace('\n') || isalpha('1'))
        fail("ctype");
    /* Allocation: every size class, a large block, growth, zeroing, alignment, reuse. */
    void* blocks[64];
    for (int i = 0; i < 64; ++i) {
        size_t size = (size_t)1 << (i % 14);
        blocks[i] = malloc(size);
        if (!blocks[i] || ((uintptr_t)blocks[i] & 15))
            fail("malloc");
        memset(blocks[i], i, size);
    }
    for (int i = 0; i < 64; ++i) {
        size_t size = (size_t)1 << (i % 14);
        if (((unsigned char*)blocks[i])[size - 1] != (unsigned char)i)
            fail("malloc blocks overlap");
        free(blocks[i]);
    }
    char* grown = malloc(10);
    strcpy(grown, "keep me");
    grown = realloc(grown, 100000);
    if (!grown || strcmp(grown, "keep me") != 0)
        fail("realloc");
    free(grown);
    unsigned char* zeroed = calloc(1000, 3);
    for (int i = 0; i < 3000; ++i)
        if (!zeroed || zeroed[i])
            fail("calloc");
    free(zeroed);
    void* aligned = aligned_alloc(4096, 100);
    if (!aligned || ((uintptr_t)aligned & 4095))
        fail("aligned_alloc");
    free(aligned);
    void* volatile refused = aligned_alloc(3, 8); /* volatile: no allocation elision */
    if (refused != 0 || errno != EINVAL)
        fail("aligned_alloc with a bad alignment");
    /* libpatchwork, linked as the SDK's `patchwork` target. */
    char* version = sreadfile("/etc/version");
    if (!version || strncmp(version, "Tessera ", 8) != 0)
        fail("sreadfile(\"/etc/version\")");
    version[strcspn(version, "\n")] = 0;
    say(F("hello: libpatchwork read /etc/version: %s\n", version));
    free(version);
    atexit(goodbye);
    say("hello: built out of tree with the installed SDK\n");
    return 0;
}
