/*
 * Pow.c: pow(x, y).
 *
 * Layer: sdk/libc/math (MathInternal.h only). After the special cases of C17 F.10.4.4,
 * pow(x, y) = exp(y log|x|) with log|x| in double-double (relative error ~2^-100) and
 * the product y log|x| formed exactly enough that the final exp sees an argument accurate
 * to ~2^-90 absolute; the result therefore rounds correctly except at near-ties. The sign
 * is negative only for negative x and odd integer y.
 */
#include "MathInternal.h"

/* 0: y is not an integer, 1: odd integer, 2: even integer (y finite). */
static int integer_kind(double y)
{
    double ay = tl_abs(y);
    if (ay >= 0x1p53)
        return 2;
    if (ay < 1.0)
        return y == 0.0 ? 2 : 0;
    int e = tl_exp_field(y) - 1023;
    uint64_t m = (tl_bits(y) & TL_FRAC_MASK) | (1ull << 52);
    int fraction_bits = 52 - e;
    if (m & ((1ull << fraction_bits) - 1))
        return 0;
    return ((m >> fraction_bits) & 1) ? 1 : 2;
}

double __tl_pow(double x, double y)
{
    if (y == 0.0 || x == 1.0)
        return 1.0;
    if (tl_is_nan(x) || tl_is_nan(y))
        return x + y;
    double ax = tl_abs(x), ay = tl_abs(y);
    int y_finite = tl_is_finite(y);
    int kind = y_finite ? integer_kind(y) : 2;
    int odd = kind == 1;

    if (!y_finite) {
        if (ax == 1.0)
            return 1.0; /* pow(-1, +-inf) */
        return ((ax < 1.0) == (y < 0.0)) ? ay : 0.0;
    }
    if (x == 0.0) {
        if (y < 0.0)
            return odd ? 1.0 / x : 1.0 / ax; /* pole: divide-by-zero */
        return odd ? x : 0.0;
    }
    if (!tl_is_finite(x)) {
        double r = y < 0.0 ? 0.0 : __builtin_inf();
        return (x < 0.0 && odd) ? -r : r;
    }
    if (x < 0.0 && kind == 0)
        return (x - x) / (x - x); /* invalid: a negative base with a non-integer power */
    double sign = (x < 0.0 && odd) ? -1.0 : 1.0;
    if (ax == 1.0)
        return sign; /* pow(-1, integer) */

    /* |log x| >= 2^-54 for x != 1, so beyond 2^64 the product is past any threshold. */
    if (ay > 0x1p64) {
        int grows = (ax > 1.0) == (y > 0.0);
        return grows ? sign * 0x1p1023 * 2.0 : sign * 0x1p-1022 * 0x1p-1022;
    }
    TlDd t = tl_dd_mul_d(__tl_internal_log_dd(tl_dd(ax, 0.0)), y);
    if (t.hi > 710.0)
        return sign * 0x1p1023 * 2.0; /* overflow */
    if (t.hi < -746.0)
        return sign * 0x1p-1022 * 0x1p-1022; /* underflow */
    int k;
    TlDd u = __tl_internal_expm1_reduced(t, &k);
    return sign * __tl_internal_scale_round(tl_dd_add_d(u, 1.0), k);
}
