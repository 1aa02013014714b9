/*
 * ParseInt.c: integer parsing for strtol, strtoul, strtoll, strtoull and scanf.
 *
 * Part of the libc's formatting engine (FormatInternal.h). The scanner works on a
 * __tl_reader, so the same code reads a string for strto* (which may back up to the
 * longest valid prefix, e.g. "0x" without hex digits parses as "0") and a stdio
 * stream for scanf (which cannot). Overflow saturates and is reported to the caller.
 */
#include "FormatInternal.h"

static int string_peek(__tl_reader* reader)
{
    __tl_string_reader* self = (__tl_string_reader*)reader;
    return *self->position ? (unsigned char)*self->position : -1;
}

static void string_advance(__tl_reader* reader)
{
    __tl_string_reader* self = (__tl_string_reader*)reader;
    self->position++;
}

static void string_accept(__tl_reader* reader)
{
    __tl_string_reader* self = (__tl_string_reader*)reader;
    self->accepted = self->position;
}

void __tl_string_reader_init(__tl_string_reader* reader, const char* text)
{
    reader->reader.peek = string_peek;
    reader->reader.advance = string_advance;
    reader->reader.accept = string_accept;
    reader->position = text;
    reader->accepted = 0;
}

// The value of c as a digit in bases up to 36, or 36 if it is not a digit at all.
static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 36;
}

uint64_t __tl_scan_integer(__tl_reader* reader, int base, uint64_t limit_positive, uint64_t limit_negative,
                           bool* negative, bool* any_digits, bool* overflow)
{
    *negative = false;
    *any_digits = false;
    *overflow = false;
    int c = reader->peek(reader);
    if (c == '+' || c == '-') {
        *negative = c == '-';
        reader->advance(reader);
        c = reader->peek(reader);
    }
    // A leading 0 is a complete number by itself; after it may come the 0x prefix
    // (bases 0 and 16), and base 0 reads a number that starts with 0 as octal.
    if (c == '0' && (base == 0 || base == 16)) {
        reader->advance(reader);
        *any_digits = true;
        reader->accept(reader);
        c = reader->peek(reader);
        if (c == 'x' || c == 'X') {
            reader->advance(reader);
            base = 16;
            c = reader->peek(reader);
            if (digit_value(c) >= 16)
                return 0; // "0x" with no hex digit: the number is the "0"
        } else if (base == 0) {
            base = 8;
        }
    } else if (base == 0) {
        base = 10;
    }

    uint64_t limit = *negative ? limit_negative : limit_positive;
    uint64_t value = 0;
    for (;;) {
        int digit = digit_value(c);
        if (digit >= base)
            break;
        reader->advance(reader);
        *any_digits = true;
        if (!*overflow) {
            if (value > (limit - (uint64_t)digit) / (uint64_t)base) {
                *overflow = true;
                value = limit;
            } else {
                value = value * (uint64_t)base + (uint64_t)digit;
            }
        }
        reader->accept(reader);
        c = reader->peek(reader);
    }
    return value;
}

// The shared body of the strto* integer functions: white space, then a number;
// `limit_*` as for __tl_scan_integer. Stores the end pointer and the error.
static uint64_t parse(const char* text, char** end, int base, uint64_t limit_positive, uint64_t limit_negative,
                      bool* negative, bool* overflow, int* error)
{
    *overflow = false;
    if (error)
        *error = __TL_OK;
    if (base < 0 || base == 1 || base > 36) {
        if (error)
            *error = __TL_EINVAL;
        if (end)
            *end = (char*)text;
        *negative = false;
        return 0;
    }
    const char* start = text;
    while (__tl_isspace((unsigned char)*text))
        text++;
    __tl_string_reader reader;
    __tl_string_reader_init(&reader, text);
    bool any_digits;
    uint64_t value = __tl_scan_integer(&reader.reader, base, limit_positive, limit_negative, negative, &any_digits,
                                       overflow);
    if (*overflow && error)
        *error = __TL_ERANGE;
    if (end)
        *end = (char*)(any_digits ? reader.accepted : start);
    return value;
}

long long __tl_strtoll_err(const char* text, char** end, int base, int* error)
{
    bool negative, overflow;
    uint64_t magnitude =
        parse(text, end, base, (uint64_t)INT64_MAX, (uint64_t)INT64_MAX + 1, &negative, &overflow, error);
    // The magnitude of a negative result may be 2^63, which has no positive
    // long long; negate in unsigned arithmetic, where the conversion back is exact.
    return negative ? (long long)(0 - magnitude) : (long long)magnitude;
}

unsigned long long __tl_strtoull_err(const char* text, char** end, int base, int* error)
{
    bool negative, overflow;
    uint64_t magnitude = parse(text, end, base, UINT64_MAX, UINT64_MAX, &negative, &overflow, error);
    // C17 7.22.1.4: a minus sign negates the value in the return type; an out-of-range
    // magnitude gives ULLONG_MAX whatever the sign.
    if (negative && !overflow)
        return 0 - magnitude;
    return magnitude;
}

// long is 64 bits on every Tessera target (LP64), as on the Linux host.
_Static_assert(sizeof(long) == sizeof(long long), "LP64 expected");

long __tl_strtol_err(const char* text, char** end, int base, int* error)
{
    return (long)__tl_strtoll_err(text, end, base, error);
}

unsigned long __tl_strtoul_err(const char* text, char** end, int base, int* error)
{
    return (unsigned long)__tl_strtoull_err(text, end, base, error);
}

long __tl_strtol(const char* text, char** end, int base)
{
    return __tl_strtol_err(text, end, base, 0);
}

unsigned long __tl_strtoul(const char* text, char** end, int base)
{
    return __tl_strtoul_err(text, end, base, 0);
}

long long __tl_strtoll(const char* text, char** end, int base)
{
    return __tl_strtoll_err(text, end, base, 0);
}

unsigned long long __tl_strtoull(const char* text, char** end, int base)
{
    return __tl_strtoull_err(text, end, base, 0);
}
