/* grep [-v] [-i] [-c] [-n] pattern [file...]: prints the lines of each file (standard
 * input for "-" or none) that match pattern, a regular expression of the subset in
 * Match.h. -v selects the lines that do not match, -i ignores case, -c prints only the
 * number of selected lines, -n puts each line's number before it. With more than one
 * file each output line starts with "file:".
 *
 * Exit status as POSIX grep has it: 0 ("ok") when a line was selected, 1 ("exit 1") when
 * none was, 2 ("exit 2") on an error (a bad pattern, an unreadable file, bad usage) --
 * the one tool whose statuses differ from Common.h's rule, so scripts can tell "no
 * match" from "could not look". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <patchwork.h>

#include "Common.h"
#include "Match.h"

enum { SELECTED = 0, NONE_SELECTED = 1, TROUBLE = 2 };

typedef struct {
    const char* pattern;
    unsigned flags;
    int invert, count_only, numbers, prefix;
} Search;

/* The next line of stream without its newline, in *buffer (grown as needed); its length,
 * or -1 at the end of the input. */
static long next_line(FILE* stream, char** buffer, size_t* capacity)
{
    size_t length = 0;
    int c;
    while ((c = getc(stream)) != EOF && c != '\n') {
        if (length + 1 >= *capacity) {
            size_t bigger_size = *capacity ? *capacity * 2 : 256;
            char* bigger = realloc(*buffer, bigger_size);
            if (!bigger)
                return -2;
            *buffer = bigger;
            *capacity = bigger_size;
        }
        (*buffer)[length++] = (char)c;
    }
    if (c == EOF && length == 0)
        return -1;
    return (long)length;
}

/* Searches one stream; returns how many lines were selected, or -1 on an error. */
static long search(const Search* s, FILE* stream, const char* name)
{
    char* line = 0;
    size_t capacity = 0;
    long selected = 0, number = 0, length;
    while ((length = next_line(stream, &line, &capacity)) >= 0) {
        ++number;
        if (match_search(s->pattern, line ? line : "", (size_t)length, s->flags) == s->invert)
            continue;
        ++selected;
        if (s->count_only)
            continue;
        if (s->prefix)
            printf("%s:", name);
        if (s->numbers)
            printf("%ld:", number);
        fwrite(line, 1, (size_t)length, stdout);
        putchar('\n');
    }
    free(line);
    if (length == -2 || ferror(stream)) {
        fail(name);
        return -1;
    }
    if (s->count_only) {
        if (s->prefix)
            printf("%s:", name);
        printf("%ld\n", selected);
    }
    return selected;
}

int main(int argc, char** argv)
{
    tool_begin("grep", "grep [-v] [-i] [-c] [-n] pattern [file...]");
    Options options;
    int first = options_parse(&options, argc, argv, "vicn");
    if (first < 0)
        return TROUBLE;
    if (first == argc) {
        usage();
        return TROUBLE;
    }
    Search s = { .pattern = argv[first], .flags = options.set['i'] ? MATCH_IGNORE_CASE : 0,
        .invert = options.set['v'], .count_only = options.set['c'], .numbers = options.set['n'],
        .prefix = argc - first > 2 };
    const char* problem = match_error(s.pattern);
    if (problem) {
        fail_with(s.pattern, problem);
        return TROUBLE;
    }
    int trouble = 0;
    long selected = 0;
    if (first + 1 == argc) {
        long n = search(&s, stdin, "standard input");
        trouble = n < 0;
        selected = n > 0 ? n : 0;
    }
    for (int i = first + 1; i < argc; ++i) {
        int is_stdin = !strcmp(argv[i], "-");
        FILE* stream = is_stdin ? stdin : fopen(argv[i], "r");
        if (!stream) {
            fail(argv[i]);
            trouble = 1;
            continue;
        }
        long n = search(&s, stream, is_stdin ? "standard input" : argv[i]);
        if (n < 0)
            trouble = 1;
        else
            selected += n;
        if (!is_stdin)
            fclose(stream);
    }
    if (fflush(stdout) == EOF) {
        fail("standard output");
        return TROUBLE;
    }
    if (trouble)
        return TROUBLE;
    return selected ? SELECTED : NONE_SELECTED;
}
