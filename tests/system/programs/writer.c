/* writer: writes argv[1] (and a newline) to descriptor 1 and exits "ok"; with argv[2],
 * also reads its descriptor 0 to the end and appends what it got. */
#include "Runtime.h"

int main(int argc, char** argv)
{
    if (argc < 2)
        return 1;
    if (argc == 4 && strcmp(argv[2], "shm") == 0) {
        /* writer - shm FD: maps the shared memory behind FD and writes 'c' at byte 4101. */
        long fd = 0;
        for (const char* c = argv[3]; *c; ++c)
            fd = fd * 10 + (*c - '0');
        volatile char* p = (volatile char*)ts_mmap(0, 8192, TS_PROT_READ | TS_PROT_WRITE, 0, fd, 0);
        if ((long)p < 0)
            exit_with("mmap failed");
        if (p[4100] != 'p')
            exit_with("the parent's byte is missing");
        p[4101] = 'c';
        return 0;
    }
    char text[256] = "";
    append(text, sizeof(text), argv[1]);
    append(text, sizeof(text), "\n");
    long n = ts_write(1, (long)text, (long)strlen(text));
    if (n != (long)strlen(text))
        exit_with("write failed");
    return 0;
}
