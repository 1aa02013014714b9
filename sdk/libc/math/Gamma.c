/*
 * Gamma.c: tgamma and lgamma.
 *
 * Layer: sdk/libc/math (MathInternal.h only).
 *   - x >= 10: Stirling's series, log Gamma(x) = (x - 1/2) log x - x + log(2 pi)/2
 *     + sum_k B_2k / (2k (2k-1) x^(2k-1)) through B_20 (error below 2^-69 there), with
 *     the leading terms in double-double.
 *   - 0 < x < 10 for tgamma: Gamma(x) = Gamma(x+n) / (x (x+1) ... (x+n-1)), x+n >= 10.
 *   - 0 < x < 10 for lgamma: near its zeros at 1 and 2 the shift above would cancel, so
 *     lgamma uses the Taylor series at 2, lgamma(2+z) = (1-gamma) z
 *     + sum_{k>=2} (-1)^k (zeta(k)-1) z^k / k (A&S 6.1.33), |z| <= 1/2, and the recurrence
 *     lgamma(x) = lgamma(x+1) - log x to reach it from [0, 1.5) or (2.5, 10).
 *   - x < 0: the reflection formula Gamma(x) Gamma(-x) = -pi / (x sin(pi x)), with
 *     sin(pi x) reduced exactly. lgamma then has only absolute accuracy (about 2^-60)
 *     right next to its zeros on the negative axis, where the two terms cancel.
 * lgamma does not set the POSIX signgam (C17 has none).
 */
#include "MathInternal.h"

static const TlDd HALF_LOG_2PI = { 0x1.d67f1c864beb5p-1, -0x1.65b5a1b7ff5dfp-55 };
static const TlDd ONE_MINUS_EULER = { 0x1.b0ee6072093cep-2, 0x1.6cb90701fbfabp-58 };

/* (-1)^k (zeta(k) - 1) / k for k = 2..43, computed at 1500 bits. */
static const double LGAMMA2_COEFF[42] = {
    0x1.4a34cc4a60fa6p-2, -0x1.13e001a557607p-4, 0x1.51322ac7d8483p-6, -0x1.e404fc218f5f2p-8,
    0x1.7add6eadb6c30p-9, -0x1.38ac5c2bf8e08p-10, 0x1.0b36af86396e9p-11, -0x1.d3fd4c76d2fc8p-13,
    0x1.a127b0f17d65ap-14, -0x1.78de5bd7c81efp-15, 0x1.580dcee66eb02p-16, -0x1.3cbc963ce2243p-17,
    0x1.2597a39f34aacp-18, -0x1.11b2eb7679541p-19, 0x1.0064cdeb22f0fp-20, -0x1.e2600d93cfd2fp-22,
    0x1.c76bbb3f07a4dp-23, -0x1.af5a6cbbf8a97p-24, 0x1.99b93c2070b0fp-25, -0x1.862c734df3eacp-26,
    0x1.7469daccfadcdp-27, -0x1.6434a8447aeadp-28, 0x1.555a877ffd2c3p-29, -0x1.47b1679258d0ep-30,
    0x1.3b15d2b2fc10cp-31, -0x1.2f69a9fabe3e0p-32, 0x1.24932a337434cp-33, -0x1.1a7c26ec2523cp-34,
    0x1.11116e693ed98p-35, -0x1.08424cbc543d8p-36, 0x1.000026e3f644fp-37, -0x1.f07c514fc9f0ap-39,
    0x1.e1e2026aafcd8p-40, -0x1.d41d56e5ee2e2p-41, 0x1.c71c7f6f10e37p-42, -0x1.bacf9a27bc89bp-43,
    0x1.af28718a10d6ep-44, -0x1.a41a45603e5b6p-45, 0x1.99999c0716ee9p-46, -0x1.8f9c1a8df9d78p-47,
    0x1.8618628d28905p-48, -0x1.7d05f4c31c560p-49,
};

/* lgamma(2 + z) for |z| <= 1/2. */
static TlDd lgamma_near2(double z)
{
    double p = LGAMMA2_COEFF[41];
    for (int k = 40; k >= 0; --k)
        p = LGAMMA2_COEFF[k] + z * p;
    return tl_dd_mul_d(tl_dd_add_d(ONE_MINUS_EULER, z * p), z);
}

/* log Gamma(y) for y >= 10 (y.hi < 2^60) by Stirling's series. */
static TlDd stirling(TlDd y)
{
    TlDd t = tl_dd_mul(tl_dd_add_d(y, -0.5), __tl_internal_log_dd(y));
    t = tl_dd_add(tl_dd_sub(t, y), HALF_LOG_2PI);
    double z = 1.0 / y.hi, z2 = z * z;
    double s = 1.0 / 12 + z2 * (-1.0 / 360 + z2 * (1.0 / 1260 + z2 * (-1.0 / 1680 + z2 * (1.0 / 1188 + z2 * (-691.0 / 360360 + z2 * (1.0 / 156 + z2 * (-3617.0 / 122400 + z2 * (43867.0 / 244188 + z2 * (-174611.0 / 125400)))))))));
    return tl_dd_add_d(t, z * s);
}

/* log Gamma(x) for 2^-54 <= x < 2^60. */
static TlDd lgamma_positive(double x)
{
    if (x >= 10.0)
        return stirling(tl_dd(x, 0.0));
    if (x < 0.5) /* lgamma(x+2) - log x - log(1+x) */
        return tl_dd_sub(tl_dd_sub(lgamma_near2(x), __tl_internal_log_dd(tl_dd(x, 0.0))),
            __tl_internal_log_dd(tl_two_sum(1.0, x)));
    if (x < 1.5) /* lgamma(x+1) - log x */
        return tl_dd_sub(lgamma_near2(x - 1.0), __tl_internal_log_dd(tl_dd(x, 0.0)));
    if (x <= 2.5)
        return lgamma_near2(x - 2.0);
    /* Down to (1.5, 2.5]: each x - 1 is exact, since x has no bits below its new ulp. */
    TlDd prod = tl_dd(1.0, 0.0);
    double y = x;
    while (y > 2.5) {
        y -= 1.0;
        prod = tl_dd_mul_d(prod, y);
    }
    return tl_dd_add(lgamma_near2(y - 2.0), __tl_internal_log_dd(prod));
}

/* Gamma(x) = 2^k m for 2^-54 <= x <= 190; returns m. */
static TlDd gamma_positive(double x, int* k)
{
    if (x >= 10.0) {
        TlDd u = __tl_internal_expm1_reduced(stirling(tl_dd(x, 0.0)), k);
        return tl_dd_add_d(u, 1.0);
    }
    TlDd prod = tl_dd(1.0, 0.0);
    int j = 0;
    for (; x + j < 10.0; ++j)
        prod = tl_dd_mul(prod, tl_two_sum(x, (double)j));
    TlDd u = __tl_internal_expm1_reduced(stirling(tl_two_sum(x, (double)j)), k);
    return tl_dd_div(tl_dd_add_d(u, 1.0), prod);
}

static int is_integer(double x) { return tl_abs(x) >= 0x1p52 || x == tl_round_int(x); }

double __tl_tgamma(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x == __builtin_inf())
        return x;
    if (x == 0.0)
        return 1.0 / x; /* pole: +-inf */
    if (x < 0.0 && (!tl_is_finite(x) || is_integer(x)))
        return (x - x) / (x - x); /* invalid */
    if (tl_abs(x) < 0x1p-54)
        return 1.0 / x; /* Gamma(x) = 1/x - gamma + ... */
    if (x > 171.7)
        return 0x1p1023 * 2.0; /* overflow */
    int k;
    if (x > 0.0) {
        TlDd m = gamma_positive(x, &k);
        return __tl_internal_scale_round(m, k);
    }
    if (x < -184.0) {
        /* |Gamma(x)| < 2^-1100: underflow, with the sign (-1)^(n+1) on (-n-1, -n). */
        uint64_t n = (uint64_t)(-x);
        return (n & 1) ? 0x1p-1022 * 0x1p-1022 : -0x1p-1022 * 0x1p-1022;
    }
    TlDd g = gamma_positive(-x, &k);
    TlDd den = tl_dd_mul(tl_dd_mul_d(__tl_internal_sinpi_dd(x), x), g);
    return __tl_internal_scale_round(tl_dd_div(tl_dd_neg(TL_PI), den), -k);
}

double __tl_lgamma(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (!tl_is_finite(x))
        return x * x; /* +inf for both infinities */
    double a = tl_abs(x);
    if (x <= 0.0 && is_integer(x))
        return 1.0 / (x - x); /* pole: +inf, divide-by-zero */
    if (a < 0x1p-54)
        return -__tl_internal_log_dd(tl_dd(a, 0.0)).hi;
    if (x > 0.0) {
        if (x >= 0x1p60)
            return x * (__tl_internal_log_dd(tl_dd(x, 0.0)).hi - 1.0); /* overflows past 2^1014 */
        return lgamma_positive(x).hi;
    }
    TlDd s = tl_dd_mul_d(__tl_internal_sinpi_dd(x), a);
    if (s.hi < 0.0)
        s = tl_dd_neg(s);
    TlDd r = tl_dd_sub(__tl_internal_log_dd(tl_dd_div(TL_PI, s)), lgamma_positive(a));
    return r.hi;
}
