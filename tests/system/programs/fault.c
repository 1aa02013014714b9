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
    return 1;
}
