/* echo [-n] [word...]: prints the words separated by single spaces, then a newline
 * unless -n comes first. Any other word, "-x" included, is printed as it is. */
#include <stdio.h>
#include <string.h>

#include "Common.h"

int main(int argc, char** argv)
{
    tool_begin("echo", "echo [-n] [word...]");
    int first = 1, newline = 1;
    if (argc > 1 && !strcmp(argv[1], "-n")) {
        newline = 0;
        first = 2;
    }
    for (int i = first; i < argc; ++i) {
        if (i > first)
            putchar(' ');
        fputs(argv[i], stdout);
    }
    if (newline)
        putchar('\n');
    if (fflush(stdout) == EOF)
        return fail("standard output");
    return 0;
}
