/* Common.h: what every coreutils tool shares. Messages in one shape ("ls: /nope: not
 * found", "usage: ls [-l] [-a] [path...]"), option letters, and a few file helpers over
 * the SDK's libc and libpatchwork. Exit statuses follow one rule: main returns 0 (the
 * process ends "ok") or 1 ("exit 1") for any failure, bad usage included; grep alone
 * has a third value (see grep.c). Nothing here keeps state beyond the tool's name. */
#ifndef COREUTILS_COMMON_H
#define COREUTILS_COMMON_H

#include <stddef.h>
#include <stdio.h>

/* Names the running tool and its usage line for the messages below. Call first in main. */
void tool_begin(const char* name, const char* usage);
/* Prints "usage: <usage line>" on stderr and returns 1, the status for bad usage. */
int usage(void);
/* Prints "<tool>: <what>: <strerror(errno)>" on stderr and returns 1. */
int fail(const char* what);
/* Prints "<tool>: <what>: <message>" on stderr and returns 1. */
int fail_with(const char* what, const char* message);

/* Single-letter options before the operands: "-la" is "-l -a", "--" ends them and "-"
 * alone is an operand. In spec, a letter followed by ':' takes a value ("-n 5" or
 * "-n5"). */
typedef struct {
    unsigned char set[128];
    const char* value[128];
} Options;
/* Fills options from argv; returns the index of the first operand, or -1 after printing
 * the usage line for an unknown letter or a missing value. */
int options_parse(Options* options, int argc, char** argv, const char* spec);

/* The usual start of a tool: tool_begin, options_parse, and a check that there are
 * between min_operands and max_operands operands (max -1: no limit). Returns the first
 * operand's index, or -1 after printing the usage line (main then returns 1). */
int tool_start(Options* options, int argc, char** argv, const char* name, const char* usage_line, const char* spec,
    int min_operands, int max_operands);

/* A decimal number made of digits only (no sign, no spaces): 0, or -1 if text is not one. */
int parse_count(const char* text, long* out);

/* Opens path for reading; "-" is standard input. NULL with errno set on failure. Tools
 * that copy bytes as they come read fileno() of it with read(), not the stream. */
FILE* open_input(const char* path);
/* Closes what open_input returned (leaves standard input open). */
void close_input(FILE* stream);
/* Everything left to read from fd, in a malloc'd buffer with a NUL after it (the data
 * itself may hold NULs: *length says how much there is). NULL with errno on failure. */
char* read_all(int fd, size_t* length);
/* Writes all of data to fd: 0, or -1 with errno. */
int write_all(int fd, const char* data, size_t length);

/* directory + "/" + name without doubling the slash, malloc'd (NULL without memory). */
char* path_join(const char* directory, const char* name);
/* The last component of path, trailing slashes ignored, malloc'd ("/" stays "/"). */
char* path_base(const char* path);

#endif
