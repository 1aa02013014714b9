/*
 * Sqrt.c: sqrt, cbrt and hypot.
 *
 * Layer: sdk/libc/math (MathInternal.h only). sqrt is the SSE2 sqrtsd instruction, which
 * IEEE 754 requires to be correctly rounded; the guards in front keep the compiler's
 * errno fallback call unreachable. cbrt refines a crude guess with Newton's iteration and
 * finishes with one step whose residual m - y^3 is computed exactly in double-double.
 * hypot scales both operands next to 1, sums the squares in double-double and takes a
 * double-double square root, so it neither overflows nor underflows spuriously.
 */
#include "MathInternal.h"

double __tl_sqrt(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x < 0.0)
        return (x - x) / (x - x); /* invalid */
    return __builtin_sqrt(x);
}

double __tl_cbrt(double x)
{
    if (x == 0.0 || !tl_is_finite(x))
        return x + x;
    double a = tl_abs(x);
    int bias = 0;
    if (a < 0x1p-1022) {
        a *= 0x1p54;
        bias = -18;
    }
    int e = tl_ilogb_finite(a);
    int e3 = (e >= 0) ? e / 3 : -((-e + 2) / 3); /* floor(e / 3) */
    double m = tl_mul_pow2(a, -3 * e3); /* in [1, 8) */

    double y = 1.0 + (m - 1.0) / 7.0; /* within 12% of m^(1/3) on [1, 8) */
    for (int i = 0; i < 5; ++i)
        y -= (y * y * y - m) / (3.0 * y * y);
    /* Final correction: y + (m - y^3) / (3 y^2) with the residual in double-double. */
    TlDd cube = tl_dd_mul_d(tl_two_prod(y, y), y);
    TlDd residual = tl_dd_add_d(tl_dd_neg(cube), m);
    double delta = residual.hi / (3.0 * y * y);
    TlDd root = tl_fast_two_sum(y, delta);
    double r = root.hi * tl_pow2(e3 + bias); /* exact: the result is normal */
    return tl_copysign(r, x);
}

double __tl_hypot(double x, double y)
{
    if (!tl_is_finite(x) || !tl_is_finite(y)) {
        if ((tl_bits(x) & ~TL_SIGN_MASK) == TL_EXP_MASK || (tl_bits(y) & ~TL_SIGN_MASK) == TL_EXP_MASK)
            return __builtin_inf(); /* F.10.4.3: an infinity wins over a NaN */
        return x + y;
    }
    double a = tl_abs(x), b = tl_abs(y);
    if (a < b) {
        double t = a;
        a = b;
        b = t;
    }
    if (b == 0.0)
        return a;
    int e = tl_ilogb_finite(a);
    if (e - tl_ilogb_finite(b) > 60)
        return a + b; /* b is below half an ulp of the result */
    a = __tl_scalbn(a, -e);
    b = __tl_scalbn(b, -e);
    TlDd sum = tl_dd_add(tl_two_prod(a, a), tl_two_prod(b, b));
    return __tl_internal_scale_round(tl_dd_sqrt(sum), e);
}
