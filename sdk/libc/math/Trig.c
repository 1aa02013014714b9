/*
 * Trig.c: sin, cos, tan, their double-double kernels and sin(pi x) for the gamma functions.
 *
 * Layer: sdk/libc/math (MathInternal.h only).
 *
 * Argument reduction (x = n pi/2 + r, |r| <= pi/4) is Payne and Hanek's method (M. Payne,
 * R. Hanek, "Radian reduction for trigonometric functions", SIGNUM Newsletter 18, 1983)
 * done in integers for every |x| > pi/4: with x = m 2^E (m a 53-bit integer), only the
 * bits of 2/pi from position E-1 onwards matter modulo 4, so a 192-bit window W of 2/pi
 * is cut out of the table and P = m W mod 2^192 holds the quadrant in its top two bits
 * and the fraction below. The bits of 2/pi that are left out change x 2/pi by less than
 * 2^-138, while the reduced argument of a double is never closer than about 2^-61 to a
 * multiple of pi/2 (the worst case, found by K. C. Ng and W. Kahan, is near
 * 6381956970095103 * 2^797), so r keeps more than 70 correct bits in the worst case and
 * about 106 bits usually. sin(1e22) is as right as sin(1).
 *
 * Kernels: Taylor series on |r| <= pi/4, the first terms in double-double and the tail
 * (below 2^-8 relative) in double, then tan = sin/cos in double-double.
 */
#include "MathInternal.h"

typedef unsigned __int128 U128;

/* 2/pi in binary, preceded by 64 zero bits: bit i of the fraction (weight 2^-i) is bit
 * (i + 64) of this array, counting from the most significant bit of word 0. Computed with
 * 1500-bit arithmetic; it starts with the well-known 0xA2F9836E4E44152... shifted right
 * by one (the integer bit, 0, sits at position 64). */
static const uint64_t TWO_OVER_PI_BITS[20] = {
    0x0000000000000000ull, 0x517cc1b727220a94ull, 0xfe13abe8fa9a6ee0ull, 0x6db14acc9e21c820ull,
    0xff28b1d5ef5de2b0ull, 0xdb92371d2126e970ull, 0x0324977504e8c90eull, 0x7f0ef58e5894d39full,
    0x74411afa975da242ull, 0x74ce38135a2fbf20ull, 0x9cc8eb1cc1a99cfaull, 0x4e422fc5defc941dull,
    0x8ffc4bffef02cc07ull, 0xf79788c5ad05368full, 0xb69b3f6793e584dbull, 0xa7a31fb34f2ff516ull,
    0xba93dd63f5f2f8bdull, 0x9e839cfbc5294975ull, 0x35fdafd88fc6ae84ull, 0x2b0198237e3db5d5ull,
};

/* The 64 bits of the table starting at bit position pos. */
static uint64_t table_word(int pos)
{
    int q = pos / 64, s = pos % 64;
    if (s == 0)
        return TWO_OVER_PI_BITS[q];
    return (TWO_OVER_PI_BITS[q] << s) | (TWO_OVER_PI_BITS[q + 1] >> (64 - s));
}

/* x = n pi/2 + r for finite x; returns n mod 4 and r in double-double, |r| <= pi/4 + tiny. */
static int reduce_pio2(double x, TlDd* r)
{
    double ax = tl_abs(x);
    if (ax <= 0x1.921fb54442d18p-1) {
        *r = tl_dd(x, 0.0);
        return 0;
    }
    int E = tl_exp_field(ax) - 1075; /* ax = m * 2^E, ax normal here */
    uint64_t m = (tl_bits(ax) & TL_FRAC_MASK) | (1ull << 52);
    int pos = (E - 1) + 64; /* first bit needed, >= 10 since E >= -53 */
    uint64_t w2 = table_word(pos), w1 = table_word(pos + 64), w0 = table_word(pos + 128);

    /* P = m * (w2 w1 w0) mod 2^192, as three words p2 p1 p0. */
    U128 t0 = (U128)m * w0;
    U128 t1 = (U128)m * w1 + (uint64_t)(t0 >> 64);
    uint64_t p0 = (uint64_t)t0;
    uint64_t p1 = (uint64_t)t1;
    uint64_t p2 = m * w2 + (uint64_t)(t1 >> 64);

    int n = (int)(p2 >> 62);
    /* The fraction, as a 192-bit fixed-point number f2 f1 f0 in [0, 1). */
    uint64_t f2 = (p2 << 2) | (p1 >> 62);
    uint64_t f1 = (p1 << 2) | (p0 >> 62);
    uint64_t f0 = p0 << 2;
    int negative = 0;
    if (f2 >> 63) { /* fraction >= 1/2: round n up, the remainder is 1 - fraction */
        ++n;
        negative = 1;
        f0 = ~f0 + 1;
        f1 = ~f1 + (f0 == 0);
        f2 = ~f2 + (f0 == 0 && f1 == 0);
    }
    /* Normalize and turn the top 106 bits into a double-double. */
    int scale = -192;
    while (f2 == 0 && (f1 | f0) != 0) {
        f2 = f1;
        f1 = f0;
        f0 = 0;
        scale -= 64;
    }
    if (f2 == 0) {
        *r = tl_dd(0.0, 0.0);
    } else {
        int lz = __builtin_clzll(f2);
        if (lz) {
            f2 = (f2 << lz) | (f1 >> (64 - lz));
            f1 = (f1 << lz) | (f0 >> (64 - lz));
        }
        /* value = (f2 * 2^64 + f1) * 2^(scale + 128 - 64 - lz) ... as 53 + 53 bits. */
        double hi = (double)(f2 >> 11) * tl_pow2(scale + 139 - lz);
        double lo = (double)(((f2 & 0x7ff) << 42) | (f1 >> 22)) * tl_pow2(scale + 86 - lz);
        *r = tl_dd_mul(tl_fast_two_sum(hi, lo), TL_PI_2);
    }
    if (negative)
        *r = tl_dd_neg(*r);
    if (x < 0.0) {
        *r = tl_dd_neg(*r);
        n = -n;
    }
    return n & 3;
}

static const TlDd INV_FACT2 = { 0.5, 0.0 };
static const TlDd INV_FACT3 = { 0x1.5555555555555p-3, 0x1.5555555555555p-57 };
static const TlDd INV_FACT4 = { 0x1.5555555555555p-5, 0x1.5555555555555p-59 };
static const TlDd INV_FACT5 = { 0x1.1111111111111p-7, 0x1.1111111111111p-63 };
/* 1/k! for k = 6..21 in double. */
static const double INV_FACT_D[16] = {
    0x1.6c16c16c16c17p-10, 0x1.a01a01a01a01ap-13, 0x1.a01a01a01a01ap-16, 0x1.71de3a556c734p-19,
    0x1.27e4fb7789f5cp-22, 0x1.ae64567f544e4p-26, 0x1.1eed8eff8d898p-29, 0x1.6124613a86d09p-33,
    0x1.93974a8c07c9dp-37, 0x1.ae7f3e733b81fp-41, 0x1.ae7f3e733b81fp-45, 0x1.952c77030ad4ap-49,
    0x1.6827863b97d97p-53, 0x1.2f49b46814157p-57, 0x1.e542ba4020225p-62, 0x1.71b8ef6dcf572p-66,
};
#define FACT(k) INV_FACT_D[(k) - 6]

TlDd __tl_internal_sin_kernel(TlDd r)
{
    /* sin r = r - r^3/3! + r^5/5! - r^7 (1/7! - r^2/9! + ...) */
    TlDd r2 = tl_dd_mul(r, r);
    double z = r2.hi;
    double tail = FACT(7) - z * (FACT(9) - z * (FACT(11) - z * (FACT(13) - z * (FACT(15) - z * (FACT(17) - z * FACT(19))))));
    TlDd p = tl_dd_add_d(INV_FACT5, -z * tail);
    p = tl_dd_sub(tl_dd_mul(r2, p), INV_FACT3);
    return tl_dd_add(r, tl_dd_mul(r, tl_dd_mul(r2, p)));
}

TlDd __tl_internal_cos_kernel(TlDd r)
{
    /* cos r = 1 - r^2/2! + r^4/4! - r^6 (1/6! - r^2/8! + ...) */
    TlDd r2 = tl_dd_mul(r, r);
    double z = r2.hi;
    double tail = FACT(6) - z * (FACT(8) - z * (FACT(10) - z * (FACT(12) - z * (FACT(14) - z * (FACT(16) - z * (FACT(18) - z * FACT(20)))))));
    TlDd p = tl_dd_add_d(INV_FACT4, -z * tail);
    p = tl_dd_sub(tl_dd_mul(r2, p), INV_FACT2);
    return tl_dd_add_d(tl_dd_mul(r2, p), 1.0);
}

double __tl_sin(double x)
{
    if (!tl_is_finite(x))
        return x - x; /* NaN; invalid for infinities */
    if (tl_abs(x) < 0x1p-26)
        return x; /* sin x = x (1 - x^2/6): the correction is below half an ulp */
    TlDd r;
    int n = reduce_pio2(x, &r);
    TlDd v = (n & 1) ? __tl_internal_cos_kernel(r) : __tl_internal_sin_kernel(r);
    return (n & 2) ? -v.hi : v.hi;
}

double __tl_cos(double x)
{
    if (!tl_is_finite(x))
        return x - x;
    if (tl_abs(x) < 0x1p-27)
        return 1.0;
    TlDd r;
    int n = reduce_pio2(x, &r);
    TlDd v = (n & 1) ? __tl_internal_sin_kernel(r) : __tl_internal_cos_kernel(r);
    return (n == 1 || n == 2) ? -v.hi : v.hi;
}

double __tl_tan(double x)
{
    if (!tl_is_finite(x))
        return x - x;
    if (tl_abs(x) < 0x1p-27)
        return x; /* tan x = x (1 + x^2/3) */
    TlDd r;
    int n = reduce_pio2(x, &r);
    TlDd s = __tl_internal_sin_kernel(r);
    TlDd c = __tl_internal_cos_kernel(r);
    /* tan(r + pi/2) = -cos r / sin r */
    TlDd t = (n & 1) ? tl_dd_neg(tl_dd_div(c, s)) : tl_dd_div(s, c);
    return t.hi;
}

TlDd __tl_internal_sinpi_dd(double x)
{
    /* x - 2 round(x/2) is exact and in [-1, 1]; then fold into [-1/2, 1/2] by symmetry
     * (every subtraction here is exact by Sterbenz's lemma) and use cos near +-1/2. */
    double ax = tl_abs(x);
    if (ax >= 0x1p52)
        return tl_dd(0.0, 0.0);
    double r = x - 2.0 * tl_round_int(x * 0.5);
    if (r > 0.5)
        r = 1.0 - r;
    else if (r < -0.5)
        r = -1.0 - r;
    if (r == 0.0)
        return tl_dd(0.0, 0.0);
    if (tl_abs(r) > 0.25) {
        double c = tl_copysign(0.5, r) - r; /* sin(pi r) = +-cos(pi (1/2 - |r|)) */
        TlDd v = __tl_internal_cos_kernel(tl_dd_mul_d(TL_PI, c));
        return r < 0.0 ? tl_dd_neg(v) : v;
    }
    return __tl_internal_sin_kernel(tl_dd_mul_d(TL_PI, r));
}
