/* The printf family (C17 §7.21.6) on the formatting engine (libc/format). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../format/FormatInternal.h"
#include "Stream.h"

static void put_stream(__tl_sink* sink, const char* text, size_t length)
{
    __tl_put((FILE*)sink->context, text, length); /* errors stay in the FILE */
}

static int set_errno(int result, int error)
{
    if (result < 0)
        errno = error == __TL_EOVERFLOW ? EOVERFLOW : EINVAL;
    return result;
}

/* An unbuffered stream (stderr) would see every piece of the format as its own write,
 * and on Tessera's log console each write is a line of its own: one call's output is
 * gathered here and written in as few pieces as fit. */
struct staged {
    FILE* stream;
    size_t used;
    char text[512];
};

static void put_staged(__tl_sink* sink, const char* text, size_t length)
{
    struct staged* staged = sink->context;
    while (length) {
        if (staged->used == sizeof(staged->text)) {
            __tl_put(staged->stream, staged->text, staged->used);
            staged->used = 0;
        }
        size_t n = sizeof(staged->text) - staged->used;
        if (n > length)
            n = length;
        memcpy(staged->text + staged->used, text, n);
        staged->used += n;
        text += n;
        length -= n;
    }
}

int vfprintf(FILE* restrict stream, const char* restrict format, va_list args)
{
    struct staged staged = { stream, 0, { 0 } };
    __tl_sink sink = { put_stream, stream };
    if (stream->mode == _IONBF)
        sink = (__tl_sink) { put_staged, &staged };
    int error = 0;
    __tl_file_lock(stream); /* the whole output in one piece */
    int before = stream->error;
    stream->error = 0;
    int result = __tl_vformat_err(&sink, format, args, &error);
    if (staged.used)
        __tl_put(stream, staged.text, staged.used);
    int failed = stream->error;
    stream->error |= before;
    __tl_file_unlock(stream);
    if (result < 0)
        return set_errno(result, error);
    return failed ? -1 : result;
}

int vprintf(const char* restrict format, va_list args) { return vfprintf(stdout, format, args); }

int vsnprintf(char* restrict buffer, size_t size, const char* restrict format, va_list args)
{
    int result = __tl_vsnprintf(buffer, size, format, args);
    return result < 0 ? set_errno(result, __TL_EOVERFLOW) : result;
}

int vsprintf(char* restrict buffer, const char* restrict format, va_list args)
{
    return vsnprintf(buffer, (size_t)-1 / 2, format, args);
}

int printf(const char* restrict format, ...)
{
    va_list args;
    va_start(args, format);
    int result = vfprintf(stdout, format, args);
    va_end(args);
    return result;
}

int fprintf(FILE* restrict stream, const char* restrict format, ...)
{
    va_list args;
    va_start(args, format);
    int result = vfprintf(stream, format, args);
    va_end(args);
    return result;
}

int sprintf(char* restrict buffer, const char* restrict format, ...)
{
    va_list args;
    va_start(args, format);
    int result = vsprintf(buffer, format, args);
    va_end(args);
    return result;
}

int snprintf(char* restrict buffer, size_t size, const char* restrict format, ...)
{
    va_list args;
    va_start(args, format);
    int result = vsnprintf(buffer, size, format, args);
    va_end(args);
    return result;
}
