/*
 * Remainder.c: fmod, remainder and remquo, computed exactly.
 *
 * Layer: sdk/libc/math (MathInternal.h only). The remainder of two doubles is always a
 * double (it is a multiple of the smaller ulp that is below |y|), so these functions are
 * exact. Both operands become integers times powers of two, x = mx * 2^ex, y = my * 2^ey,
 * and the quotient is formed by long division in chunks of 11 bits: with mx < my < 2^53,
 * mx << 11 still fits in 64 bits, and (mx << s) % my is the next partial remainder.
 */
#include "MathInternal.h"

/* x = m * 2^e with m an integer below 2^53 (finite nonzero x). */
static uint64_t mantissa_of(double x, int* e)
{
    uint64_t u = tl_bits(x);
    int field = (int)((u >> 52) & 0x7ff);
    uint64_t m = u & TL_FRAC_MASK;
    if (field == 0) {
        *e = -1074;
        return m;
    }
    *e = field - 1075;
    return m | (1ull << 52);
}

/* |x| mod |y| for finite x, nonzero finite y; stores the low bits of the quotient. */
static double positive_fmod(double ax, double ay, uint32_t* quotient)
{
    uint32_t q = 0;
    if (ax < ay) {
        *quotient = 0;
        return ax;
    }
    int ex, ey;
    uint64_t mx = mantissa_of(ax, &ex);
    uint64_t my = mantissa_of(ay, &ey);
    /* Bring subnormal divisors to full width, so every step below makes progress. */
    while (my < (1ull << 52)) {
        my <<= 1;
        --ey;
    }
    q = (uint32_t)(mx / my);
    mx %= my;
    while (ex > ey) {
        int s = ex - ey < 11 ? ex - ey : 11;
        uint64_t shifted = mx << s;
        q = (q << s) + (uint32_t)(shifted / my);
        mx = shifted % my;
        ex -= s;
    }
    *quotient = q;
    /* mx * 2^ey is exactly representable (it is below |y|), so the scaling is exact. */
    return __tl_scalbn((double)mx, ey);
}

double __tl_fmod(double x, double y)
{
    if (tl_is_nan(x) || tl_is_nan(y))
        return x + y;
    if (!tl_is_finite(x) || y == 0.0)
        return (x * y) / (x * y); /* invalid: NaN */
    if (!tl_is_finite(y) || x == 0.0)
        return x;
    uint32_t q;
    double r = positive_fmod(tl_abs(x), tl_abs(y), &q);
    return tl_copysign(r, x);
}

double __tl_remquo(double x, double y, int* quo)
{
    *quo = 0;
    if (tl_is_nan(x) || tl_is_nan(y))
        return x + y;
    if (!tl_is_finite(x) || y == 0.0)
        return (x * y) / (x * y);
    if (!tl_is_finite(y))
        return x;
    double ay = tl_abs(y);
    uint32_t q;
    double r = positive_fmod(tl_abs(x), ay, &q);
    /* Round the quotient to nearest, ties to even: compare r with ay - r (no overflow). */
    if (r > ay - r || (r == ay - r && (q & 1))) {
        r -= ay;
        ++q;
    }
    int bits = (int)(q & 0x7fffffff);
    *quo = (tl_signbit(x) != tl_signbit(y)) ? -bits : bits;
    if (r == 0.0)
        return tl_copysign(0.0, x);
    return tl_signbit(x) ? -r : r;
}

double __tl_remainder(double x, double y)
{
    int q;
    return __tl_remquo(x, y, &q);
}
