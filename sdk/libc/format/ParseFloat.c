/*
 * ParseFloat.c: strtod and strtof, correctly rounded.
 *
 * Part of the libc's formatting engine (FormatInternal.h). Scanning and conversion are
 * separate: __tl_scan_float reads the C17 7.22.1.3 subject sequence from a __tl_reader
 * (a string for strtod, a stream for scanf) into a __tl_float_text, and
 * __tl_float_text_to_bits rounds that to binary64 or binary32 bits. The conversion is
 * exact in every case (round to nearest, ties to even); docs/sdk/format.md derives it:
 *
 *  - hexadecimal input and decimal input with a nonnegative power of ten are exact
 *    integers times a power of two: the top 64 bits plus a sticky bit round exactly;
 *  - small decimal inputs take Clinger's fast path (one correctly rounded IEEE
 *    multiplication or division of two exactly representable doubles);
 *  - otherwise value = D / 5^k * 2^-k: a 64-bit quotient of the leading bits of D and 5^k
 *    is within 4 units of the true one, which decides the rounding unless the bits
 *    below the rounding position are that close to one half; then the input is compared
 *    exactly with the halfway point between the two candidates using big integers.
 */
#include "FormatInternal.h"

/* ---- Scanning ---- */

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(int c)
{
    if (is_digit(c))
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

// Consumes the characters of `word` (lower case) if the input matches them in any
// case; returns how many matched (it stops at the first mismatch).
static int match_word(__tl_reader* reader, const char* word)
{
    int matched = 0;
    while (word[matched] && lower(reader->peek(reader)) == word[matched]) {
        reader->advance(reader);
        matched++;
    }
    return matched;
}

// Exponents beyond this saturate: anything larger over- or underflows anyway, and the
// bound keeps the arithmetic on them far from overflowing a long.
#define EXPONENT_LIMIT 100000000L

// Reads "[+-]digits" after an exponent letter; returns false (the exponent is not
// part of the number) when there are no digits.
static bool scan_exponent(__tl_reader* reader, long* exponent)
{
    bool negative = false;
    int c = reader->peek(reader);
    if (c == '+' || c == '-') {
        negative = c == '-';
        reader->advance(reader);
        c = reader->peek(reader);
    }
    if (!is_digit(c))
        return false;
    long value = 0;
    while (is_digit(c)) {
        if (value < EXPONENT_LIMIT)
            value = value * 10 + (c - '0');
        reader->advance(reader);
        reader->accept(reader);
        c = reader->peek(reader);
    }
    *exponent = negative ? -value : value;
    return true;
}

static long clamp_add(long a, long b)
{
    long sum = a + b;
    if (sum > EXPONENT_LIMIT)
        return EXPONENT_LIMIT;
    if (sum < -EXPONENT_LIMIT)
        return -EXPONENT_LIMIT;
    return sum;
}

static void scan_hex(__tl_reader* reader, __tl_float_text* out)
{
    // The "0" of the prefix was consumed and accepted; now at the 'x'.
    reader->advance(reader);
    out->kind = __TL_FLOAT_HEX;
    out->mantissa = 0;
    out->exponent = 0;
    bool any = false, point = false;
    for (;;) {
        int c = reader->peek(reader);
        if (c == '.' && !point) {
            point = true;
            reader->advance(reader);
            if (any)
                reader->accept(reader);
            continue;
        }
        int digit = hex_value(c);
        if (digit < 0)
            break;
        reader->advance(reader);
        any = true;
        // Sixteen hex digits fill the 64-bit mantissa; later ones only set the sticky
        // flag (and scale the value if they are left of the point).
        if (out->mantissa >> 60) {
            out->truncated |= digit != 0;
            if (!point)
                out->exponent = clamp_add(out->exponent, 4);
        } else {
            out->mantissa = out->mantissa * 16 + (uint64_t)digit;
            if (point)
                out->exponent = clamp_add(out->exponent, -4);
        }
        reader->accept(reader);
    }
    if (!any) {
        // "0x" or "0x." with no digit: the number is the leading "0".
        out->kind = __TL_FLOAT_DECIMAL;
        out->count = 0;
        return;
    }
    if (lower(reader->peek(reader)) == 'p') {
        reader->advance(reader);
        long exponent;
        if (scan_exponent(reader, &exponent))
            out->exponent = clamp_add(out->exponent, exponent);
    }
}

void __tl_scan_float(__tl_reader* reader, __tl_float_text* out)
{
    out->kind = __TL_FLOAT_NONE;
    out->negative = false;
    out->count = 0;
    out->truncated = false;
    out->exponent = 0;
    out->mantissa = 0;

    int c = reader->peek(reader);
    if (c == '+' || c == '-') {
        out->negative = c == '-';
        reader->advance(reader);
        c = reader->peek(reader);
    }

    if (lower(c) == 'i') {
        if (match_word(reader, "inf") == 3) {
            out->kind = __TL_FLOAT_INF;
            reader->accept(reader);
            if (match_word(reader, "inity") == 5)
                reader->accept(reader);
        }
        return;
    }
    if (lower(c) == 'n') {
        if (match_word(reader, "nan") == 3) {
            out->kind = __TL_FLOAT_NAN;
            reader->accept(reader);
            if (reader->peek(reader) == '(') {
                reader->advance(reader);
                for (;;) {
                    c = reader->peek(reader);
                    if (c == ')') {
                        reader->advance(reader);
                        reader->accept(reader);
                        break;
                    }
                    if (!(is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z') || c == '_'))
                        break;
                    reader->advance(reader);
                }
            }
        }
        return;
    }

    if (c == '0') {
        reader->advance(reader);
        reader->accept(reader);
        out->kind = __TL_FLOAT_DECIMAL;
        if (lower(reader->peek(reader)) == 'x') {
            scan_hex(reader, out);
            return;
        }
    }

    // Decimal: value = 0.d[0]d[1]... * 10^exponent. Leading zeros are not stored; each
    // stored or dropped digit left of the point scales the value by ten.
    bool any = out->kind == __TL_FLOAT_DECIMAL, point = false;
    for (;;) {
        c = reader->peek(reader);
        if (c == '.' && !point) {
            point = true;
            reader->advance(reader);
            if (any)
                reader->accept(reader);
            continue;
        }
        if (!is_digit(c))
            break;
        reader->advance(reader);
        any = true;
        int digit = c - '0';
        if (out->count == 0 && digit == 0) {
            if (point)
                out->exponent = clamp_add(out->exponent, -1);
        } else {
            if (out->count < __TL_MAX_DECIMAL_DIGITS)
                out->digits[out->count++] = (uint8_t)digit;
            else
                out->truncated |= digit != 0;
            if (!point)
                out->exponent = clamp_add(out->exponent, 1);
        }
        reader->accept(reader);
    }
    if (!any)
        return;
    out->kind = __TL_FLOAT_DECIMAL;
    while (out->count > 0 && out->digits[out->count - 1] == 0)
        out->count--;
    if (lower(reader->peek(reader)) == 'e') {
        reader->advance(reader);
        long exponent;
        if (scan_exponent(reader, &exponent))
            out->exponent = clamp_add(out->exponent, exponent);
    }
}

/* ---- Big integers: little-endian base 2^32 limbs, just the operations needed ---- */

// Enough for the largest comparison: 800 digits (2658 bits) against 2^55 * 5^1125
// (2667 bits), with room to spare.
#define BIG_LIMBS 96

typedef struct {
    uint32_t limb[BIG_LIMBS];
    int length; // no leading zero limbs; 0 for the value zero
} Big;

static void big_set_u64(Big* b, uint64_t value)
{
    b->limb[0] = (uint32_t)value;
    b->limb[1] = (uint32_t)(value >> 32);
    b->length = value >> 32 ? 2 : value ? 1 : 0;
}

static void big_mul_add(Big* b, uint32_t factor, uint32_t addend)
{
    uint64_t carry = addend;
    for (int i = 0; i < b->length; i++) {
        uint64_t product = (uint64_t)b->limb[i] * factor + carry;
        b->limb[i] = (uint32_t)product;
        carry = product >> 32;
    }
    if (carry)
        b->limb[b->length++] = (uint32_t)carry;
}

static void big_mul_pow5(Big* b, int k)
{
    const uint32_t POW5_13 = 1220703125u; // 5^13, the largest power of five below 2^32
    static const uint32_t POW5[13] = {1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625, 48828125,
                                      244140625};
    for (; k >= 13; k -= 13)
        big_mul_add(b, POW5_13, 0);
    if (k)
        big_mul_add(b, POW5[k], 0);
}

static void big_shift_left(Big* b, int shift)
{
    if (b->length == 0)
        return;
    int words = shift / 32, bits = shift % 32;
    b->limb[b->length] = 0;
    if (bits) {
        for (int i = b->length; i > 0; i--)
            b->limb[i] = (b->limb[i] << bits) | (b->limb[i - 1] >> (32 - bits));
        b->limb[0] <<= bits;
        if (b->limb[b->length])
            b->length++;
    }
    if (words) {
        for (int i = b->length - 1; i >= 0; i--)
            b->limb[i + words] = b->limb[i];
        for (int i = 0; i < words; i++)
            b->limb[i] = 0;
        b->length += words;
    }
}

static int big_compare(const Big* a, const Big* b)
{
    if (a->length != b->length)
        return a->length < b->length ? -1 : 1;
    for (int i = a->length - 1; i >= 0; i--) {
        if (a->limb[i] != b->limb[i])
            return a->limb[i] < b->limb[i] ? -1 : 1;
    }
    return 0;
}

static int bit_length64(uint64_t x)
{
    return x ? 64 - __builtin_clzll(x) : 0;
}

// The top 64 bits of b (b != 0), with the top bit set: b = top * 2^*shift + rest,
// 0 <= rest < 2^*shift; *inexact tells whether rest != 0. *shift may be negative.
static uint64_t big_top64(const Big* b, int* shift, bool* inexact)
{
    int n = b->length;
    if (n <= 2) {
        uint64_t value = n == 2 ? ((uint64_t)b->limb[1] << 32) | b->limb[0] : b->limb[0];
        int lead = 64 - bit_length64(value);
        *shift = -lead;
        *inexact = false;
        return value << lead;
    }
    // Three limbs or more: the top two hold more than 32 bits, so lead < 32.
    uint64_t high = ((uint64_t)b->limb[n - 1] << 32) | b->limb[n - 2];
    uint64_t next = b->limb[n - 3];
    int below = 32 * (n - 2); // the bits below `high`
    int lead = 64 - bit_length64(high);
    uint64_t top = lead ? (high << lead) | (next >> (32 - lead)) : high;
    *shift = below - lead;
    bool rest = lead ? (next << (32 + lead)) != 0 : next != 0;
    for (int i = n - 4; i >= 0 && !rest; i--)
        rest = b->limb[i] != 0;
    *inexact = rest;
    return top;
}

static void big_from_digits(Big* b, const uint8_t* digits, int count)
{
    b->length = 0;
    int i = 0;
    while (i < count) {
        uint32_t chunk = 0, scale = 1;
        for (int j = 0; j < 9 && i < count; j++, i++) {
            chunk = chunk * 10 + digits[i];
            scale *= 10;
        }
        big_mul_add(b, scale, chunk);
    }
}

/* ---- Rounding to a binary format ---- */

typedef struct {
    int precision; // significand bits, including the hidden one
    int min_exponent;
    int max_exponent;
} FloatFormat;

static const FloatFormat BINARY64 = {53, -1022, 1023};
static const FloatFormat BINARY32 = {24, -126, 127};

// value = m * 2^e split at the format's rounding position: value = (kept + low/2^drop) *
// 2^lsb_exponent, where kept has at most `precision` bits and lsb_exponent is never
// below the subnormal unit.
typedef struct {
    uint64_t kept;
    uint64_t low;  // the dropped bits (drop <= 64; all of m when drop == 64)
    uint64_t half; // 2^(drop-1), the weight of one half unit in `low` (0 if beyond reach)
    int lsb_exponent;
    bool tiny; // below the smallest normal number before rounding (IEEE 754 underflow
               // is detected before rounding on x86, and glibc reports it so)
} Split;

static Split split(uint64_t m, long e, const FloatFormat* format)
{
    int lead = __builtin_clzll(m);
    m <<= lead;
    e -= lead;
    long top_exponent = e + 63;
    long drop = 64 - format->precision;
    if (top_exponent < format->min_exponent)
        drop += format->min_exponent - top_exponent;
    Split s;
    s.tiny = top_exponent < format->min_exponent;
    s.lsb_exponent = (int)(e + drop < 100000 ? e + drop : 100000);
    if (drop < 64) {
        s.kept = m >> drop;
        s.low = m & ((UINT64_C(1) << drop) - 1);
        s.half = UINT64_C(1) << (drop - 1);
    } else {
        s.kept = 0;
        s.low = drop == 64 ? m : 0;
        s.half = drop == 64 ? UINT64_C(1) << 63 : 0;
    }
    return s;
}

// Bits of kept * 2^lsb_exponent (kept <= 2^precision, already rounded), with the
// exponent field saturating to infinity.
static uint64_t encode(uint64_t kept, int lsb_exponent, bool negative, const FloatFormat* format, bool* overflow)
{
    uint64_t sign = negative ? UINT64_C(1) << (format->precision == 53 ? 63 : 31) : 0;
    uint64_t infinity = (uint64_t)(format->max_exponent - format->min_exponent + 2) << (format->precision - 1);
    *overflow = false;
    if (kept == 0)
        return sign;
    // The exponent field is lsb_exponent above the subnormal unit; the hidden bit of a
    // normal kept adds the one that the field is biased by, and a carry out of the
    // significand moves into the exponent field (see docs/sdk/format.md).
    long field = (long)lsb_exponent - (format->min_exponent - format->precision + 1);
    if (field > format->max_exponent - format->min_exponent + 2) {
        *overflow = true;
        return sign | infinity;
    }
    uint64_t bits = ((uint64_t)field << (format->precision - 1)) + kept;
    if (bits >= infinity) {
        *overflow = true;
        return sign | infinity;
    }
    return sign | bits;
}

static uint64_t round_exact(uint64_t m, long e, bool sticky, bool negative, const FloatFormat* format,
                            int* range_error)
{
    Split s = split(m, e, format);
    // With nothing kept and no half unit in reach, all of m (nonzero) was dropped.
    bool inexact = s.low != 0 || sticky || (s.kept == 0 && s.half == 0);
    if (s.half && s.low >= s.half && (s.low > s.half || sticky || (s.kept & 1)))
        s.kept++;
    bool overflow;
    uint64_t bits = encode(s.kept, s.lsb_exponent, negative, format, &overflow);
    if (overflow || (s.tiny && inexact))
        *range_error = __TL_ERANGE;
    return bits;
}

static uint64_t zero_or_infinity(bool infinity, bool negative, const FloatFormat* format)
{
    uint64_t sign = negative ? UINT64_C(1) << (format->precision == 53 ? 63 : 31) : 0;
    if (!infinity)
        return sign;
    return sign | ((uint64_t)(format->max_exponent - format->min_exponent + 2) << (format->precision - 1));
}

// 128-by-64-bit division (high < divisor), written out so the library needs no
// compiler runtime helper for it.
static uint64_t divide128(uint64_t high, uint64_t low, uint64_t divisor, bool* remainder)
{
    for (int i = 0; i < 64; i++) {
        uint64_t carry = high >> 63;
        high = (high << 1) | (low >> 63);
        low <<= 1;
        if (carry || high >= divisor) {
            high -= divisor;
            low |= 1;
        }
    }
    *remainder = high != 0;
    return low;
}

static double bits_to_double(uint64_t bits)
{
    union {
        uint64_t bits;
        double value;
    } u = {bits};
    return u.value;
}

static uint64_t double_to_bits(double value)
{
    union {
        double value;
        uint64_t bits;
    } u = {value};
    return u.bits;
}

static const double EXACT_POWERS_OF_TEN[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static uint64_t decimal_to_bits(const __tl_float_text* text, const FloatFormat* format, int* range_error)
{
    bool negative = text->negative;
    if (text->count == 0)
        return zero_or_infinity(false, negative, format);
    // 0.1 * 10^X <= value < 10^X: far outside the format's range there is nothing to compute.
    long x = text->exponent;
    long max_decimal = format->precision == 53 ? 310 : 40;
    long min_decimal = format->precision == 53 ? -324 : -46;
    if (x > max_decimal) {
        *range_error = __TL_ERANGE;
        return zero_or_infinity(true, negative, format);
    }
    if (x < min_decimal) {
        *range_error = __TL_ERANGE;
        return zero_or_infinity(false, negative, format);
    }
    int n = text->count;
    long e10 = x - n; // value = D * 10^e10, D the integer of the digits

    // Clinger's fast path: D and 10^|e10| are exact doubles, so one IEEE operation
    // rounds correctly. (binary32 has no such path: rounding to double first and then
    // to float would round twice.)
    if (format->precision == 53 && n <= 15 && !text->truncated && e10 >= -22 && e10 <= 22) {
        uint64_t d = 0;
        for (int i = 0; i < n; i++)
            d = d * 10 + text->digits[i];
        double value = (double)d;
        value = e10 < 0 ? value / EXACT_POWERS_OF_TEN[-e10] : value * EXACT_POWERS_OF_TEN[e10];
        uint64_t bits = double_to_bits(value);
        return negative ? bits | (UINT64_C(1) << 63) : bits;
    }

    Big d;
    big_from_digits(&d, text->digits, n);
    if (e10 >= 0) {
        // An integer: D * 5^e10 * 2^e10, whose top 64 bits and sticky bit round exactly.
        big_mul_pow5(&d, (int)e10);
        int shift;
        bool inexact;
        uint64_t top = big_top64(&d, &shift, &inexact);
        return round_exact(top, shift + e10, inexact || text->truncated, negative, format, range_error);
    }

    // value = D / 5^k * 2^-k. Estimate the quotient from the top 64 bits of each:
    // D = (Dt + a) * 2^sd and M = 5^k = (Mt + b) * 2^sm with 0 <= a, b < 1, so
    // q = floor(Dt * 2^63 / Mt) is within 2 of the true D * 2^63 / M * 2^(sm - sd).
    int k = (int)-e10;
    Big m;
    big_set_u64(&m, 1);
    big_mul_pow5(&m, k);
    int shift_d, shift_m;
    bool inexact_d, inexact_m, remainder;
    uint64_t top_d = big_top64(&d, &shift_d, &inexact_d);
    uint64_t top_m = big_top64(&m, &shift_m, &inexact_m);
    uint64_t q = divide128(top_d >> 1, top_d << 63, top_m, &remainder);
    long q_exponent = (long)shift_d - shift_m - 63 - k;
    bool exact = !inexact_d && !inexact_m && !remainder && !text->truncated;
    if (exact)
        return round_exact(q, q_exponent, false, negative, format, range_error);

    // Normalizing q (at most one bit) doubles the error bound to 4 units; a margin of 8
    // keeps clear of it. Outside the margin the estimate rounds the same way as the
    // true value.
    Split s = split(q, q_exponent, format);
    const uint64_t MARGIN = 8;
    bool near_half = s.half && s.low + MARGIN >= s.half && s.low <= s.half + MARGIN;
    if (!near_half)
        return round_exact(q, q_exponent, true, negative, format, range_error);

    // Decide exactly: is D * 10^-k above, below or at the midpoint
    // (2 kept + 1) * 2^(lsb_exponent - 1)? Multiply both by 5^k * 2^k to compare integers.
    Big midpoint;
    big_set_u64(&midpoint, 2 * s.kept + 1);
    big_mul_pow5(&midpoint, k);
    long scale = (long)s.lsb_exponent - 1 + k;
    if (scale >= 0)
        big_shift_left(&midpoint, (int)scale);
    else
        big_shift_left(&d, (int)-scale);
    int order = big_compare(&d, &midpoint);
    if (order == 0 && text->truncated)
        order = 1;
    uint64_t kept = s.kept;
    if (order > 0 || (order == 0 && (kept & 1)))
        kept++;
    bool overflow;
    uint64_t bits = encode(kept, s.lsb_exponent, negative, format, &overflow);
    if (overflow || s.tiny)
        *range_error = __TL_ERANGE; // a midpoint case is never exact
    return bits;
}

uint64_t __tl_float_text_to_bits(const __tl_float_text* text, bool is_float, int* range_error)
{
    const FloatFormat* format = is_float ? &BINARY32 : &BINARY64;
    *range_error = 0;
    switch (text->kind) {
    case __TL_FLOAT_INF:
        return zero_or_infinity(true, text->negative, format);
    case __TL_FLOAT_NAN: {
        // The default quiet NaN; the n-char-sequence payload is accepted and ignored.
        uint64_t quiet = is_float ? UINT64_C(0x7fc00000) : UINT64_C(0x7ff8000000000000);
        return zero_or_infinity(false, text->negative, format) | quiet;
    }
    case __TL_FLOAT_HEX:
        if (text->mantissa == 0)
            return zero_or_infinity(false, text->negative, format);
        return round_exact(text->mantissa, text->exponent, text->truncated, text->negative, format, range_error);
    case __TL_FLOAT_DECIMAL:
        return decimal_to_bits(text, format, range_error);
    default:
        return 0;
    }
}

// The common part of strtod and strtof: white space, the subject sequence, the end
// pointer (the start of the string when there is no number).
static uint64_t parse(const char* text, char** end, bool is_float, int* range_error)
{
    int ignored;
    if (!range_error)
        range_error = &ignored;
    *range_error = 0;
    const char* p = text;
    while (__tl_isspace((unsigned char)*p))
        p++;
    __tl_string_reader reader;
    __tl_string_reader_init(&reader, p);
    __tl_float_text parsed;
    __tl_scan_float(&reader.reader, &parsed);
    if (!reader.accepted) {
        if (end)
            *end = (char*)text;
        return 0;
    }
    if (end)
        *end = (char*)reader.accepted;
    return __tl_float_text_to_bits(&parsed, is_float, range_error);
}

double __tl_strtod_err(const char* text, char** end, int* range_error)
{
    return bits_to_double(parse(text, end, false, range_error));
}

float __tl_strtof_err(const char* text, char** end, int* range_error)
{
    union {
        uint32_t bits;
        float value;
    } u = {(uint32_t)parse(text, end, true, range_error)};
    return u.value;
}

double __tl_strtod(const char* text, char** end)
{
    return __tl_strtod_err(text, end, 0);
}

float __tl_strtof(const char* text, char** end)
{
    return __tl_strtof_err(text, end, 0);
}

long double __tl_strtold_err(const char* text, char** end, int* range_error)
{
    return (long double)__tl_strtod_err(text, end, range_error);
}
