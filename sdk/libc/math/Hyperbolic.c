/*
 * Hyperbolic.c: sinh, cosh, tanh, asinh, acosh, atanh.
 *
 * Layer: sdk/libc/math (MathInternal.h only). All six are rewritten in terms of the
 * double-double exp/expm1 and log kernels of ExpLog.c, in forms without cancellation:
 *   sinh x = (E + E/(E+1))/2 and cosh x = 1 + E^2/(2(E+1)) with E = expm1|x| for |x| < 1,
 *   sinh x = 2^(k-1) (m - 2^-2k/m) and cosh x = 2^(k-1) (m + 2^-2k/m) with e^|x| = 2^k m
 *   beyond (the exponent is kept apart, so sinh(710) does not overflow on the way),
 *   tanh x = E/(E+2) with E = expm1(2|x|),
 *   asinh x = log(|x| + sqrt(x^2+1)), acosh x = log(x + sqrt((x-1)(x+1))) and
 *   atanh x = log((1+x)/(1-x))/2, whose arguments are double-doubles that keep the small
 *   part exactly, so log needs no separate log1p form.
 */
#include "MathInternal.h"

/* e^a = 2^k m for 1 <= a < 711, m in double-double. */
static TlDd exp_split(double a, int* k)
{
    TlDd u = __tl_internal_expm1_reduced(tl_dd(a, 0.0), k);
    return tl_dd_add_d(u, 1.0);
}

static double sinh_cosh(double x, int cosh)
{
    double a = tl_abs(x);
    if (a < 1.0) {
        TlDd e = __tl_internal_expm1_dd(tl_dd(a, 0.0));
        TlDd e1 = tl_dd_add_d(e, 1.0);
        if (cosh)
            return tl_dd_add_d(tl_dd_scale(tl_dd_div(tl_dd_mul(e, e), e1), 0.5), 1.0).hi;
        return tl_copysign(tl_dd_scale(tl_dd_add(e, tl_dd_div(e, e1)), 0.5).hi, x);
    }
    int k;
    TlDd m = exp_split(a, &k);
    if (k < 30) {
        TlDd inv = tl_dd_scale(tl_dd_div(tl_dd(1.0, 0.0), m), tl_pow2(-2 * k));
        m = cosh ? tl_dd_add(m, inv) : tl_dd_sub(m, inv);
    }
    double r = __tl_internal_scale_round(m, k - 1);
    return cosh ? r : tl_copysign(r, x);
}

double __tl_sinh(double x)
{
    if (!tl_is_finite(x) || x == 0.0)
        return x + x;
    if (tl_abs(x) < 0x1p-26)
        return x;
    if (tl_abs(x) > 711.0)
        return x * 0x1p1023; /* overflow with the sign of x */
    return sinh_cosh(x, 0);
}

double __tl_cosh(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (tl_abs(x) < 0x1p-27)
        return 1.0;
    if (tl_abs(x) > 711.0)
        return 0x1p1023 * 2.0;
    return sinh_cosh(x, 1);
}

double __tl_tanh(double x)
{
    if (tl_is_nan(x) || x == 0.0)
        return x + x;
    double a = tl_abs(x);
    if (a > 22.0)
        return tl_copysign(1.0, x); /* 1 - tanh x < 2^-60 */
    if (a < 0x1p-27)
        return x;
    TlDd e = __tl_internal_expm1_dd(tl_dd(2.0 * a, 0.0));
    TlDd t = tl_dd_div(e, tl_dd_add_d(e, 2.0));
    return tl_copysign(t.hi, x);
}

double __tl_asinh(double x)
{
    if (!tl_is_finite(x) || x == 0.0)
        return x + x;
    double a = tl_abs(x);
    if (a < 0x1p-27)
        return x;
    TlDd r;
    if (a > 0x1p28) {
        r = tl_dd_add(__tl_internal_log_dd(tl_dd(a, 0.0)), TL_LN2); /* sqrt(x^2+1) = x */
    } else {
        TlDd s = tl_dd_sqrt(tl_dd_add_d(tl_two_prod(a, a), 1.0));
        r = __tl_internal_log_dd(tl_dd_add_d(s, a));
    }
    return tl_copysign(r.hi, x);
}

double __tl_acosh(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x < 1.0)
        return (x - x) / (x - x);
    if (x == 1.0)
        return 0.0;
    if (!tl_is_finite(x))
        return x;
    if (x > 0x1p28)
        return tl_dd_add(__tl_internal_log_dd(tl_dd(x, 0.0)), TL_LN2).hi;
    TlDd w = tl_dd_mul(tl_two_sum(x, -1.0), tl_two_sum(x, 1.0));
    return __tl_internal_log_dd(tl_dd_add_d(tl_dd_sqrt(w), x)).hi;
}

double __tl_atanh(double x)
{
    if (tl_is_nan(x))
        return x + x;
    double a = tl_abs(x);
    if (a > 1.0)
        return (x - x) / (x - x);
    if (a == 1.0)
        return x / 0.0; /* pole: +-inf, divide-by-zero */
    if (a < 0x1p-27)
        return x;
    TlDd q = tl_dd_div(tl_two_sum(1.0, a), tl_two_sum(1.0, -a));
    return tl_copysign(tl_dd_scale(__tl_internal_log_dd(q), 0.5).hi, x);
}
