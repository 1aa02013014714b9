/*
 * Classify.c: sign manipulation, NaN construction, fmin/fmax/fdim and nextafter.
 *
 * Layer: sdk/libc/math (MathInternal.h only). These functions are exact: they only move
 * bits or compare, so they never round (C17 F.10.8, F.10.9).
 */
#include "MathInternal.h"

double __tl_fabs(double x) { return tl_abs(x); }

double __tl_copysign(double x, double y) { return tl_copysign(x, y); }

/* nan("n-char-sequence"): a quiet NaN whose payload is the number the string spells
 * (decimal, 0x hexadecimal or 0 octal, as strtoull would read it); any other string
 * gives the default quiet NaN. */
double __tl_nan(const char* tagp)
{
    uint64_t payload = 0;
    if (tagp) {
        const char* p = tagp;
        unsigned base = 10;
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
            base = 16;
            p += 2;
        } else if (p[0] == '0') {
            base = 8;
        }
        for (; *p; ++p) {
            unsigned digit;
            if (*p >= '0' && *p <= '9')
                digit = (unsigned)(*p - '0');
            else if (*p >= 'a' && *p <= 'f')
                digit = (unsigned)(*p - 'a' + 10);
            else if (*p >= 'A' && *p <= 'F')
                digit = (unsigned)(*p - 'A' + 10);
            else
                digit = 99;
            if (digit >= base) {
                payload = 0;
                break;
            }
            payload = payload * base + digit;
        }
    }
    return tl_from_bits(0x7ff8000000000000ull | (payload & 0x0007ffffffffffffull));
}

/* fmin/fmax treat a NaN as missing data (F.10.9.2); between zeros of either sign the
 * minimum is -0 and the maximum +0, which C17 recommends but does not require. */
double __tl_fmin(double x, double y)
{
    if (tl_is_nan(x))
        return y;
    if (tl_is_nan(y))
        return x;
    if (x == y)
        return tl_signbit(x) ? x : y;
    return x < y ? x : y;
}

double __tl_fmax(double x, double y)
{
    if (tl_is_nan(x))
        return y;
    if (tl_is_nan(y))
        return x;
    if (x == y)
        return tl_signbit(x) ? y : x;
    return x > y ? x : y;
}

double __tl_fdim(double x, double y)
{
    if (tl_is_nan(x) || tl_is_nan(y))
        return x + y;
    return x > y ? x - y : 0.0;
}

/* The neighbour of x towards y: one step of the integer that the bits of |x| form. */
double __tl_nextafter(double x, double y)
{
    if (tl_is_nan(x) || tl_is_nan(y))
        return x + y;
    if (x == y)
        return y; /* nextafter(-0, +0) is +0 */
    if (x == 0.0) {
        double tiny = tl_from_bits(1); /* the least subnormal; the result underflows */
        return y > 0.0 ? tiny : -tiny;
    }
    uint64_t u = tl_bits(x);
    if ((x < y) == (x > 0.0))
        ++u; /* away from zero */
    else
        --u;
    return tl_from_bits(u); /* past DBL_MAX this is the infinity pattern: overflow */
}

/* With no long double in this library, nexttoward's direction is a double too. */
double __tl_nexttoward(double x, double y) { return __tl_nextafter(x, y); }
