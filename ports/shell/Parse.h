/* Parse: the shell's command language, without any OS dependency (host-tested by
 * tests/host/shell). A line is a list of pipelines joined by `&&`, `||` or `;`; a
 * pipeline is commands joined by `|`; a command is words and redirections (`< path`,
 * `> path`, `>> path`, `2> path`, `2>> path`, `2>&1`).
 *
 * Words: blanks separate them; '...' quotes literally; "..." quotes with $ expansion and
 * \" \\ \$ escapes; outside quotes \ escapes the next character and `#` at the start of
 * a word begins a comment. $NAME, ${NAME} and $? expand when the command runs
 * (sh_expand), through the caller's lookup: an unset name expands to nothing, an
 * unquoted word that expands to nothing is no word at all, and an expansion is never
 * split into more words. */
#ifndef SHELL_PARSE_H
#define SHELL_PARSE_H

#include <stddef.h>

enum { SH_MAX_REDIRECTS = 8 };

typedef struct {
    int fd;      /* 0, 1 or 2: the descriptor redirected */
    int append;  /* >> */
    int to_fd;   /* 2>&1: -1, or the descriptor it copies */
    char* path;  /* NULL for 2>&1; unexpanded, like argv */
} sh_redirect;

typedef struct {
    int argc;
    char** argv; /* NULL-terminated; words as parsed, to be passed through sh_expand */
    int redirect_count;
    sh_redirect redirects[SH_MAX_REDIRECTS];
} sh_command;

typedef enum { SH_THEN, SH_AND, SH_OR } sh_joint; /* ;  &&  || before the next pipeline */

typedef struct {
    int count;
    sh_command* commands;
    sh_joint next; /* how the following pipeline depends on this one */
} sh_pipeline;

typedef struct {
    int count;
    sh_pipeline* pipelines;
} sh_list;

/* Returns the value of a variable, or NULL when unset. */
typedef const char* (*sh_lookup)(const char* name, void* context);

/* Parses line into *out. Returns 0, or -1 with a message in error ("syntax error near
 * `|'", "unterminated quote", "out of memory"); *out is then empty. An empty or comment
 * line gives a list of 0 pipelines. */
int sh_parse(const char* line, sh_list* out, char* error, size_t error_size);
void sh_free(sh_list* list);

/* Expands one parsed word into *out (malloc'd), or NULL when the word vanishes (an
 * unquoted word whose expansions were all empty). Returns -1 without memory. */
int sh_expand(const char* word, sh_lookup lookup, void* context, char** out);

#endif
