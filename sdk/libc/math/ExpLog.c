/*
 * ExpLog.c: exp, exp2, expm1, log, log2, log10, log1p and the double-double kernels that
 * pow, the hyperbolic functions and the gamma functions share.
 *
 * Layer: sdk/libc/math (MathInternal.h only).
 *
 * exp: x = k ln2 + r with |r| <= ln2/2, where k*LN2_HI is exact (LN2_HI has 11 trailing
 * zero bits) and the rest of ln2 is a double-double, so r is known to ~2^-100 (the
 * Cody-Waite reduction, W. J. Cody and W. Waite, "Software Manual for the Elementary
 * Functions", 1980, ch. 6). Then r is divided by 2^8, expm1(r/256) comes from its Taylor
 * series (the terms through r^4/24 in double-double, the rest in double) and the result
 * is squared back eight times with (1+u)^2 - 1 = 2u + u^2, which keeps the small
 * quantity u instead of 1+u (the argument-halving scheme of Brent, "Fast multiple-
 * precision evaluation of elementary functions", JACM 23, 1976). Relative error of u:
 * about 2^-85, so the final rounding is correct except extremely close to a tie.
 *
 * log: x = 2^e m with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(z), z = (m-1)/(m+1),
 * |z| <= 0.172, from the series 2(z + z^3/3 + z^5/5 + ...) with the first five terms in
 * double-double and the rest (|z|^10 < 2^-25 of the sum) in double.
 */
#include "MathInternal.h"

/* ln2 = LN2_HI + LN2_REST.hi + LN2_REST.lo to about 150 bits. */
static const double LN2_HI = 0x1.62e42fefa3800p-1;
static const TlDd LN2_REST = { 0x1.ef35793c76730p-45, 0x1.f97b57a079a19p-103 };

static const TlDd INV_FACT3 = { 0x1.5555555555555p-3, 0x1.5555555555555p-57 };
static const TlDd INV_FACT4 = { 0x1.5555555555555p-5, 0x1.5555555555555p-59 };
static const double INV_FACT5 = 0x1.1111111111111p-7;
static const double INV_FACT6 = 0x1.6c16c16c16c17p-10;
static const double INV_FACT7 = 0x1.a01a01a01a01ap-13;
static const double INV_FACT8 = 0x1.a01a01a01a01ap-16;

/* 1/(2j+1) for j = 0..4 in double-double, then j = 5..19 in double. */
static const TlDd INV_ODD_DD[5] = {
    { 0x1.0000000000000p+0, 0.0 },
    { 0x1.5555555555555p-2, 0x1.5555555555555p-56 },
    { 0x1.999999999999ap-3, -0x1.999999999999ap-57 },
    { 0x1.2492492492492p-3, 0x1.2492492492492p-57 },
    { 0x1.c71c71c71c71cp-4, 0x1.c71c71c71c71cp-58 },
};
static const double INV_ODD_TAIL[15] = {
    0x1.745d1745d1746p-4, 0x1.3b13b13b13b14p-4, 0x1.1111111111111p-4, 0x1.e1e1e1e1e1e1ep-5,
    0x1.af286bca1af28p-5, 0x1.8618618618618p-5, 0x1.642c8590b2164p-5, 0x1.47ae147ae147bp-5,
    0x1.2f684bda12f68p-5, 0x1.1a7b9611a7b96p-5, 0x1.0842108421084p-5, 0x1.f07c1f07c1f08p-6,
    0x1.d41d41d41d41dp-6, 0x1.bacf914c1bad0p-6, 0x1.a41a41a41a41ap-6,
};

double __tl_internal_scale_round(TlDd v, int k)
{
    if (v.hi == 0.0 || !tl_is_finite(v.hi))
        return v.hi;
    /* Normalize to v.hi in [1, 2], folding the exponent into k. */
    int e = tl_ilogb_finite(v.hi);
    v = tl_fast_two_sum(tl_mul_pow2(v.hi, -e), tl_mul_pow2(v.lo, -e));
    k += e;
    if (k > 1023) {
        if (k > 2000)
            k = 2000;
        return v.hi * 0x1p1023 * tl_pow2(k - 1023 > 1023 ? 1023 : k - 1023); /* overflows */
    }
    if (k >= -1022)
        return v.hi * tl_pow2(k); /* exact: v.hi is already the rounded value */
    if (k < -1076)
        return tl_copysign(0.0, v.hi);
    /* Subnormal: round (v.hi + v.lo) * 2^(k+1074) to an integer n, then n * 2^-1074 is exact.
     * Rounding v.hi first and scaling after would round twice. */
    double sc = tl_pow2(k + 1074);
    double wh = v.hi * sc, wl = v.lo * sc; /* exact, |wh| <= 2^52 */
    volatile double shifted = wh + tl_copysign(0x1p52, wh);
    double n = shifted - tl_copysign(0x1p52, wh);
    double f = (wh - n) + wl;
    int odd = ((uint64_t)tl_abs(n) & 1) != 0;
    if (f > 0.5 || (f == 0.5 && odd))
        n += 1.0;
    else if (f < -0.5 || (f == -0.5 && odd))
        n -= 1.0;
    return tl_copysign(n * 0x1p-1074, v.hi);
}

TlDd __tl_internal_expm1_reduced(TlDd x, int* k)
{
    double kd = tl_round_int(x.hi * TL_INV_LN2.hi);
    TlDd r = tl_two_sum(x.hi, -kd * LN2_HI);
    r = tl_dd_add(r, tl_dd_mul_d(LN2_REST, -kd));
    r = tl_dd_add_d(r, x.lo);
    r = tl_dd_scale(r, 0x1p-8);

    double t = r.hi;
    double tail = INV_FACT5 + t * (INV_FACT6 + t * (INV_FACT7 + t * INV_FACT8));
    TlDd p = tl_dd_add_d(INV_FACT4, t * tail);
    p = tl_dd_add(INV_FACT3, tl_dd_mul(p, r));
    p = tl_dd_add_d(tl_dd_mul(p, r), 0.5);
    p = tl_dd_add_d(tl_dd_mul(p, r), 1.0);
    TlDd u = tl_dd_mul(p, r);
    for (int i = 0; i < 8; ++i)
        u = tl_dd_add(tl_dd_scale(u, 2.0), tl_dd_mul(u, u));
    *k = (int)kd;
    return u;
}

TlDd __tl_internal_expm1_dd(TlDd x)
{
    int k;
    TlDd u = __tl_internal_expm1_reduced(x, &k);
    double p = tl_pow2(k);
    return tl_dd_add(tl_dd_scale(u, p), tl_two_sum(p, -1.0));
}

TlDd __tl_internal_log_split(TlDd x, int* e_out)
{
    double h = x.hi, l = x.lo;
    int bias = 0;
    if (h < 0x1p-1022) {
        h *= 0x1p54;
        l *= 0x1p54;
        bias = -54;
    }
    int e = tl_ilogb_finite(h);
    TlDd m = tl_fast_two_sum(tl_mul_pow2(h, -e), tl_mul_pow2(l, -e));
    if (m.hi > 0x1.6a09e667f3bcdp+0) { /* sqrt(2) */
        m = tl_dd_scale(m, 0.5);
        ++e;
    }
    TlDd z = tl_dd_div(tl_dd_add_d(m, -1.0), tl_dd_add_d(m, 1.0));
    TlDd z2 = tl_dd_mul(z, z);
    double w = z2.hi;
    double tail = INV_ODD_TAIL[14];
    for (int j = 13; j >= 0; --j)
        tail = INV_ODD_TAIL[j] + w * tail;
    TlDd q = tl_dd_add_d(INV_ODD_DD[4], w * tail);
    for (int j = 3; j >= 0; --j)
        q = tl_dd_add(INV_ODD_DD[j], tl_dd_mul(z2, q));
    *e_out = e + bias;
    return tl_dd_scale(tl_dd_mul(z, q), 2.0);
}

TlDd __tl_internal_log_dd(TlDd x)
{
    int e;
    TlDd m = __tl_internal_log_split(x, &e);
    return tl_dd_add(tl_dd_mul_d(TL_LN2, (double)e), m);
}

double __tl_exp(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x > 710.0)
        return 0x1p1023 * 2.0; /* overflow (+inf stays +inf) */
    if (x < -746.0)
        return x == -__builtin_inf() ? 0.0 : 0x1p-1022 * 0x1p-1022; /* underflow to +0 */
    if (tl_abs(x) < 0x1p-54)
        return 1.0 + x;
    int k;
    TlDd u = __tl_internal_expm1_reduced(tl_dd(x, 0.0), &k);
    return __tl_internal_scale_round(tl_dd_add_d(u, 1.0), k);
}

double __tl_exp2(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x > 1025.0)
        return 0x1p1023 * 2.0;
    if (x < -1076.0)
        return x == -__builtin_inf() ? 0.0 : 0x1p-1022 * 0x1p-1022;
    /* 2^x = 2^n * e^(f ln2) with n = round(x): exact powers of two stay exact. */
    double n = tl_round_int(x);
    double f = x - n;
    int k;
    TlDd u = __tl_internal_expm1_reduced(tl_dd_mul_d(TL_LN2, f), &k);
    return __tl_internal_scale_round(tl_dd_add_d(u, 1.0), k + (int)n);
}

double __tl_expm1(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x > 710.0)
        return 0x1p1023 * 2.0;
    if (x < -40.0)
        return -1.0; /* e^x is below 2^-57: -1 + e^x rounds to -1 */
    if (tl_abs(x) < 0x1p-54)
        return x;
    if (x <= 40.0)
        return __tl_internal_expm1_dd(tl_dd(x, 0.0)).hi;
    int k;
    TlDd u = __tl_internal_expm1_reduced(tl_dd(x, 0.0), &k);
    TlDd v = tl_dd_add_d(u, 1.0);
    if (k < 1000)
        v = tl_dd_add_d(v, -tl_pow2(-k));
    return __tl_internal_scale_round(v, k);
}

double __tl_log(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x < 0.0)
        return (x - x) / (x - x);
    if (x == 0.0)
        return -1.0 / tl_abs(x); /* -inf, divide-by-zero */
    if (!tl_is_finite(x))
        return x;
    return __tl_internal_log_dd(tl_dd(x, 0.0)).hi;
}

double __tl_log2(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x < 0.0)
        return (x - x) / (x - x);
    if (x == 0.0)
        return -1.0 / tl_abs(x);
    if (!tl_is_finite(x))
        return x;
    int e;
    TlDd m = __tl_internal_log_split(tl_dd(x, 0.0), &e);
    return tl_dd_add_d(tl_dd_mul(m, TL_INV_LN2), (double)e).hi;
}

double __tl_log10(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x < 0.0)
        return (x - x) / (x - x);
    if (x == 0.0)
        return -1.0 / tl_abs(x);
    if (!tl_is_finite(x))
        return x;
    int e;
    TlDd m = __tl_internal_log_split(tl_dd(x, 0.0), &e);
    return tl_dd_add(tl_dd_mul_d(TL_LOG10_2, (double)e), tl_dd_mul(m, TL_INV_LN10)).hi;
}

double __tl_log1p(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x < -1.0)
        return (x - x) / (x - x);
    if (x == -1.0)
        return -1.0 / (x + 1.0); /* -inf, divide-by-zero */
    if (!tl_is_finite(x))
        return x;
    if (tl_abs(x) < 0x1p-54)
        return x;
    return __tl_internal_log_dd(tl_two_sum(1.0, x)).hi;
}
