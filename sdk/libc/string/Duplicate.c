/* strdup, strndup: copies in fresh memory (C23 §7.26.2.6-7, POSIX). */
#include <stdlib.h>
#include <string.h>

char* strndup(const char* s, size_t max)
{
    size_t length = strnlen(s, max);
    char* copy = malloc(length + 1);
    if (!copy)
        return 0;
    memcpy(copy, s, length);
    copy[length] = 0;
    return copy;
}

char* strdup(const char* s) { return strndup(s, (size_t)-1); }
