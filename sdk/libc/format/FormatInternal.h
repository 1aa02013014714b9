/*
 * FormatInternal.h: the formatting and parsing engine of the Tessera libc.
 *
 * This is the layer below stdio and stdlib: printf-style formatting into a sink,
 * scanf-style parsing from a source, and the number conversions (strtod, strtof,
 * strto[u]l[l]). It is freestanding C17: it includes only compiler-provided headers,
 * touches no global state (no errno, no locale; the decimal point is always '.'), and
 * reports errors as return values or out-parameters, so the stdio and stdlib layers
 * above it decide what errno to set. The same sources build for the host, where the
 * tests compare them with glibc. The algorithms are described in docs/sdk/format.md.
 */
#ifndef TESSERA_LIBC_FORMAT_INTERNAL_H
#define TESSERA_LIBC_FORMAT_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Where formatted text goes. `put` receives every piece of output in order; it cannot
 * fail (a FILE sink records a write error in the FILE and keeps accepting text, as C
 * asks printf to return a negative value only at the end). `context` is the sink's own. */
typedef struct __tl_sink {
    void (*put)(struct __tl_sink* sink, const char* text, size_t length);
    void* context;
} __tl_sink;

/* Where scanned text comes from. `get` returns the next character as an unsigned char
 * value, or -1 at end of input (or on a read error, which the source remembers);
 * `unget` pushes back the one character last returned by `get` (only one is ever
 * pushed back at a time, as C's ungetc guarantees). */
typedef struct __tl_source {
    int (*get)(struct __tl_source* source);
    void (*unget)(struct __tl_source* source, int c);
    void* context;
} __tl_source;

/* Errors the engine reports (the caller maps them onto errno). */
enum {
    __TL_OK = 0,
    __TL_ERANGE = 1,    /* a conversion's result is out of range */
    __TL_EOVERFLOW = 2, /* the printf count does not fit in an int */
    __TL_EINVAL = 3,    /* a malformed or unsupported conversion specification */
};

/* printf engine. Returns the number of characters printf would return, or -1; when
 * `error` is not null it receives __TL_EOVERFLOW or __TL_EINVAL on failure. */
int __tl_vformat_err(__tl_sink* sink, const char* format, va_list args, int* error);
int __tl_vformat(__tl_sink* sink, const char* format, va_list args);
int __tl_vsnprintf(char* buffer, size_t size, const char* format, va_list args);
int __tl_snprintf(char* buffer, size_t size, const char* format, ...);

/* scanf engine: the number of input items assigned, or -1 (EOF) when the input ends
 * or fails before the first conversion. */
int __tl_vscan(__tl_source* source, const char* format, va_list args);
int __tl_vsscanf(const char* input, const char* format, va_list args);
int __tl_sscanf(const char* input, const char* format, ...);

/* Floating-point parsing, correctly rounded (round to nearest, ties to even).
 * `range_error` (may be null) is set to __TL_ERANGE on overflow (the result is
 * +-HUGE_VAL) and on underflow (the result is zero or an inexact subnormal), else 0. */
double __tl_strtod_err(const char* text, char** end, int* range_error);
float __tl_strtof_err(const char* text, char** end, int* range_error);
double __tl_strtod(const char* text, char** end);
float __tl_strtof(const char* text, char** end);
/* long double is parsed as double (see docs/sdk/format.md). */
long double __tl_strtold_err(const char* text, char** end, int* range_error);

/* Integer parsing (bases 0 and 2..36). On overflow the result saturates and
 * `range_error` (may be null) is set to __TL_ERANGE; an invalid base sets __TL_EINVAL. */
long __tl_strtol_err(const char* text, char** end, int base, int* error);
unsigned long __tl_strtoul_err(const char* text, char** end, int base, int* error);
long long __tl_strtoll_err(const char* text, char** end, int base, int* error);
unsigned long long __tl_strtoull_err(const char* text, char** end, int base, int* error);
long __tl_strtol(const char* text, char** end, int base);
unsigned long __tl_strtoul(const char* text, char** end, int base);
long long __tl_strtoll(const char* text, char** end, int base);
unsigned long long __tl_strtoull(const char* text, char** end, int base);

/* ---- Shared between the engine's own files (not for the layers above). ---- */

/* A character stream that numbers are scanned from: strto* read a string (and can
 * back up to the end of the longest valid prefix), scanf reads a __tl_source (and
 * cannot). `peek` returns the next character or -1; `advance` consumes it; `accept`
 * records that everything consumed so far forms a complete number. */
typedef struct __tl_reader {
    int (*peek)(struct __tl_reader* reader);
    void (*advance)(struct __tl_reader* reader);
    void (*accept)(struct __tl_reader* reader);
} __tl_reader;

/* A __tl_reader over a NUL-terminated string; `accepted` is the end of the longest
 * complete number seen (null if none), which is what strto* store in *end. */
typedef struct __tl_string_reader {
    __tl_reader reader;
    const char* position;
    const char* accepted;
} __tl_string_reader;
void __tl_string_reader_init(__tl_string_reader* reader, const char* text);

/* The most significant decimal digits kept when parsing a decimal float. Every
 * midpoint between two adjacent doubles has at most 767 significant digits, so 800
 * digits plus a "some nonzero digit was dropped" flag decide every rounding exactly. */
#define __TL_MAX_DECIMAL_DIGITS 800

/* A scanned floating-point number before conversion. */
typedef struct __tl_float_text {
    enum { __TL_FLOAT_NONE, __TL_FLOAT_DECIMAL, __TL_FLOAT_HEX, __TL_FLOAT_INF, __TL_FLOAT_NAN } kind;
    bool negative;
    /* Decimal: value = 0.d[0]d[1]...d[count-1] (+ something if `truncated`) * 10^exponent,
     * with d[0] != 0 unless count == 0 (the value is zero). Hex: value = mantissa
     * (+ something if `truncated`) * 2^exponent. */
    uint8_t digits[__TL_MAX_DECIMAL_DIGITS];
    int count;
    bool truncated;
    long exponent;
    uint64_t mantissa;
} __tl_float_text;

/* Scans the longest prefix of the reader that has the syntax of a strtod subject
 * sequence (after the caller has skipped white space), calling accept() at each point
 * where a complete number ends. */
void __tl_scan_float(__tl_reader* reader, __tl_float_text* out);

/* Converts a scanned number to IEEE binary64 (is_float false) or binary32 bits. */
uint64_t __tl_float_text_to_bits(const __tl_float_text* text, bool is_float, int* range_error);

/* Scans an integer (optional sign, then a 0x or 0 prefix as `base` allows; base 0
 * picks 8, 10 or 16 from the prefix) and returns its magnitude, saturated at
 * `limit_positive` or `limit_negative` by sign (setting `*overflow`). `*any_digits`
 * tells whether a number was found at all. */
uint64_t __tl_scan_integer(__tl_reader* reader, int base, uint64_t limit_positive, uint64_t limit_negative,
                           bool* negative, bool* any_digits, bool* overflow);

/* printf's output side: a sink and the running count (64-bit, so an int overflow is
 * detected once at the end). */
typedef struct __tl_output {
    __tl_sink* sink;
    uint64_t count;
} __tl_output;
void __tl_out(__tl_output* out, const char* text, size_t length);
void __tl_out_repeat(__tl_output* out, char c, uint64_t count);

/* One parsed conversion specification. */
typedef struct __tl_spec {
    bool left, plus, space, alternate, zero;
    int width;     /* 0 when absent */
    int precision; /* -1 when absent */
    char conversion;
} __tl_spec;

/* Formats a double for %a %A %e %E %f %F %g %G (FormatFloat.c). */
void __tl_format_double(__tl_output* out, const __tl_spec* spec, double value);

static inline bool __tl_isspace(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

#ifdef __cplusplus
}
#endif

#endif
