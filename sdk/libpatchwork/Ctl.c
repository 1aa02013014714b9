/* ctl(): one formatted command, one write (patchwork.h). */
#include <errno.h>
#include <patchwork.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Internal.h"

int pw_vctl(const char* path, const char* format, va_list args)
{
    char small[256];
    va_list again;
    va_copy(again, args);
    int length = vsnprintf(small, sizeof(small), format, args);
    char* command = small;
    if (length >= (int)sizeof(small)) {
        command = malloc((size_t)length + 1);
        if (!command) {
            va_end(again);
            return -1;
        }
        vsnprintf(command, (size_t)length + 1, format, again);
    }
    va_end(again);
    int result = -1;
    long fd = length < 0 ? -1 : pw_open(F("%s:w", path));
    if (fd >= 0) {
        ssize_t n = write((int)fd, command, (size_t)length);
        int saved = errno;
        close((int)fd);
        errno = saved;
        result = n == length ? 0 : -1;
    }
    if (command != small)
        free(command);
    return result;
}

int ctl(const char* path, const char* format, ...)
{
    va_list args;
    va_start(args, format);
    int result = pw_vctl(path, format, args);
    va_end(args);
    return result;
}
