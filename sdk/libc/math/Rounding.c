/*
 * Rounding.c: floor, ceil, trunc, round, rint, nearbyint, their long conversions, modf.
 *
 * Layer: sdk/libc/math (MathInternal.h only). trunc clears the fraction bits directly;
 * rint adds and subtracts 2^52, which the FPU rounds in the current rounding mode (the
 * classic trick: at 2^52 the spacing of doubles is 1). nearbyint is rint: without
 * <fenv.h> access it may raise the inexact flag, which C17 F.10.6.3 forbids; documented.
 * The long conversions of values that do not fit return LONG_MIN (LLONG_MIN), the
 * "integer indefinite" value cvtsd2si produces, and are unspecified by C17 F.10.6.5.
 */
#include "MathInternal.h"

#include <limits.h>

double __tl_trunc(double x)
{
    int e = tl_exp_field(x) - 1023;
    if (e >= 52)
        return tl_is_nan(x) ? x + x : x; /* already integral, or inf/NaN (quieted) */
    if (e < 0)
        return tl_copysign(0.0, x);
    uint64_t fraction = TL_FRAC_MASK >> e;
    return tl_from_bits(tl_bits(x) & ~fraction);
}

double __tl_floor(double x)
{
    double t = __tl_trunc(x);
    return (x < 0.0 && t != x) ? t - 1.0 : t;
}

double __tl_ceil(double x)
{
    double t = __tl_trunc(x);
    return (x > 0.0 && t != x) ? t + 1.0 : t;
}

/* Halfway cases away from zero. x - trunc(x) is exact: it is x with its integer bits cleared. */
double __tl_round(double x)
{
    double t = __tl_trunc(x);
    if (tl_abs(x - t) >= 0.5)
        t += tl_copysign(1.0, x);
    return t;
}

double __tl_rint(double x)
{
    if (!(tl_abs(x) < 0x1p52))
        return tl_is_nan(x) ? x + x : x;
    volatile double shifted = x + tl_copysign(0x1p52, x);
    double r = shifted - tl_copysign(0x1p52, x);
    return tl_copysign(r, x); /* rint(-0.3) is -0 */
}

double __tl_nearbyint(double x) { return __tl_rint(x); }

static long long to_llong(double r)
{
    if (!(r >= -0x1p63 && r < 0x1p63))
        return LLONG_MIN;
    return (long long)r;
}

long __tl_lrint(double x) { return (long)to_llong(__tl_rint(x)); }
long long __tl_llrint(double x) { return to_llong(__tl_rint(x)); }
long __tl_lround(double x) { return (long)to_llong(__tl_round(x)); }
long long __tl_llround(double x) { return to_llong(__tl_round(x)); }

double __tl_modf(double x, double* iptr)
{
    if (tl_is_nan(x)) {
        *iptr = x + x;
        return x + x;
    }
    double t = __tl_trunc(x);
    *iptr = t;
    if (!tl_is_finite(x))
        return tl_copysign(0.0, x);
    return tl_copysign(x - t, x);
}
