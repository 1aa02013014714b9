/*
 * FormatFloat.c: printf's floating-point conversions (%a %e %f %g and capitals).
 *
 * Part of the libc's formatting engine (FormatInternal.h); called by FormatCore.c with
 * a parsed specification. Output is exact, digit for digit what an infinitely precise
 * conversion rounded to nearest (ties to even) gives, for every precision:
 *
 *  - A finite double is m * 2^e with integer m. For e >= 0 that is an integer; for
 *    e < 0 it is m * 5^-e / 10^-e, so the decimal digits of the integer m * 5^-e are
 *    the digits of the value with the point moved -e places. Either integer is computed
 *    exactly in base 10^9 (at most 767 significant digits for a double), and rounding
 *    to the requested precision then happens on the decimal digits.
 *  - %a needs no conversion: the significand's bits are the hex digits.
 */
#include "FormatInternal.h"

/* ---- Exact decimal expansion ---- */

// A double has at most 767 significant decimal digits (2^-1074 has 751 after 1074
// places; the 53-bit significand adds 16).
#define MAX_DIGITS 800
#define DECIMAL_LIMBS 90
#define LIMB_BASE 1000000000u

// value = 0.digits[0] digits[1] ... digits[count-1] * 10^point, digits[0] != 0 and no
// trailing zeros; count == 0 is zero.
typedef struct {
    uint8_t digits[MAX_DIGITS];
    int count;
    int point;
} Decimal;

static void limbs_mul(uint32_t* limb, int* length, uint32_t factor)
{
    uint64_t carry = 0;
    for (int i = 0; i < *length; i++) {
        uint64_t product = (uint64_t)limb[i] * factor + carry;
        limb[i] = (uint32_t)(product % LIMB_BASE);
        carry = product / LIMB_BASE;
    }
    while (carry) {
        limb[(*length)++] = (uint32_t)(carry % LIMB_BASE);
        carry /= LIMB_BASE;
    }
}

// The exact decimal digits of m * 2^e (m != 0).
static void exact_decimal(uint64_t m, int e, Decimal* out)
{
    int zeros = __builtin_ctzll(m); // fewer bits, fewer digits to compute
    m >>= zeros;
    e += zeros;

    uint32_t limb[DECIMAL_LIMBS]; // little-endian, base 10^9
    int length = 0;
    for (; m; m /= LIMB_BASE)
        limb[length++] = (uint32_t)(m % LIMB_BASE);
    int fraction_digits = 0;
    if (e >= 0) {
        for (; e >= 28; e -= 28)
            limbs_mul(limb, &length, UINT32_C(1) << 28);
        if (e)
            limbs_mul(limb, &length, UINT32_C(1) << e);
    } else {
        fraction_digits = -e;
        static const uint32_t POW5[14] = {1,       5,        25,        125,       625,        3125,      15625,
                                          78125,   390625,   1953125,   9765625,   48828125,   244140625, 1220703125};
        int k = -e;
        for (; k >= 13; k -= 13)
            limbs_mul(limb, &length, POW5[13]);
        if (k)
            limbs_mul(limb, &length, POW5[k]);
    }

    // Base 10^9 limbs to digits: the top limb without leading zeros, the rest nine each.
    int count = 0;
    uint8_t top[9];
    int top_count = 0;
    for (uint32_t v = limb[length - 1]; v; v /= 10)
        top[top_count++] = (uint8_t)(v % 10);
    while (top_count)
        out->digits[count++] = top[--top_count];
    for (int i = length - 2; i >= 0; i--) {
        uint32_t v = limb[i];
        for (int j = 8; j >= 0; j--) {
            out->digits[count + j] = (uint8_t)(v % 10);
            v /= 10;
        }
        count += 9;
    }
    out->point = count - fraction_digits;
    while (count > 0 && out->digits[count - 1] == 0)
        count--;
    out->count = count;
}

// Rounds to the first `keep` significant digits (keep may be <= 0: then the rounding
// position lies left of the first digit), to nearest with ties to even.
static void round_decimal(Decimal* d, long keep)
{
    if (keep >= d->count)
        return;
    if (keep < 0) {
        d->count = 0; // below a tenth of the rounding unit
        return;
    }
    int first = d->digits[keep];
    bool odd = keep > 0 && (d->digits[keep - 1] & 1);
    bool up = first > 5 || (first == 5 && (d->count > keep + 1 || odd));
    int count = (int)keep;
    if (up) {
        int i = count - 1;
        while (i >= 0 && d->digits[i] == 9)
            i--;
        if (i < 0) {
            d->digits[0] = 1;
            d->count = 1;
            d->point++;
            return;
        }
        d->digits[i]++;
        count = i + 1;
    }
    while (count > 0 && d->digits[count - 1] == 0)
        count--;
    d->count = count;
}

/* ---- Output helpers ---- */

// Digits index..index+n-1 of d, zeros outside the stored ones.
static void out_digits(__tl_output* out, const Decimal* d, long index, long n)
{
    char chunk[64];
    int used = 0;
    for (long i = 0; i < n; i++) {
        long at = index + i;
        if (at >= d->count && used == 0) {
            __tl_out_repeat(out, '0', (uint64_t)(n - i)); // the rest is all zeros
            return;
        }
        chunk[used++] = (char)('0' + (at >= 0 && at < d->count ? d->digits[at] : 0));
        if (used == (int)sizeof chunk) {
            __tl_out(out, chunk, (size_t)used);
            used = 0;
        }
    }
    if (used)
        __tl_out(out, chunk, (size_t)used);
}

static int format_exponent(char* buffer, char letter, int exponent, int min_digits)
{
    int n = 0;
    buffer[n++] = letter;
    buffer[n++] = exponent < 0 ? '-' : '+';
    unsigned magnitude = exponent < 0 ? 0u - (unsigned)exponent : (unsigned)exponent;
    char reversed[12];
    int r = 0;
    do {
        reversed[r++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    while (r < min_digits)
        reversed[r++] = '0';
    while (r)
        buffer[n++] = reversed[--r];
    return n;
}

// Pads `body_length` characters of output that start with `prefix` to the field width;
// zero padding goes between the prefix and the body. Calls back for the body.
typedef struct {
    uint64_t before_zeros, zeros, after;
} Padding;

static Padding pad(__tl_output* out, const __tl_spec* spec, const char* prefix, int prefix_length,
                   uint64_t body_length, bool zero_allowed)
{
    Padding p = {0, 0, 0};
    uint64_t total = (uint64_t)prefix_length + body_length;
    uint64_t fill = spec->width > 0 && (uint64_t)spec->width > total ? (uint64_t)spec->width - total : 0;
    if (spec->left)
        p.after = fill;
    else if (spec->zero && zero_allowed)
        p.zeros = fill;
    else
        p.before_zeros = fill;
    __tl_out_repeat(out, ' ', p.before_zeros);
    __tl_out(out, prefix, (size_t)prefix_length);
    __tl_out_repeat(out, '0', p.zeros);
    return p;
}

static int sign_prefix(char* prefix, const __tl_spec* spec, bool negative)
{
    if (negative)
        prefix[0] = '-';
    else if (spec->plus)
        prefix[0] = '+';
    else if (spec->space)
        prefix[0] = ' ';
    else
        return 0;
    return 1;
}

/* ---- The conversions ---- */

static void format_special(__tl_output* out, const __tl_spec* spec, bool negative, bool is_nan, bool upper)
{
    char prefix[1];
    int prefix_length = sign_prefix(prefix, spec, negative);
    const char* body = is_nan ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
    Padding p = pad(out, spec, prefix, prefix_length, 3, false);
    __tl_out(out, body, 3);
    __tl_out_repeat(out, ' ', p.after);
}

static void format_hex(__tl_output* out, const __tl_spec* spec, bool negative, uint64_t bits)
{
    bool upper = spec->conversion == 'A';
    const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int biased = (int)((bits >> 52) & 0x7ff);
    uint64_t fraction = bits & ((UINT64_C(1) << 52) - 1);
    // Normal numbers print as 0x1.<fraction>p<exp>, subnormals as 0x0.<fraction>p-1022
    // (and zero as 0x0p+0), the way glibc does.
    uint64_t lead = biased ? 1 : 0;
    int exponent = biased ? biased - 1023 : (fraction ? -1022 : 0);
    int digits;   // hex digits after the point
    uint64_t value; // the lead digit and the first min(digits, 13) fraction digits
    if (spec->precision < 0) {
        // Just enough digits to be exact: drop the trailing zero nibbles.
        digits = 13;
        while (digits > 0 && (fraction & 0xf) == 0) {
            fraction >>= 4;
            digits--;
        }
        value = (lead << (4 * digits)) | fraction;
    } else if (spec->precision < 13) {
        digits = spec->precision;
        int drop = 4 * (13 - digits);
        uint64_t whole = (lead << 52) | fraction;
        value = whole >> drop;
        uint64_t low = whole & ((UINT64_C(1) << drop) - 1), half = UINT64_C(1) << (drop - 1);
        if (low > half || (low == half && (value & 1)))
            value++; // may carry into the lead digit, which glibc prints as 2
    } else {
        digits = spec->precision;
        value = (lead << 52) | fraction;
    }
    int shown = digits < 13 ? digits : 13;

    char body[40];
    int n = 0;
    body[n++] = hex[(value >> (4 * shown)) & 0xf];
    if (digits > 0 || spec->alternate)
        body[n++] = '.';
    for (int i = shown - 1; i >= 0; i--)
        body[n++] = hex[(value >> (4 * i)) & 0xf];
    char exponent_text[16];
    int exponent_length = format_exponent(exponent_text, upper ? 'P' : 'p', exponent, 1);
    uint64_t extra_zeros = digits > 13 ? (uint64_t)(digits - 13) : 0;

    char prefix[3];
    int prefix_length = sign_prefix(prefix, spec, negative);
    prefix[prefix_length++] = '0';
    prefix[prefix_length++] = upper ? 'X' : 'x';
    Padding p = pad(out, spec, prefix, prefix_length, (uint64_t)n + extra_zeros + (uint64_t)exponent_length, true);
    __tl_out(out, body, (size_t)n);
    __tl_out_repeat(out, '0', extra_zeros);
    __tl_out(out, exponent_text, (size_t)exponent_length);
    __tl_out_repeat(out, ' ', p.after);
}

void __tl_format_double(__tl_output* out, const __tl_spec* spec, double value)
{
    union {
        double value;
        uint64_t bits;
    } u = {value};
    uint64_t bits = u.bits;
    bool negative = bits >> 63;
    int biased = (int)((bits >> 52) & 0x7ff);
    uint64_t fraction = bits & ((UINT64_C(1) << 52) - 1);
    char conversion = spec->conversion;
    bool upper = conversion == 'E' || conversion == 'F' || conversion == 'G' || conversion == 'A';
    if (biased == 0x7ff) {
        format_special(out, spec, negative, fraction != 0, upper);
        return;
    }
    if (conversion == 'a' || conversion == 'A') {
        format_hex(out, spec, negative, bits);
        return;
    }

    Decimal d;
    if (biased == 0 && fraction == 0) {
        d.count = 0;
        d.point = 1;
    } else if (biased == 0) {
        exact_decimal(fraction, -1074, &d);
    } else {
        exact_decimal(fraction | (UINT64_C(1) << 52), biased - 1075, &d);
    }

    long precision = spec->precision < 0 ? 6 : spec->precision;
    char lower_conversion = (char)(upper ? conversion + ('a' - 'A') : conversion);
    bool exponential = lower_conversion == 'e';
    if (lower_conversion == 'g') {
        // C17 7.21.6.1: with P significant digits and X the exponent %e would print,
        // %g is %f with precision P-1-X when P > X >= -4, else %e with precision P-1;
        // without '#' trailing zeros (and a bare point) go.
        long p = precision ? precision : 1;
        round_decimal(&d, p);
        long x = d.count ? d.point - 1 : 0;
        if (p > x && x >= -4) {
            precision = p - 1 - x;
            if (!spec->alternate) {
                long significant = d.count - d.point;
                if (precision > significant)
                    precision = significant > 0 ? significant : 0;
            }
        } else {
            exponential = true;
            precision = p - 1;
            if (!spec->alternate && precision > d.count - 1)
                precision = d.count > 0 ? d.count - 1 : 0;
        }
    } else if (exponential) {
        round_decimal(&d, precision + 1);
    } else {
        round_decimal(&d, (long)d.point + precision);
    }

    char prefix[1];
    int prefix_length = sign_prefix(prefix, spec, negative);
    bool point = precision > 0 || spec->alternate;
    if (exponential) {
        int exponent = d.count ? d.point - 1 : 0;
        char exponent_text[16];
        int exponent_length = format_exponent(exponent_text, upper ? 'E' : 'e', exponent, 2);
        uint64_t body = 1 + (point ? 1 : 0) + (uint64_t)precision + (uint64_t)exponent_length;
        Padding p = pad(out, spec, prefix, prefix_length, body, true);
        out_digits(out, &d, 0, 1);
        if (point)
            __tl_out(out, ".", 1);
        out_digits(out, &d, 1, precision);
        __tl_out(out, exponent_text, (size_t)exponent_length);
        __tl_out_repeat(out, ' ', p.after);
    } else {
        long integer_digits = d.count && d.point > 0 ? d.point : 1;
        uint64_t body = (uint64_t)integer_digits + (point ? 1 : 0) + (uint64_t)precision;
        Padding p = pad(out, spec, prefix, prefix_length, body, true);
        if (d.count && d.point > 0)
            out_digits(out, &d, 0, d.point);
        else
            __tl_out(out, "0", 1);
        if (point)
            __tl_out(out, ".", 1);
        out_digits(out, &d, d.count ? d.point : 0, precision);
        __tl_out_repeat(out, ' ', p.after);
    }
}
