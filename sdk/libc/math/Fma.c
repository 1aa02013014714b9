/*
 * Fma.c: fused multiply-add x*y + z with a single rounding, in integer arithmetic.
 *
 * Layer: sdk/libc/math (MathInternal.h only). The product of the two 53-bit significands
 * is exact in 128 bits. Both addends are aligned with their leading bit at position 125
 * of an unsigned __int128; the smaller one is shifted right, the bits it loses folded into
 * a sticky bit 0. Because the exact product has its lowest bit at position 20 or above
 * and z's at 73, bits are only lost when the exponents differ by more than 20, and then
 * at most one leading bit cancels, so the rounding position stays far above the sticky
 * bit and round-to-nearest-even of the 128-bit sum is the correctly rounded result.
 * The rounding is to nearest; other rounding modes are not honoured here.
 */
#include "MathInternal.h"

typedef unsigned __int128 U128;

/* x = m * 2^e with 2^52 <= m < 2^53 (finite nonzero x, subnormals normalized). */
static uint64_t normalized_mantissa(double x, int* e)
{
    uint64_t u = tl_bits(x);
    int field = (int)((u >> 52) & 0x7ff);
    uint64_t m = u & TL_FRAC_MASK;
    if (field == 0) {
        int shift = __builtin_clzll(m) - 11;
        *e = -1074 - shift;
        return m << shift;
    }
    *e = field - 1075;
    return m | (1ull << 52);
}

static int leading_bit(U128 v)
{
    uint64_t high = (uint64_t)(v >> 64);
    if (high)
        return 127 - __builtin_clzll(high);
    return 63 - __builtin_clzll((uint64_t)v);
}

/* Round sign * s * 2^e (s != 0) to the nearest double, ties to even. */
static double round_scaled(int negative, U128 s, int e)
{
    int lead = leading_bit(s);
    int exponent = lead + e; /* of the leading bit */
    int shift;
    if (exponent >= -1022)
        shift = lead - 52;
    else
        shift = -1074 - e; /* subnormal: the last kept bit is worth 2^-1074 */
    uint64_t mant;
    if (shift <= 0) {
        mant = (uint64_t)(s << -shift);
    } else if (shift >= lead + 2) {
        mant = 0; /* below half of the least subnormal */
    } else {
        mant = (uint64_t)(s >> shift);
        U128 rest = s & (((U128)1 << shift) - 1);
        U128 half = (U128)1 << (shift - 1);
        if (rest > half || (rest == half && (mant & 1)))
            ++mant;
    }
    uint64_t bits;
    if (exponent >= -1022) {
        /* mant is in [2^52, 2^53]; adding it to the exponent field carries into it. */
        int field = exponent + 1022;
        if (mant == (1ull << 53))
            ++exponent;
        if (exponent > 1023) {
            double huge = 0x1p1023;
            return negative ? -huge * 2.0 : huge * 2.0; /* overflow */
        }
        bits = ((uint64_t)field << 52) + mant;
    } else {
        bits = mant; /* 2^52 here is the least normal number, which the same bits encode */
    }
    if (negative)
        bits |= TL_SIGN_MASK;
    return tl_from_bits(bits);
}

double __tl_fma(double x, double y, double z)
{
    if (!tl_is_finite(x) || !tl_is_finite(y) || x == 0.0 || y == 0.0)
        return x * y + z; /* the product is exact (zero) or special: one rounding anyway */
    if (!tl_is_finite(z))
        return z + z; /* a finite product cannot change an infinite or NaN z */

    int ex, ey, ez;
    uint64_t mx = normalized_mantissa(x, &ex);
    uint64_t my = normalized_mantissa(y, &ey);
    int negative_p = tl_signbit(x) ^ tl_signbit(y);
    U128 p = (U128)mx * my; /* in [2^104, 2^106) */
    int ep = ex + ey;
    int lead = leading_bit(p);
    p <<= 125 - lead;
    ep -= 125 - lead;
    if (z == 0.0)
        return round_scaled(negative_p, p, ep);

    uint64_t mz = normalized_mantissa(z, &ez);
    int negative_z = tl_signbit(z);
    U128 c = (U128)mz << 73;
    ez -= 73;

    /* Order the operands by magnitude: a is the larger. */
    U128 a = p, b = c;
    int ea = ep, eb = ez, negative_a = negative_p, negative_b = negative_z;
    if (ez > ep || (ez == ep && c > p)) {
        a = c;
        b = p;
        ea = ez;
        eb = ep;
        negative_a = negative_z;
        negative_b = negative_p;
    }
    int d = ea - eb;
    if (d >= 128) {
        b = 1; /* only the sticky bit survives */
    } else if (d > 0) {
        U128 lost = b & (((U128)1 << d) - 1);
        b = (b >> d) | (lost != 0);
    }
    U128 s = (negative_a == negative_b) ? a + b : a - b;
    if (s == 0)
        return 0.0; /* exact cancellation is +0 in round-to-nearest */
    return round_scaled(negative_a, s, ea);
}
