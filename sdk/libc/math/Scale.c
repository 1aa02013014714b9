/*
 * Scale.c: the exponent functions frexp, ldexp, scalbn, scalbln, ilogb and logb.
 *
 * Layer: sdk/libc/math (MathInternal.h only). Scaling by a power of two rounds only when
 * the result is subnormal; scalbn takes care to round just once there (C17 F.10.3).
 */
#include "MathInternal.h"

#include <limits.h>

double __tl_frexp(double x, int* exp)
{
    if (x == 0.0 || !tl_is_finite(x)) {
        *exp = 0;
        return x + x; /* zeros and infinities unchanged, NaNs quieted */
    }
    int e = tl_ilogb_finite(x) + 1;
    *exp = e;
    /* x * 2^-e lies in [0.5, 1): the scaling is exact, even for subnormal x. */
    return __tl_scalbn(x, -e);
}

double __tl_scalbn(double x, int n)
{
    /* Multiply in steps that stay in the normal range until the last one, so a subnormal
     * result is rounded once: 2^-969 is 2^-1022 * 2^53, which keeps 53 bits of headroom. */
    if (n > 1023) {
        x *= 0x1p1023;
        n -= 1023;
        if (n > 1023) {
            x *= 0x1p1023;
            n -= 1023;
            if (n > 1023)
                n = 1023;
        }
    } else if (n < -1022) {
        x *= 0x1p-969;
        n += 969;
        if (n < -1022) {
            x *= 0x1p-969;
            n += 969;
            if (n < -1022)
                n = -1022;
        }
    }
    return x * tl_pow2(n);
}

double __tl_scalbln(double x, long n)
{
    if (n > 4000)
        n = 4000;
    if (n < -4000)
        n = -4000;
    return __tl_scalbn(x, (int)n);
}

double __tl_ldexp(double x, int exp) { return __tl_scalbn(x, exp); }

/* FP_ILOGB0 and FP_ILOGBNAN are both INT_MIN in <math.h>, as on other x86-64 systems. */
int __tl_ilogb(double x)
{
    if (tl_is_nan(x) || x == 0.0)
        return INT_MIN;
    if (!tl_is_finite(x))
        return INT_MAX;
    return tl_ilogb_finite(x);
}

double __tl_logb(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x == 0.0)
        return -1.0 / tl_abs(x); /* -inf, divide-by-zero */
    if (!tl_is_finite(x))
        return tl_abs(x);
    return (double)tl_ilogb_finite(x);
}
