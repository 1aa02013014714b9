/*
 * InverseTrig.c: atan, atan2, asin and acos.
 *
 * Layer: sdk/libc/math (MathInternal.h only). Everything goes through one double-double
 * kernel, atan of a non-negative dd t:
 *   - t > 1 uses atan t = pi/2 - atan(1/t);
 *   - t in [0, 1] is split as t = c + (t - c) with c = k/16 the nearest sixteenth, and
 *     atan t = atan c + atan u, u = (t - c)/(1 + t c), |u| <= 1/32 (the addition formula);
 *     atan(k/16) is a table computed at 1500 bits, atan u a Taylor series (u - u^3/3 in
 *     double-double, u^5/5 - ... in double).
 * asin x = atan(x / sqrt((1-x)(1+x))) and acos x = 2 atan(sqrt((1-x)/(1+x))), with the
 * factors formed in double-double, so both stay accurate up to |x| = 1.
 */
#include "MathInternal.h"

/* atan(k/16), k = 0..16. */
static const TlDd ATAN_K16[17] = {
    { 0x0.0p+0, 0x0.0p+0 },
    { 0x1.ff55bb72cfdeap-5, -0x1.c934d86d23f1dp-60 },
    { 0x1.fd5ba9aac2f6ep-4, -0x1.cd37686760c17p-59 },
    { 0x1.7b97b4bce5b02p-3, 0x1.347b0b4f881cap-58 },
    { 0x1.f5b75f92c80ddp-3, 0x1.8ab6e3cf7afbdp-57 },
    { 0x1.362773707ebccp-2, -0x1.963a544b672d8p-57 },
    { 0x1.6f61941e4def1p-2, -0x1.c63aae6f6e918p-56 },
    { 0x1.a64eec3cc23fdp-2, -0x1.24dec1b50b7ffp-56 },
    { 0x1.dac670561bb4fp-2, 0x1.a2b7f222f65e2p-56 },
    { 0x1.0657e94db30d0p-1, -0x1.d5b495f6349e6p-56 },
    { 0x1.1e00babdefeb4p-1, -0x1.928df287a668fp-58 },
    { 0x1.345f01cce37bbp-1, 0x1.1021137c71102p-55 },
    { 0x1.4978fa3269ee1p-1, 0x1.2419a87f2a458p-56 },
    { 0x1.5d58987169b18p-1, 0x1.0028e4bc5e7cap-57 },
    { 0x1.700a7c5784634p-1, -0x1.8c34d25aadef6p-56 },
    { 0x1.819d0b7158a4dp-1, -0x1.bf76229d3b917p-56 },
    { 0x1.921fb54442d18p-1, 0x1.1a62633145c07p-55 },
};

static const TlDd INV_3 = { 0x1.5555555555555p-2, 0x1.5555555555555p-56 };

/* atan t for 0 <= t <= 1. */
static TlDd atan_unit(TlDd t)
{
    int k = (int)(t.hi * 16.0 + 0.5);
    double c = k * 0.0625;
    TlDd u = tl_dd_div(tl_dd_add_d(t, -c), tl_dd_add_d(tl_dd_mul_d(t, c), 1.0));
    TlDd u2 = tl_dd_mul(u, u);
    double z = u2.hi;
    double tail = 0x1.999999999999ap-3 - z * (0x1.2492492492492p-3 - z * (0x1.c71c71c71c71cp-4 - z * (0x1.745d1745d1746p-4 - z * 0x1.3b13b13b13b14p-4)));
    /* atan u = u + u * u^2 * (-1/3 + u^2 tail) */
    TlDd p = tl_dd_add_d(tl_dd_neg(INV_3), z * tail);
    TlDd a = tl_dd_add(u, tl_dd_mul(u, tl_dd_mul(u2, p)));
    return tl_dd_add(ATAN_K16[k], a);
}

/* atan t for a finite t >= 0 (t.hi < 2^990 so that 1/t stays normal). */
static TlDd atan_dd(TlDd t)
{
    if (t.hi > 1.0)
        return tl_dd_sub(TL_PI_2, atan_unit(tl_dd_div(tl_dd(1.0, 0.0), t)));
    return atan_unit(t);
}

double __tl_atan(double x)
{
    if (tl_is_nan(x))
        return x + x;
    double ax = tl_abs(x);
    if (ax < 0x1p-27)
        return x; /* atan x = x (1 - x^2/3) */
    if (ax > 0x1p66)
        return tl_copysign(TL_PI_2.hi, x); /* pi/2 - 1/x rounds to pi/2; also +-inf */
    double a = atan_dd(tl_dd(ax, 0.0)).hi;
    return tl_copysign(a, x);
}

double __tl_atan2(double y, double x)
{
    if (tl_is_nan(x) || tl_is_nan(y))
        return x + y;
    int y_negative = tl_signbit(y), x_negative = tl_signbit(x);
    double ax = tl_abs(x), ay = tl_abs(y);
    double result;
    if (y == 0.0) {
        result = x_negative ? TL_PI.hi : 0.0; /* F.10.1.4: atan2(+-0, -0) = +-pi */
    } else if (!tl_is_finite(ay)) {
        if (!tl_is_finite(ax))
            result = x_negative ? 0x1.2d97c7f3321d2p+1 /* 3pi/4 */ : 0x1.921fb54442d18p-1 /* pi/4 */;
        else
            result = TL_PI_2.hi;
    } else if (!tl_is_finite(ax)) {
        result = x_negative ? TL_PI.hi : 0.0;
    } else if (x == 0.0) {
        result = TL_PI_2.hi;
    } else {
        int d = tl_ilogb_finite(ay) - tl_ilogb_finite(ax);
        TlDd a;
        if (d > 60) {
            a = tl_dd_add_d(TL_PI_2, -(ax / ay)); /* atan(y/x) = pi/2 - x/y */
        } else if (d < -60) {
            /* y/x is tiny; for x > 0 return it directly so that underflow rounds once. */
            if (!x_negative)
                return y_negative ? -(ay / ax) : ay / ax;
            a = tl_dd(ay / ax, 0.0);
        } else {
            int e = tl_ilogb_finite(ax);
            double sx = __tl_scalbn(ax, -e), sy = __tl_scalbn(ay, -e);
            a = atan_dd(tl_dd_div(tl_dd(sy, 0.0), tl_dd(sx, 0.0)));
        }
        if (x_negative)
            a = tl_dd_sub(TL_PI, a);
        result = a.hi;
    }
    return y_negative ? -result : result;
}

double __tl_asin(double x)
{
    if (tl_is_nan(x))
        return x + x;
    double ax = tl_abs(x);
    if (ax > 1.0)
        return (x - x) / (x - x); /* invalid */
    if (ax < 0x1p-26)
        return x;
    if (ax == 1.0)
        return tl_copysign(TL_PI_2.hi, x);
    TlDd w = tl_dd_mul(tl_two_sum(1.0, -ax), tl_two_sum(1.0, ax));
    TlDd t = tl_dd_div(tl_dd(ax, 0.0), tl_dd_sqrt(w));
    return tl_copysign(atan_dd(t).hi, x);
}

double __tl_acos(double x)
{
    if (tl_is_nan(x))
        return x + x;
    if (tl_abs(x) > 1.0)
        return (x - x) / (x - x);
    if (x == 1.0)
        return 0.0;
    if (x == -1.0)
        return TL_PI.hi;
    TlDd q = tl_dd_div(tl_two_sum(1.0, -x), tl_two_sum(1.0, x));
    return tl_dd_scale(atan_dd(tl_dd_sqrt(q)), 2.0).hi;
}
