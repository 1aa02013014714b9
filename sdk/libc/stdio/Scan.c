/* The scanf family (C17 §7.21.6) on the scanning engine (libc/format). */
#include <stdio.h>

#include "../format/FormatInternal.h"
#include "Stream.h"

static int get_stream(__tl_source* source) { return __tl_get((FILE*)source->context); }
static void unget_stream(__tl_source* source, int c) { ungetc(c, (FILE*)source->context); }

int vfscanf(FILE* restrict stream, const char* restrict format, va_list args)
{
    __tl_source source = { get_stream, unget_stream, stream };
    __tl_file_lock(stream);
    int result = __tl_vscan(&source, format, args);
    __tl_file_unlock(stream);
    return result;
}

int vscanf(const char* restrict format, va_list args) { return vfscanf(stdin, format, args); }
int vsscanf(const char* restrict input, const char* restrict format, va_list args) { return __tl_vsscanf(input, format, args); }

int scanf(const char* restrict format, ...)
{
    va_list args;
    va_start(args, format);
    int result = vfscanf(stdin, format, args);
    va_end(args);
    return result;
}

int fscanf(FILE* restrict stream, const char* restrict format, ...)
{
    va_list args;
    va_start(args, format);
    int result = vfscanf(stream, format, args);
    va_end(args);
    return result;
}

int sscanf(const char* restrict input, const char* restrict format, ...)
{
    va_list args;
    va_start(args, format);
    int result = vsscanf(input, format, args);
    va_end(args);
    return result;
}
