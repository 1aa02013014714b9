/* Common.c: messages, options and file helpers shared by the coreutils tools
 * (Common.h). Sits on the standard C library and POSIX subset only (no system calls of
 * its own), so it also runs on the libc's Linux layer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Common.h"

static const char* g_name = "?";
static const char* g_usage = "";

void tool_begin(const char* name, const char* usage)
{
    g_name = name;
    g_usage = usage;
}

int usage(void)
{
    fprintf(stderr, "usage: %s\n", g_usage);
    return 1;
}

int fail(const char* what) { return fail_with(what, strerror(errno)); }

int fail_with(const char* what, const char* message)
{
    /* stdout may hold a partial line: flush it so the two streams interleave in order. */
    fflush(stdout);
    fprintf(stderr, "%s: %s: %s\n", g_name, what, message);
    return 1;
}

int tool_start(Options* options, int argc, char** argv, const char* name, const char* usage_line, const char* spec,
    int min_operands, int max_operands)
{
    tool_begin(name, usage_line);
    int first = options_parse(options, argc, argv, spec);
    if (first < 0)
        return -1;
    int operands = argc - first;
    if (operands < min_operands || (max_operands >= 0 && operands > max_operands)) {
        usage();
        return -1;
    }
    return first;
}

int options_parse(Options* options, int argc, char** argv, const char* spec)
{
    memset(options, 0, sizeof(*options));
    int i = 1;
    for (; i < argc; ++i) {
        const char* word = argv[i];
        if (word[0] != '-' || word[1] == 0)
            break;
        if (!strcmp(word, "--"))
            return i + 1;
        for (const char* letter = word + 1; *letter; ++letter) {
            unsigned char c = (unsigned char)*letter;
            const char* at = c < 128 && c != ':' ? strchr(spec, c) : 0;
            if (!at) {
                fprintf(stderr, "%s: unknown option -%c\n", g_name, c);
                usage();
                return -1;
            }
            options->set[c] = 1;
            if (at[1] != ':')
                continue;
            if (letter[1]) {
                options->value[c] = letter + 1;
            } else if (i + 1 < argc) {
                options->value[c] = argv[++i];
            } else {
                fprintf(stderr, "%s: option -%c needs a value\n", g_name, c);
                usage();
                return -1;
            }
            break;
        }
    }
    return i;
}

int parse_count(const char* text, long* out)
{
    if (!*text)
        return -1;
    long value = 0;
    for (; *text; ++text) {
        if (*text < '0' || *text > '9' || value > (0x7fffffffL - 9) / 10)
            return -1;
        value = value * 10 + (*text - '0');
    }
    *out = value;
    return 0;
}

FILE* open_input(const char* path) { return strcmp(path, "-") ? fopen(path, "r") : stdin; }

void close_input(FILE* stream)
{
    if (stream != stdin)
        fclose(stream);
}

char* read_all(int fd, size_t* length)
{
    size_t used = 0, capacity = 4096;
    char* data = malloc(capacity);
    for (;;) {
        if (!data) {
            errno = ENOMEM;
            return 0;
        }
        if (capacity - used < 1024) {
            char* bigger = realloc(data, capacity * 2);
            if (!bigger)
                free(data);
            data = bigger;
            capacity *= 2;
            continue;
        }
        ssize_t n = read(fd, data + used, capacity - used - 1);
        if (n < 0) {
            int saved = errno;
            free(data);
            errno = saved;
            return 0;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    data[used] = 0;
    *length = used;
    return data;
}

int write_all(int fd, const char* data, size_t length)
{
    while (length) {
        ssize_t n = write(fd, data, length);
        if (n <= 0) {
            if (n == 0)
                errno = EPIPE;
            return -1;
        }
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

char* path_join(const char* directory, const char* name)
{
    size_t length = strlen(directory);
    int slash = length == 0 || directory[length - 1] != '/';
    char* path = malloc(length + slash + strlen(name) + 1);
    if (!path) {
        errno = ENOMEM;
        return 0;
    }
    memcpy(path, directory, length);
    if (slash)
        path[length++] = '/';
    strcpy(path + length, name);
    return path;
}

char* path_base(const char* path)
{
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        --end;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        --start;
    if (start == end && end > 0) /* only slashes: the root */
        start = end - 1;
    char* base = strndup(path + start, end - start);
    if (!base)
        errno = ENOMEM;
    return base;
}
