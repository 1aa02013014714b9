/* Config: init's configuration file, read into a list of commands (docs/ports.md).
 * A line is words separated by blanks; a word may be "quoted" (with \" and \\ inside);
 * '#' starts a comment outside quotes. */
#ifndef INIT_CONFIG_H
#define INIT_CONFIG_H

#include <stddef.h>

enum { CONFIG_MAX_WORDS = 32 };

typedef struct {
    int line;                           /* 1-based, for messages */
    int count;                          /* words; 0 never appears in a list */
    char* words[CONFIG_MAX_WORDS + 1];  /* NULL-terminated */
} config_command;

/* Splits one line (modified in place). Returns the word count, or -1 with *error set
 * for an unterminated quote or too many words. */
int config_split(char* line, char** words, int max_words, const char** error);

/* Parses a whole file's text (modified in place) into *commands (malloc'd; the words
 * point into text). Bad lines are reported through `report` and skipped. Returns the
 * number of commands. */
int config_parse(char* text, config_command** commands, void (*report)(int line, const char* error));

#endif
