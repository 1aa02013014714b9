/*
 * FormatCore.c: the printf engine: conversion specifications, arguments, integers,
 * characters and strings, and snprintf on top.
 *
 * Part of the libc's formatting engine (FormatInternal.h). Everything is written
 * through a __tl_sink, so stdio's buffered FILEs and snprintf share this code;
 * floating-point conversions are in FormatFloat.c. Positional arguments (%n$ and *m$,
 * POSIX) are supported: the format is read twice, once to learn every argument's type
 * so that they can be fetched from the va_list in order.
 */
#include "FormatInternal.h"

#define INT_MAX_VALUE 2147483647

void __tl_out(__tl_output* out, const char* text, size_t length)
{
    // Once the count is past INT_MAX the call fails anyway; stop producing text.
    if (length && out->count <= INT_MAX_VALUE)
        out->sink->put(out->sink, text, length);
    out->count += length;
}

void __tl_out_repeat(__tl_output* out, char c, uint64_t count)
{
    char chunk[64];
    for (int i = 0; i < (int)sizeof chunk; i++)
        chunk[i] = c;
    while (count && out->count <= INT_MAX_VALUE) {
        size_t n = count < sizeof chunk ? (size_t)count : sizeof chunk;
        __tl_out(out, chunk, n);
        count -= n;
    }
    out->count += count;
}

/* ---- Conversion specifications ---- */

typedef enum { LENGTH_NONE, LENGTH_HH, LENGTH_H, LENGTH_L, LENGTH_LL, LENGTH_J, LENGTH_Z, LENGTH_T, LENGTH_BIG_L } Length;

// How an argument is fetched from the va_list (after the default promotions).
typedef enum { ARG_NONE, ARG_INT, ARG_LONG, ARG_LLONG, ARG_INTMAX, ARG_SIZE, ARG_PTRDIFF, ARG_DOUBLE,
               ARG_LDOUBLE, ARG_POINTER } ArgType;

// The most arguments a positional format may use (POSIX NL_ARGMAX is at least 9).
#define MAX_POSITIONAL 64

typedef struct {
    __tl_spec spec;
    Length length;
    int position;           // n of %n$, 0 when sequential
    bool width_star, precision_star;
    int width_position;     // m of *m$, 0 when sequential
    int precision_position;
} Conversion;

// Reads a decimal number; false if it does not fit in an int.
static bool read_number(const char** p, int* value)
{
    long long v = 0;
    bool fits = true;
    while (**p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        if (v > INT_MAX_VALUE) {
            fits = false;
            v = INT_MAX_VALUE;
        }
        (*p)++;
    }
    *value = (int)v;
    return fits;
}

// "n$" at *p: returns n (>= 1) and moves past it, else 0 and leaves *p alone.
static int read_position(const char** p)
{
    const char* q = *p;
    if (*q < '1' || *q > '9')
        return 0;
    int n;
    if (!read_number(&q, &n) || *q != '$')
        return 0;
    *p = q + 1;
    return n;
}

// Parses the specification after a '%'; returns __TL_OK and moves *p past it.
static int parse_conversion(const char** p, Conversion* c)
{
    const char* s = *p;
    __tl_spec* spec = &c->spec;
    *c = (Conversion){0};
    spec->precision = -1;
    c->position = read_position(&s);
    for (;; s++) {
        if (*s == '-')
            spec->left = true;
        else if (*s == '+')
            spec->plus = true;
        else if (*s == ' ')
            spec->space = true;
        else if (*s == '#')
            spec->alternate = true;
        else if (*s == '0')
            spec->zero = true;
        else
            break;
    }
    if (*s == '*') {
        s++;
        c->width_star = true;
        c->width_position = read_position(&s);
    } else if (!read_number(&s, &spec->width)) {
        return __TL_EOVERFLOW;
    }
    if (*s == '.') {
        s++;
        if (*s == '*') {
            s++;
            c->precision_star = true;
            c->precision_position = read_position(&s);
        } else if (!read_number(&s, &spec->precision)) {
            return __TL_EOVERFLOW;
        }
    }
    switch (*s) {
    case 'h':
        c->length = s[1] == 'h' ? LENGTH_HH : LENGTH_H;
        s += c->length == LENGTH_HH ? 2 : 1;
        break;
    case 'l':
        c->length = s[1] == 'l' ? LENGTH_LL : LENGTH_L;
        s += c->length == LENGTH_LL ? 2 : 1;
        break;
    case 'j': c->length = LENGTH_J; s++; break;
    case 'z': c->length = LENGTH_Z; s++; break;
    case 't': c->length = LENGTH_T; s++; break;
    case 'L': c->length = LENGTH_BIG_L; s++; break;
    default: break;
    }
    spec->conversion = *s;
    switch (*s) {
    case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': case 'c': case 's': case 'p': case 'n':
    case '%': case 'a': case 'A': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        break;
    default:
        return __TL_EINVAL;
    }
    *p = s + 1;
    return __TL_OK;
}

static ArgType integer_arg_type(Length length)
{
    switch (length) {
    case LENGTH_L: return ARG_LONG;
    case LENGTH_LL: return ARG_LLONG;
    case LENGTH_J: return ARG_INTMAX;
    case LENGTH_Z: return ARG_SIZE;
    case LENGTH_T: return ARG_PTRDIFF;
    default: return ARG_INT;
    }
}

static ArgType conversion_arg_type(const Conversion* c)
{
    switch (c->spec.conversion) {
    case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
        return integer_arg_type(c->length);
    case 'c':
        return ARG_INT; // wint_t promotes to (unsigned) int as well
    case 's': case 'p': case 'n':
        return ARG_POINTER;
    case '%':
        return ARG_NONE;
    default:
        return c->length == LENGTH_BIG_L ? ARG_LDOUBLE : ARG_DOUBLE;
    }
}

/* ---- Arguments: from the va_list in order, or all fetched up front ---- */

typedef union {
    long long integer; // every integer type, converted to long long (two's complement)
    double real;
    long double long_real;
    void* pointer;
} ArgValue;

typedef struct {
    va_list list;
    ArgValue* positional; // null in sequential mode
} Args;

// (The value travels through a pointer: returning a union that holds a long double
// by value has an ABI note attached on x86_64 that only adds noise.)
static void fetch(va_list* list, ArgType type, ArgValue* v)
{
    v->integer = 0;
    switch (type) {
    case ARG_INT: v->integer = va_arg(*list, int); break;
    case ARG_LONG: v->integer = va_arg(*list, long); break;
    case ARG_LLONG: v->integer = va_arg(*list, long long); break;
    case ARG_INTMAX: v->integer = (long long)va_arg(*list, intmax_t); break;
    case ARG_SIZE: v->integer = (long long)va_arg(*list, size_t); break;
    case ARG_PTRDIFF: v->integer = (long long)va_arg(*list, ptrdiff_t); break;
    case ARG_DOUBLE: v->real = va_arg(*list, double); break;
    case ARG_LDOUBLE: v->long_real = va_arg(*list, long double); break;
    case ARG_POINTER: v->pointer = va_arg(*list, void*); break;
    case ARG_NONE: break;
    }
}

static void next_arg(Args* args, int position, ArgType type, ArgValue* v)
{
    if (args->positional)
        *v = args->positional[position - 1];
    else
        fetch(&args->list, type, v);
}

// First pass of a positional format: every argument's type, then fetch them in order.
static int collect_positional(const char* format, Args* args, ArgValue* values)
{
    ArgType types[MAX_POSITIONAL];
    for (int i = 0; i < MAX_POSITIONAL; i++)
        types[i] = ARG_NONE;
    int highest = 0;
    for (const char* p = format; *p;) {
        if (*p++ != '%')
            continue;
        Conversion c;
        int error = parse_conversion(&p, &c);
        if (error)
            return error;
        if (c.spec.conversion == '%')
            continue;
        int positions[3] = {c.position, c.width_star ? c.width_position : -1,
                            c.precision_star ? c.precision_position : -1};
        ArgType kinds[3] = {conversion_arg_type(&c), ARG_INT, ARG_INT};
        for (int i = 0; i < 3; i++) {
            if (positions[i] < 0)
                continue;
            // Mixing numbered and unnumbered arguments is undefined; refuse it.
            if (positions[i] == 0 || positions[i] > MAX_POSITIONAL)
                return __TL_EINVAL;
            types[positions[i] - 1] = kinds[i];
            if (positions[i] > highest)
                highest = positions[i];
        }
    }
    for (int i = 0; i < highest; i++) {
        if (types[i] == ARG_NONE)
            return __TL_EINVAL; // a gap: the type of that argument is unknown
        fetch(&args->list, types[i], &values[i]);
    }
    args->positional = values;
    return __TL_OK;
}

/* ---- Integers, characters, strings ---- */

static void format_integer(__tl_output* out, const __tl_spec* spec, unsigned long long magnitude, bool negative,
                           bool is_signed)
{
    char conversion = spec->conversion;
    unsigned base = conversion == 'o' ? 8 : (conversion == 'x' || conversion == 'X' || conversion == 'p') ? 16 : 10;
    const char* alphabet = conversion == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char digits[24];
    int n = 0;
    // C17 7.21.6.1: zero with precision zero prints no digits at all.
    if (!(magnitude == 0 && spec->precision == 0)) {
        do {
            digits[sizeof digits - 1 - n++] = alphabet[magnitude % base];
            magnitude /= base;
        } while (magnitude);
    }
    char prefix[3];
    int prefix_length = 0;
    if (is_signed) {
        if (negative)
            prefix[prefix_length++] = '-';
        else if (spec->plus)
            prefix[prefix_length++] = '+';
        else if (spec->space)
            prefix[prefix_length++] = ' ';
    }
    bool nonzero = n > 0 && digits[sizeof digits - n] != '0';
    if ((spec->alternate && nonzero && (conversion == 'x' || conversion == 'X')) || conversion == 'p') {
        prefix[prefix_length++] = '0';
        prefix[prefix_length++] = conversion == 'X' ? 'X' : 'x';
    }
    uint64_t zeros = spec->precision > n ? (uint64_t)(spec->precision - n) : 0;
    // '#' with %o: the precision grows just enough for a leading zero.
    if (spec->alternate && conversion == 'o' && zeros == 0 && !(n > 0 && digits[sizeof digits - n] == '0'))
        zeros = 1;
    uint64_t total = (uint64_t)prefix_length + zeros + (uint64_t)n;
    uint64_t fill = spec->width > 0 && (uint64_t)spec->width > total ? (uint64_t)spec->width - total : 0;
    if (!spec->left && !(spec->zero && spec->precision < 0))
        __tl_out_repeat(out, ' ', fill);
    __tl_out(out, prefix, (size_t)prefix_length);
    if (!spec->left && spec->zero && spec->precision < 0)
        __tl_out_repeat(out, '0', fill);
    __tl_out_repeat(out, '0', zeros);
    __tl_out(out, digits + sizeof digits - n, (size_t)n);
    if (spec->left)
        __tl_out_repeat(out, ' ', fill);
}

static void pad_text(__tl_output* out, const __tl_spec* spec, const char* text, size_t length)
{
    uint64_t fill = spec->width > 0 && (uint64_t)spec->width > length ? (uint64_t)spec->width - length : 0;
    if (!spec->left)
        __tl_out_repeat(out, ' ', fill);
    __tl_out(out, text, length);
    if (spec->left)
        __tl_out_repeat(out, ' ', fill);
}

// Wide characters are written as UTF-8 (the only multibyte encoding the libc has).
static int encode_utf8(uint32_t c, char* out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xc0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if ((c >= 0xd800 && c < 0xe000) || c > 0x10ffff)
        return -1;
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

static int format_wide_string(__tl_output* out, const __tl_spec* spec, const wchar_t* text)
{
    // First the byte length (whole characters within the precision), then the output.
    size_t length = 0;
    char buffer[4];
    for (const wchar_t* w = text; *w; w++) {
        int n = encode_utf8((uint32_t)*w, buffer);
        if (n < 0)
            return __TL_EINVAL;
        if (spec->precision >= 0 && length + (size_t)n > (size_t)spec->precision)
            break;
        length += (size_t)n;
    }
    uint64_t fill = spec->width > 0 && (uint64_t)spec->width > length ? (uint64_t)spec->width - length : 0;
    if (!spec->left)
        __tl_out_repeat(out, ' ', fill);
    size_t written = 0;
    for (const wchar_t* w = text; written < length; w++) {
        int n = encode_utf8((uint32_t)*w, buffer);
        __tl_out(out, buffer, (size_t)n);
        written += (size_t)n;
    }
    if (spec->left)
        __tl_out_repeat(out, ' ', fill);
    return __TL_OK;
}

static size_t bounded_length(const char* text, int precision)
{
    size_t n = 0;
    while ((precision < 0 || n < (size_t)precision) && text[n])
        n++;
    return n;
}

static void store_count(void* where, Length length, uint64_t count)
{
    switch (length) {
    case LENGTH_HH: *(signed char*)where = (signed char)count; break;
    case LENGTH_H: *(short*)where = (short)count; break;
    case LENGTH_L: *(long*)where = (long)count; break;
    case LENGTH_LL: *(long long*)where = (long long)count; break;
    case LENGTH_J: *(intmax_t*)where = (intmax_t)count; break;
    case LENGTH_Z: *(size_t*)where = (size_t)count; break;
    case LENGTH_T: *(ptrdiff_t*)where = (ptrdiff_t)count; break;
    default: *(int*)where = (int)count; break;
    }
}

// Narrows an integer argument to the type its length modifier names.
static long long narrow_signed(long long v, Length length)
{
    switch (length) {
    case LENGTH_HH: return (signed char)v;
    case LENGTH_H: return (short)v;
    case LENGTH_NONE: return (int)v;
    default: return v;
    }
}

static unsigned long long narrow_unsigned(long long v, Length length)
{
    switch (length) {
    case LENGTH_HH: return (unsigned char)v;
    case LENGTH_H: return (unsigned short)v;
    case LENGTH_NONE: return (unsigned int)v;
    default: return (unsigned long long)v;
    }
}

static int format_one(__tl_output* out, Conversion* c, Args* args)
{
    __tl_spec* spec = &c->spec;
    if (c->width_star) {
        ArgValue v;
        next_arg(args, c->width_position, ARG_INT, &v);
        int width = (int)v.integer;
        if (width < 0) {
            spec->left = true;
            width = width == -INT_MAX_VALUE - 1 ? INT_MAX_VALUE : -width;
        }
        spec->width = width;
    }
    if (c->precision_star) {
        ArgValue v;
        next_arg(args, c->precision_position, ARG_INT, &v);
        int precision = (int)v.integer;
        spec->precision = precision < 0 ? -1 : precision;
    }
    if (spec->conversion == '%') {
        __tl_out(out, "%", 1);
        return __TL_OK;
    }
    ArgValue v;
    next_arg(args, c->position, conversion_arg_type(c), &v);
    switch (spec->conversion) {
    case 'd':
    case 'i': {
        long long n = narrow_signed(v.integer, c->length);
        unsigned long long magnitude = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
        format_integer(out, spec, magnitude, n < 0, true);
        return __TL_OK;
    }
    case 'o':
    case 'u':
    case 'x':
    case 'X':
        format_integer(out, spec, narrow_unsigned(v.integer, c->length), false, false);
        return __TL_OK;
    case 'p':
        if (!v.pointer) {
            pad_text(out, spec, "(nil)", 5); // as glibc prints it
            return __TL_OK;
        }
        format_integer(out, spec, (unsigned long long)(uintptr_t)v.pointer, false, false);
        return __TL_OK;
    case 'c': {
        char buffer[4];
        int n = 1;
        if (c->length == LENGTH_L) {
            n = encode_utf8((uint32_t)v.integer, buffer);
            if (n < 0)
                return __TL_EINVAL;
        } else {
            buffer[0] = (char)(unsigned char)v.integer;
        }
        pad_text(out, spec, buffer, (size_t)n);
        return __TL_OK;
    }
    case 's':
        if (!v.pointer) {
            // glibc prints "(null)" when it fits the precision, else nothing.
            const char* text = spec->precision < 0 || spec->precision >= 6 ? "(null)" : "";
            pad_text(out, spec, text, bounded_length(text, -1));
            return __TL_OK;
        }
        if (c->length == LENGTH_L)
            return format_wide_string(out, spec, (const wchar_t*)v.pointer);
        pad_text(out, spec, (const char*)v.pointer, bounded_length((const char*)v.pointer, spec->precision));
        return __TL_OK;
    case 'n':
        store_count(v.pointer, c->length, out->count);
        return __TL_OK;
    default:
        // long double is formatted through double (docs/sdk/format.md).
        __tl_format_double(out, spec, c->length == LENGTH_BIG_L ? (double)v.long_real : v.real);
        return __TL_OK;
    }
}

int __tl_vformat_err(__tl_sink* sink, const char* format, va_list list, int* error)
{
    __tl_output out = {sink, 0};
    Args args;
    va_copy(args.list, list);
    args.positional = 0;
    ArgValue positional[MAX_POSITIONAL];
    int status = __TL_OK;

    // A format whose first conversion is numbered is positional throughout.
    for (const char* p = format; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        const char* q = p + 1;
        if (read_position(&q))
            status = collect_positional(format, &args, positional);
        break;
    }

    const char* p = format;
    while (status == __TL_OK && *p) {
        const char* literal = p;
        while (*p && *p != '%')
            p++;
        __tl_out(&out, literal, (size_t)(p - literal));
        if (!*p)
            break;
        p++;
        Conversion c;
        status = parse_conversion(&p, &c);
        if (status == __TL_OK && !args.positional && (c.position || c.width_position || c.precision_position))
            status = __TL_EINVAL;
        if (status == __TL_OK && args.positional && c.spec.conversion != '%' && !c.position)
            status = __TL_EINVAL;
        if (status == __TL_OK)
            status = format_one(&out, &c, &args);
    }
    va_end(args.list);
    if (status == __TL_OK && out.count > INT_MAX_VALUE)
        status = __TL_EOVERFLOW;
    if (error)
        *error = status;
    return status == __TL_OK ? (int)out.count : -1;
}

int __tl_vformat(__tl_sink* sink, const char* format, va_list list)
{
    return __tl_vformat_err(sink, format, list, 0);
}

/* ---- snprintf ---- */

typedef struct {
    __tl_sink sink;
    char* buffer;
    size_t capacity; // bytes for text, excluding the terminating NUL
    size_t used;
} BufferSink;

static void buffer_put(__tl_sink* sink, const char* text, size_t length)
{
    BufferSink* self = (BufferSink*)sink;
    size_t room = self->capacity - self->used;
    size_t n = length < room ? length : room;
    for (size_t i = 0; i < n; i++)
        self->buffer[self->used + i] = text[i];
    self->used += n;
}

int __tl_vsnprintf(char* buffer, size_t size, const char* format, va_list list)
{
    BufferSink sink = {{buffer_put, 0}, buffer, size ? size - 1 : 0, 0};
    int result = __tl_vformat(&sink.sink, format, list);
    if (size)
        buffer[sink.used] = '\0';
    return result;
}

int __tl_snprintf(char* buffer, size_t size, const char* format, ...)
{
    va_list list;
    va_start(list, format);
    int result = __tl_vsnprintf(buffer, size, format, list);
    va_end(list);
    return result;
}
