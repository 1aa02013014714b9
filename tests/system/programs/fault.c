/* fault: dies the way argv[1] says: "null" (reads address 0), "divide" (divides by zero),
 * "illegal" (ud2), "write-text" (writes to its own code). The parent checks the note the
 * kernel killed it with. */
#include "Runtime.h"

static volatile long zero = 0;

int main(int argc, char** argv)
{
    if (argc < 2)
        return 1;
    if (strcmp(argv[1], "null") == 0)
        return (int)*(volatile long*)zero;
    if (strcmp(argv[1], "divide") == 0) {
        long result;
        __asm__ volatile("cqo; idivq %2" : "=a"(result) : "a"(1L), "r"(zero) : "rdx");
        return (int)result;
    }
    if (strcmp(argv[1], "illegal") == 0)
        __asm__ volatile("ud2");
    if (strcmp(argv[1], "write-text") == 0)
        *(volatile char*)(void*)&main = 0;
    long zero_fd = open_path("/dev/const/zero");
    if (strcmp(argv[1], "after-munmap") == 0) {
        long p = ts_mmap(0, 8192, TS_PROT_READ | TS_PROT_WRITE, 0, zero_fd, 0);
        *(volatile char*)p = 1;
        ts_munmap(p, 8192);
        *(volatile char*)p = 2;
    }
    if (strcmp(argv[1], "read-only") == 0) {
        long p = ts_mmap(0, 4096, TS_PROT_READ | TS_PROT_WRITE, 0, zero_fd, 0);
        *(volatile char*)p = 1;
        ts_mprotect(p, 4096, TS_PROT_READ);
        *(volatile char*)p = 2;
    }
    if (strcmp(argv[1], "stack-overflow") == 0) {
        /* Just past the 8 MiB stack: the guard page below it. */
        volatile char* below = (volatile char*)(((long)__builtin_frame_address(0) & ~4095L) - (8L << 20) + 16);
        *below = 1;
    }
    return 1;
}
