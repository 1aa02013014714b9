/* Config: see Config.h. */
#include "Config.h"

#include <stdlib.h>
#include <string.h>

int config_split(char* line, char** words, int max_words, const char** error)
{
    int count = 0;
    char* in = line;
    for (;;) {
        while (*in == ' ' || *in == '\t' || *in == '\r')
            ++in;
        if (!*in || *in == '#')
            break;
        if (count == max_words) {
            *error = "too many words";
            return -1;
        }
        char* out = in;
        words[count++] = out;
        while (*in && *in != ' ' && *in != '\t' && *in != '\r') {
            if (*in == '"') {
                for (++in; *in != '"'; ++in) {
                    if (!*in) {
                        *error = "unterminated quote";
                        return -1;
                    }
                    if (*in == '\\' && (in[1] == '"' || in[1] == '\\'))
                        ++in;
                    *out++ = *in;
                }
                ++in;
            } else {
                *out++ = *in++;
            }
        }
        int ended = !*in;
        *out = 0;
        if (ended)
            break;
        ++in;
    }
    words[count] = 0;
    return count;
}

int config_parse(char* text, config_command** commands, void (*report)(int line, const char* error))
{
    int used = 0, capacity = 8, number = 0;
    config_command* list = malloc(sizeof(config_command) * (size_t)capacity);
    for (char* line = text; list && line && *line;) {
        char* end = strchr(line, '\n');
        if (end)
            *end = 0;
        ++number;
        if (used == capacity) {
            config_command* bigger = realloc(list, sizeof(config_command) * (size_t)(capacity *= 2));
            if (!bigger)
                break;
            list = bigger;
        }
        const char* error = 0;
        config_command* command = &list[used];
        command->line = number;
        command->count = config_split(line, command->words, CONFIG_MAX_WORDS, &error);
        if (command->count < 0)
            report(number, error);
        else if (command->count > 0)
            ++used;
        line = end ? end + 1 : 0;
    }
    *commands = list;
    return list ? used : 0;
}
