/* tail [-n N] [file]: prints the last N lines (10 by default) of file, or of standard
 * input for "-" or no operand. The input is read to its end first, so pipes and other
 * streams work as well as files. A last line without a newline counts as a line. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "Common.h"

/* Where the last `lines` lines of data[0, length) start. */
static size_t last_lines(const char* data, size_t length, long lines)
{
    if (lines == 0)
        return length;
    size_t at = length;
    /* A final newline ends the last line; it does not start an empty one. */
    if (at > 0 && data[at - 1] == '\n')
        --at;
    while (at > 0) {
        if (data[at - 1] == '\n' && --lines == 0)
            return at;
        --at;
    }
    return 0;
}

int main(int argc, char** argv)
{
    tool_begin("tail", "tail [-n N] [file]");
    Options options;
    int first = options_parse(&options, argc, argv, "n:");
    if (first < 0)
        return 1;
    long lines = 10;
    if (options.set['n'] && parse_count(options.value['n'], &lines) < 0)
        return fail_with(options.value['n'], "not a line count");
    if (argc - first > 1)
        return usage();
    const char* name = first < argc ? argv[first] : "-";
    FILE* input = open_input(name);
    if (!input)
        return fail(name);
    size_t length;
    char* data = read_all(fileno(input), &length);
    close_input(input);
    if (!data)
        return fail(name);
    size_t start = last_lines(data, length, lines);
    int status = write_all(STDOUT_FILENO, data + start, length - start) < 0 ? fail("standard output") : 0;
    free(data);
    return status;
}
