/*
 * Erf.c: erf and erfc.
 *
 * Layer: sdk/libc/math (MathInternal.h only).
 * For |x| < 2.5: erf x = (2/sqrt(pi)) e^(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)), a
 * series of positive terms (Abramowitz and Stegun 7.1.6), summed in double-double so that
 * erfc x = 1 - erf x keeps its accuracy where erf is close to 1.
 * For x >= 2.5: erfc x = e^(-x^2)/sqrt(pi) * K(x) with Laplace's continued fraction
 * K(x) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))) (A&S 7.1.14), evaluated backwards
 * from a fixed depth (60 levels reach full precision at 2.5, fewer suffice further out);
 * e^(-x^2) keeps its exponent apart, so the subnormal results near x = 27 round once.
 */
#include "MathInternal.h"

static const TlDd TWO_OVER_SQRTPI = { 0x1.20dd750429b6dp+0, 0x1.1ae3a914fed80p-56 };
static const TlDd INV_SQRTPI = { 0x1.20dd750429b6dp-1, 0x1.1ae3a914fed80p-57 };

/* erf a in double-double for 0 <= a < 2.5. */
static TlDd erf_series(double a)
{
    TlDd x2 = tl_two_prod(a, a);
    TlDd term = tl_dd(a, 0.0), sum = term;
    for (int n = 0; n < 120; ++n) {
        term = tl_dd_div_d(tl_dd_scale(tl_dd_mul(term, x2), 2.0), 2.0 * n + 3.0);
        sum = tl_dd_add(sum, term);
        if (term.hi < sum.hi * 0x1p-108)
            break;
    }
    int k;
    TlDd u = __tl_internal_expm1_reduced(tl_dd_neg(x2), &k);
    TlDd e = tl_dd_scale(tl_dd_add_d(u, 1.0), tl_pow2(k));
    return tl_dd_mul(tl_dd_mul(TWO_OVER_SQRTPI, sum), e);
}

/* erfc a for 2.5 <= a <= 28, rounded. */
static double erfc_large(double a)
{
    int depth = a < 4.0 ? 60 : 30;
    double f = a;
    for (int n = depth; n >= 1; --n)
        f = a + (0.5 * n) / f;
    double K = 1.0 / f;
    TlDd x2 = tl_two_prod(a, a);
    int k;
    TlDd u = __tl_internal_expm1_reduced(tl_dd_neg(x2), &k);
    TlDd m = tl_dd_mul(tl_dd_mul_d(INV_SQRTPI, K), tl_dd_add_d(u, 1.0));
    return __tl_internal_scale_round(m, k);
}

double __tl_erf(double x)
{
    if (tl_is_nan(x) || x == 0.0)
        return x + x;
    double a = tl_abs(x);
    if (a >= 6.0)
        return tl_copysign(1.0, x); /* 1 - erf 6 < 2^-56 */
    if (a < 0x1p-28) {
        /* erf x = (2/sqrt(pi)) x: scale up first so subnormal x round once. */
        return __tl_internal_scale_round(tl_dd_mul_d(TWO_OVER_SQRTPI, x * 0x1p60), -60);
    }
    double r = a < 2.5 ? erf_series(a).hi : 1.0 - erfc_large(a);
    return tl_copysign(r, x);
}

double __tl_erfc(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (x < -6.0)
        return 2.0;
    if (x > 28.0)
        return 0x1p-1022 * 0x1p-1022; /* underflow to +0 (also erfc(+inf)) */
    if (tl_abs(x) < 0x1p-56)
        return 1.0 - x;
    if (x >= 2.5)
        return erfc_large(x);
    if (x <= -2.5)
        return 2.0 - erfc_large(-x);
    TlDd e = erf_series(tl_abs(x));
    return (x < 0.0 ? tl_dd_add_d(e, 1.0) : tl_dd_add_d(tl_dd_neg(e), 1.0)).hi;
}
