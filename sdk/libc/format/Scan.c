/*
 * Scan.c: the scanf engine (C17 7.21.6.2) and sscanf on top.
 *
 * Part of the libc's formatting engine (FormatInternal.h). Input comes from a
 * __tl_source one character at a time with at most one character of push-back, so
 * stdio streams and strings share this code. Numbers are scanned by the same code as
 * strto* (ParseInt.c, ParseFloat.c) through a __tl_reader that enforces the field
 * width; as C specifies, a field is the longest prefix of a number's syntax, and if
 * that prefix is not a complete number (say "1e+" or "0x") the directive fails rather
 * than backing up. Positional arguments (%n$) are supported: every argument of scanf
 * is a pointer, so the n-th one is found by skipping n-1 pointers.
 */
#include "FormatInternal.h"

#define NO_CHARACTER (-2)

typedef struct {
    __tl_reader reader;
    __tl_source* source;
    int lookahead;        // a character read but not consumed, -1 at end, NO_CHARACTER
    long width;           // characters the current field may still take; -1 unlimited
    uint64_t consumed;    // characters consumed so far (for %n)
    uint64_t field_start; // `consumed` when the current field began
    uint64_t accepted;    // `consumed` at the end of the longest complete number
} Scanner;

static int scanner_peek(__tl_reader* reader)
{
    Scanner* self = (Scanner*)reader;
    if (self->width == 0)
        return -1;
    if (self->lookahead == NO_CHARACTER)
        self->lookahead = self->source->get(self->source);
    return self->lookahead;
}

static void scanner_advance(__tl_reader* reader)
{
    Scanner* self = (Scanner*)reader;
    self->lookahead = NO_CHARACTER;
    self->consumed++;
    if (self->width > 0)
        self->width--;
}

static void scanner_accept(__tl_reader* reader)
{
    Scanner* self = (Scanner*)reader;
    self->accepted = self->consumed;
}

// Whether the end of input (not a mismatch) stopped the scan at this point.
static bool at_end(Scanner* s)
{
    return s->lookahead == -1;
}

static void skip_space(Scanner* s)
{
    long width = s->width;
    s->width = -1;
    while (__tl_isspace(scanner_peek(&s->reader)))
        scanner_advance(&s->reader);
    s->width = width;
}

typedef enum { LENGTH_NONE, LENGTH_HH, LENGTH_H, LENGTH_L, LENGTH_LL, LENGTH_J, LENGTH_Z, LENGTH_T, LENGTH_BIG_L } Length;

static void store_integer(void* where, Length length, uint64_t value)
{
    switch (length) {
    case LENGTH_HH: *(unsigned char*)where = (unsigned char)value; break;
    case LENGTH_H: *(unsigned short*)where = (unsigned short)value; break;
    case LENGTH_L: *(unsigned long*)where = (unsigned long)value; break;
    case LENGTH_LL: *(unsigned long long*)where = (unsigned long long)value; break;
    case LENGTH_J: *(uintmax_t*)where = (uintmax_t)value; break;
    case LENGTH_Z: *(size_t*)where = (size_t)value; break;
    case LENGTH_T: *(ptrdiff_t*)where = (ptrdiff_t)value; break;
    default: *(unsigned int*)where = (unsigned int)value; break;
    }
}

typedef struct {
    va_list list;    // the next sequential argument
    va_list origin;  // the first argument, for %n$
} Args;

static void* next_pointer(Args* args, int position)
{
    if (!position)
        return va_arg(args->list, void*);
    va_list list;
    va_copy(list, args->origin);
    void* p = 0;
    for (int i = 0; i < position; i++)
        p = va_arg(list, void*);
    va_end(list);
    return p;
}

// Parses the scanset after "%[" into `set`; returns the character after the ']', or
// null if the set is not closed.
static const char* parse_scanset(const char* p, bool set[256])
{
    bool negate = false;
    if (*p == '^') {
        negate = true;
        p++;
    }
    for (int i = 0; i < 256; i++)
        set[i] = false;
    // A ']' right after "[" or "[^" is a member, not the end.
    if (*p == ']') {
        set[']'] = true;
        p++;
    }
    for (; *p && *p != ']'; p++) {
        unsigned char c = (unsigned char)*p;
        // "a-z" is a range when '-' is neither first nor last (implementation-defined
        // in C; this is what every common libc does).
        if (p[1] == '-' && p[2] && p[2] != ']' && (unsigned char)p[2] >= c) {
            for (unsigned x = c; x <= (unsigned char)p[2]; x++)
                set[x] = true;
            p += 2;
        } else {
            set[c] = true;
        }
    }
    if (!*p)
        return 0;
    if (negate) {
        for (int i = 0; i < 256; i++)
            set[i] = !set[i];
    }
    return p + 1;
}

// Reads characters of the field while `set` (or, with set null, non-space) admits
// them; stores them (NUL-terminated if `terminate`) when `dest` is not null.
// Returns how many were read.
static long read_characters(Scanner* s, const bool* set, void* dest, bool wide, bool terminate)
{
    long n = 0;
    for (;;) {
        int c = scanner_peek(&s->reader);
        if (c < 0)
            break;
        if (set ? !set[c] : __tl_isspace(c))
            break;
        scanner_advance(&s->reader);
        if (dest) {
            if (wide)
                ((wchar_t*)dest)[n] = (wchar_t)c;
            else
                ((char*)dest)[n] = (char)c;
        }
        n++;
    }
    if (dest && terminate) {
        if (wide)
            ((wchar_t*)dest)[n] = 0;
        else
            ((char*)dest)[n] = 0;
    }
    return n;
}

int __tl_vscan(__tl_source* source, const char* format, va_list list)
{
    Scanner s = {{scanner_peek, scanner_advance, scanner_accept}, source, NO_CHARACTER, -1, 0, 0, 0};
    Args args;
    va_copy(args.list, list);
    va_copy(args.origin, list);
    int assigned = 0;
    bool input_failure = false;

    for (const char* p = format; *p;) {
        s.width = -1;
        if (__tl_isspace((unsigned char)*p)) {
            while (__tl_isspace((unsigned char)*p))
                p++;
            skip_space(&s);
            continue;
        }
        if (*p != '%' || p[1] == '%') {
            // An ordinary character (or "%%") must match the next input character; "%%"
            // skips white space first, like any conversion.
            if (*p == '%') {
                skip_space(&s);
                p++;
            }
            int c = scanner_peek(&s.reader);
            if (c != (unsigned char)*p) {
                input_failure = c < 0;
                break;
            }
            scanner_advance(&s.reader);
            p++;
            continue;
        }

        // A conversion specification: %[n$][*][width][length]conversion.
        p++;
        int position = 0;
        if (*p >= '1' && *p <= '9') {
            const char* q = p;
            int n = 0;
            while (*q >= '0' && *q <= '9' && n < 100000)
                n = n * 10 + (*q++ - '0');
            if (*q == '$') {
                position = n;
                p = q + 1;
            }
        }
        bool suppress = false;
        if (*p == '*') {
            suppress = true;
            p++;
        }
        long width = -1;
        if (*p >= '0' && *p <= '9') {
            width = 0;
            while (*p >= '0' && *p <= '9') {
                if (width < 1000000000L)
                    width = width * 10 + (*p - '0');
                p++;
            }
            if (width == 0)
                width = -1;
        }
        Length length = LENGTH_NONE;
        switch (*p) {
        case 'h': length = p[1] == 'h' ? LENGTH_HH : LENGTH_H; p += length == LENGTH_HH ? 2 : 1; break;
        case 'l': length = p[1] == 'l' ? LENGTH_LL : LENGTH_L; p += length == LENGTH_LL ? 2 : 1; break;
        case 'j': length = LENGTH_J; p++; break;
        case 'z': length = LENGTH_Z; p++; break;
        case 't': length = LENGTH_T; p++; break;
        case 'L': length = LENGTH_BIG_L; p++; break;
        default: break;
        }
        char conversion = *p++;
        if (!conversion)
            break;
        bool set[256];
        if (conversion == '[') {
            p = parse_scanset(p, set);
            if (!p)
                break;
        }
        if (conversion != '[' && conversion != 'c' && conversion != 'n')
            skip_space(&s);
        void* dest = suppress ? 0 : next_pointer(&args, position);
        s.width = width;
        s.field_start = s.consumed;
        s.accepted = s.consumed;
        bool failed = false;

        switch (conversion) {
        case 'n':
            if (dest)
                store_integer(dest, length, s.consumed);
            continue; // neither a conversion nor an assignment
        case 'c': {
            if (s.width < 0)
                s.width = 1;
            long wanted = s.width;
            bool all[256];
            for (int i = 0; i < 256; i++)
                all[i] = true;
            long n = read_characters(&s, all, dest, length == LENGTH_L, false);
            if (n < wanted) {
                // C17 7.21.6.2p12: exactly `width` characters; running out of input
                // first is an input failure (glibc instead keeps the short field).
                input_failure = true;
                goto done;
            }
            break;
        }
        case 's':
            failed = read_characters(&s, 0, dest, length == LENGTH_L, true) == 0;
            break;
        case '[':
            failed = read_characters(&s, set, dest, length == LENGTH_L, true) == 0;
            break;
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': case 'p': {
            int base = conversion == 'd' || conversion == 'u' ? 10 : conversion == 'i' ? 0 : conversion == 'o' ? 8 : 16;
            // Out-of-range input is undefined in C; like glibc, saturate as strtoll
            // (signed conversions) or strtoull (the others) would.
            bool is_signed = conversion == 'd' || conversion == 'i';
            uint64_t limit_positive = is_signed ? (uint64_t)INT64_MAX : UINT64_MAX;
            uint64_t limit_negative = is_signed ? (uint64_t)INT64_MAX + 1 : UINT64_MAX;
            bool negative, any, overflow;
            uint64_t magnitude = __tl_scan_integer(&s.reader, base, limit_positive, limit_negative, &negative, &any,
                                                   &overflow);
            failed = !any || s.accepted != s.consumed;
            if (!failed && dest) {
                uint64_t value = negative && !(overflow && !is_signed) ? 0 - magnitude : magnitude;
                if (conversion == 'p')
                    *(void**)dest = (void*)(uintptr_t)value;
                else
                    store_integer(dest, length, value);
            }
            break;
        }
        case 'a': case 'A': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
            __tl_float_text text;
            __tl_scan_float(&s.reader, &text);
            failed = text.kind == __TL_FLOAT_NONE || s.accepted != s.consumed || s.accepted == s.field_start;
            if (!failed && dest) {
                int range_error;
                if (length == LENGTH_NONE) {
                    union {
                        uint32_t bits;
                        float value;
                    } u = {(uint32_t)__tl_float_text_to_bits(&text, true, &range_error)};
                    *(float*)dest = u.value;
                } else {
                    union {
                        uint64_t bits;
                        double value;
                    } u = {__tl_float_text_to_bits(&text, false, &range_error)};
                    if (length == LENGTH_BIG_L)
                        *(long double*)dest = u.value; // through double: docs/sdk/format.md
                    else
                        *(double*)dest = u.value;
                }
            }
            break;
        }
        default:
            failed = true; // an unknown conversion ends the scan
            break;
        }
        if (failed) {
            // Nothing consumed because the input ended: an input failure.
            input_failure = s.consumed == s.field_start && at_end(&s);
            break;
        }
        if (dest)
            assigned++;
    }

done:
    s.width = -1;
    if (s.lookahead >= 0)
        source->unget(source, s.lookahead);
    va_end(args.list);
    va_end(args.origin);
    // C17 7.21.6.2p16: EOF when the input fails before the first conversion; like glibc
    // and musl, a suppressed conversion does not count as one.
    return input_failure && assigned == 0 ? -1 : assigned;
}

/* ---- sscanf ---- */

typedef struct {
    __tl_source source;
    const char* position;
} StringSource;

static int string_get(__tl_source* source)
{
    StringSource* self = (StringSource*)source;
    if (!*self->position)
        return -1;
    return (unsigned char)*self->position++;
}

static void string_unget(__tl_source* source, int c)
{
    (void)c;
    ((StringSource*)source)->position--;
}

int __tl_vsscanf(const char* input, const char* format, va_list list)
{
    StringSource source = {{string_get, string_unget, 0}, input};
    return __tl_vscan(&source.source, format, list);
}

int __tl_sscanf(const char* input, const char* format, ...)
{
    va_list list;
    va_start(list, format);
    int result = __tl_vsscanf(input, format, list);
    va_end(list);
    return result;
}
