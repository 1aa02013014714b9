/* cat [file...]: copies each file, or standard input for "-" or no operand, to standard
 * output as it reads (so it also works on pipes and the console: the bytes go through
 * read and write on the descriptors, not through stdio's buffers). */
#include <stdio.h>
#include <unistd.h>

#include "Common.h"

static int copy(int fd, const char* name)
{
    char buffer[4096];
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof(buffer));
        if (n < 0)
            return fail(name);
        if (n == 0)
            return 0;
        if (write_all(STDOUT_FILENO, buffer, (size_t)n) < 0)
            return fail("standard output");
    }
}

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "cat", "cat [file...]", "", 0, -1);
    if (first < 0)
        return 1;
    if (first == argc)
        return copy(STDIN_FILENO, "standard input");
    int status = 0;
    for (int i = first; i < argc; ++i) {
        FILE* input = open_input(argv[i]);
        if (!input) {
            status = fail(argv[i]);
            continue;
        }
        if (copy(fileno(input), argv[i]))
            status = 1;
        close_input(input);
    }
    return status;
}
