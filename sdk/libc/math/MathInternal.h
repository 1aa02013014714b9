/*
 * MathInternal.h: the private toolbox of the SDK's double-precision math library.
 *
 * Layer: sdk/libc/math. Every file of the library includes this header and nothing else
 * but freestanding headers, so the same sources build into the Tessera libc (with the
 * public names from Aliases.c) and into the host tests (next to glibc, with only the
 * __tl_ names). It holds:
 *   - bit access to doubles (through __builtin_memcpy, which is defined in C and C++);
 *   - double-double ("dd") arithmetic: a value hi + lo with |lo| <= ulp(hi)/2, about 106
 *     bits of precision, built from the error-free transformations of Dekker and Knuth
 *     (T. J. Dekker, "A floating-point technique for extending the available precision",
 *     Numer. Math. 18, 1971; D. E. Knuth, TAOCP vol. 2, §4.2.2). The functions compute
 *     in dd and round once at the end, which is how they stay within about half an ulp;
 *   - the constants shared by several families (their derivation is in docs/sdk/math.md);
 *   - the prototypes of the internal kernels and of every __tl_ function.
 *
 * Requirements on the compiler: IEEE 754 binary64 with round-to-nearest arithmetic, and
 * no contraction of a*b+c into an fma (-ffp-contract=off): the error-free products below
 * rely on each operation being rounded separately. Build with -fno-math-errno so that
 * __builtin_sqrt is the bare sqrtsd instruction.
 */
#ifndef TS_SDK_LIBC_MATH_INTERNAL_H
#define TS_SDK_LIBC_MATH_INTERNAL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Bit access ------------------------------------------------------------------ */

static inline uint64_t tl_bits(double x)
{
    uint64_t u;
    __builtin_memcpy(&u, &x, sizeof u);
    return u;
}

static inline double tl_from_bits(uint64_t u)
{
    double x;
    __builtin_memcpy(&x, &u, sizeof x);
    return x;
}

#define TL_SIGN_MASK 0x8000000000000000ull
#define TL_EXP_MASK 0x7ff0000000000000ull
#define TL_FRAC_MASK 0x000fffffffffffffull

/* The biased exponent field, 0..2047. */
static inline int tl_exp_field(double x) { return (int)((tl_bits(x) >> 52) & 0x7ff); }
static inline double tl_abs(double x) { return tl_from_bits(tl_bits(x) & ~TL_SIGN_MASK); }
static inline int tl_signbit(double x) { return (int)(tl_bits(x) >> 63); }
static inline double tl_copysign(double x, double s)
{
    return tl_from_bits((tl_bits(x) & ~TL_SIGN_MASK) | (tl_bits(s) & TL_SIGN_MASK));
}
static inline int tl_is_nan(double x) { return (tl_bits(x) & ~TL_SIGN_MASK) > TL_EXP_MASK; }
static inline int tl_is_finite(double x) { return (tl_bits(x) & TL_EXP_MASK) != TL_EXP_MASK; }

/* 2^n for -1022 <= n <= 1023, exactly. */
static inline double tl_pow2(int n) { return tl_from_bits((uint64_t)(n + 1023) << 52); }

/* x * 2^n for -2044 <= n <= 2046 in two exact steps (one rounding at most, if the result
 * is subnormal): for scaling by the negated exponent of any double, which 2^n alone
 * cannot do at n = -1023. */
static inline double tl_mul_pow2(double x, int n)
{
    int half = n / 2;
    return x * tl_pow2(half) * tl_pow2(n - half);
}

/* The unbiased exponent of a finite nonzero x (subnormals included): x = m * 2^e, 1 <= m < 2. */
static inline int tl_ilogb_finite(double x)
{
    int e = tl_exp_field(x);
    if (e != 0)
        return e - 1023;
    uint64_t m = tl_bits(x) & TL_FRAC_MASK;
    return -1011 - __builtin_clzll(m); /* leading bit of m at position 63 - clz, value 2^(pos-1074) */
}

/* Round to the nearest integer (ties to even) for |x| < 2^51, in the current rounding mode. */
static inline double tl_round_int(double x)
{
    volatile double t = x + 0x1.8p52;
    return t - 0x1.8p52;
}

/* ---- Double-double arithmetic --------------------------------------------------- */

typedef struct TlDd {
    double hi;
    double lo;
} TlDd;

static inline TlDd tl_dd(double hi, double lo)
{
    TlDd r;
    r.hi = hi;
    r.lo = lo;
    return r;
}

/* a + b exactly, as s + e (Knuth's TwoSum, no condition on the operands). */
static inline TlDd tl_two_sum(double a, double b)
{
    double s = a + b;
    double bb = s - a;
    double e = (a - (s - bb)) + (b - bb);
    return tl_dd(s, e);
}

/* a + b exactly when |a| >= |b| or a == 0 (Dekker's FastTwoSum). */
static inline TlDd tl_fast_two_sum(double a, double b)
{
    double s = a + b;
    double e = b - (s - a);
    return tl_dd(s, e);
}

/* Veltkamp's split: a = hi + lo with both halves fitting in 26 bits. Valid for |a| < 2^996. */
static inline void tl_split(double a, double* hi, double* lo)
{
    double t = 134217729.0 * a; /* 2^27 + 1 */
    *hi = t - (t - a);
    *lo = a - *hi;
}

/* a * b exactly, as p + e (Dekker's TwoProduct), barring overflow and underflow. */
static inline TlDd tl_two_prod(double a, double b)
{
    double p = a * b;
    double ah, al, bh, bl;
    tl_split(a, &ah, &al);
    tl_split(b, &bh, &bl);
    double e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    return tl_dd(p, e);
}

static inline TlDd tl_dd_neg(TlDd a) { return tl_dd(-a.hi, -a.lo); }

static inline TlDd tl_dd_add(TlDd a, TlDd b)
{
    TlDd s = tl_two_sum(a.hi, b.hi);
    TlDd t = tl_two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = tl_fast_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return tl_fast_two_sum(s.hi, s.lo);
}

static inline TlDd tl_dd_add_d(TlDd a, double b)
{
    TlDd s = tl_two_sum(a.hi, b);
    s.lo += a.lo;
    return tl_fast_two_sum(s.hi, s.lo);
}

static inline TlDd tl_dd_sub(TlDd a, TlDd b) { return tl_dd_add(a, tl_dd_neg(b)); }

static inline TlDd tl_dd_mul(TlDd a, TlDd b)
{
    TlDd p = tl_two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return tl_fast_two_sum(p.hi, p.lo);
}

static inline TlDd tl_dd_mul_d(TlDd a, double b)
{
    TlDd p = tl_two_prod(a.hi, b);
    p.lo += a.lo * b;
    return tl_fast_two_sum(p.hi, p.lo);
}

/* Multiplication by a power of two: exact as long as nothing over- or underflows. */
static inline TlDd tl_dd_scale(TlDd a, double pow2) { return tl_dd(a.hi * pow2, a.lo * pow2); }

/* a / b by long division with two correction steps (relative error about 2^-104). */
static inline TlDd tl_dd_div(TlDd a, TlDd b)
{
    double q1 = a.hi / b.hi;
    TlDd r = tl_dd_sub(a, tl_dd_mul_d(b, q1));
    double q2 = r.hi / b.hi;
    r = tl_dd_sub(r, tl_dd_mul_d(b, q2));
    double q3 = r.hi / b.hi;
    TlDd q = tl_fast_two_sum(q1, q2);
    return tl_dd_add_d(q, q3);
}

static inline TlDd tl_dd_div_d(TlDd a, double b) { return tl_dd_div(a, tl_dd(b, 0.0)); }

/* sqrt(a) for a >= 0: one Newton correction of the hardware root, s + (a - s^2) / 2s. */
static inline TlDd tl_dd_sqrt(TlDd a)
{
    if (a.hi <= 0.0)
        return tl_dd(0.0, 0.0);
    double s = __builtin_sqrt(a.hi);
    TlDd sq = tl_two_prod(s, s);
    double r = ((a.hi - sq.hi) - sq.lo + a.lo) / (2.0 * s);
    return tl_fast_two_sum(s, r);
}

/* ---- Shared constants (hi + lo splits computed at 1500 bits, docs/sdk/math.md) ---- */

static const TlDd TL_PI = { 0x1.921fb54442d18p+1, 0x1.1a62633145c07p-53 };
static const TlDd TL_PI_2 = { 0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54 };
static const TlDd TL_LN2 = { 0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56 };
static const TlDd TL_INV_LN2 = { 0x1.71547652b82fep+0, 0x1.777d0ffda0d24p-56 };
static const TlDd TL_INV_LN10 = { 0x1.bcb7b1526e50ep-2, 0x1.95355baaafad3p-57 };
static const TlDd TL_LOG10_2 = { 0x1.34413509f79ffp-2, -0x1.9dc1da994fd21p-59 };

/* ---- Internal kernels shared between the families ------------------------------ */

/* exp(x) = 2^k * (1 + u) for |x.hi| < 1000; returns u (|u| < 0.42) and stores k. */
TlDd __tl_internal_expm1_reduced(TlDd x, int* k);
/* expm1(x) in dd for |x| <= 40. */
TlDd __tl_internal_expm1_dd(TlDd x);
/* log(x) for a positive finite dd x, in dd. */
TlDd __tl_internal_log_dd(TlDd x);
/* log(x) = e*ln2 + m for a positive finite dd x: returns m (|m| <= ln2/2), stores e. */
TlDd __tl_internal_log_split(TlDd x, int* e);
/* (v.hi + v.lo) * 2^k rounded once to a double (overflow, subnormals and zero included). */
double __tl_internal_scale_round(TlDd v, int k);
/* sin(pi * x) in dd for finite x (exact argument reduction; x integer gives 0). */
TlDd __tl_internal_sinpi_dd(double x);
/* sin and cos of a dd argument |r| <= pi/4 + small. */
TlDd __tl_internal_sin_kernel(TlDd r);
TlDd __tl_internal_cos_kernel(TlDd r);

/* ---- The implementation functions (public names come from Aliases.c) ----------- */

double __tl_fabs(double x);
double __tl_copysign(double x, double y);
double __tl_nan(const char* tagp);
double __tl_fmin(double x, double y);
double __tl_fmax(double x, double y);
double __tl_fdim(double x, double y);
double __tl_nextafter(double x, double y);
double __tl_nexttoward(double x, double y);

double __tl_frexp(double x, int* exp);
double __tl_ldexp(double x, int exp);
double __tl_scalbn(double x, int n);
double __tl_scalbln(double x, long n);
int __tl_ilogb(double x);
double __tl_logb(double x);

double __tl_floor(double x);
double __tl_ceil(double x);
double __tl_trunc(double x);
double __tl_round(double x);
long __tl_lround(double x);
long long __tl_llround(double x);
double __tl_rint(double x);
long __tl_lrint(double x);
long long __tl_llrint(double x);
double __tl_nearbyint(double x);
double __tl_modf(double x, double* iptr);

double __tl_fmod(double x, double y);
double __tl_remainder(double x, double y);
double __tl_remquo(double x, double y, int* quo);
double __tl_fma(double x, double y, double z);

double __tl_sqrt(double x);
double __tl_cbrt(double x);
double __tl_hypot(double x, double y);

double __tl_exp(double x);
double __tl_exp2(double x);
double __tl_expm1(double x);
double __tl_log(double x);
double __tl_log2(double x);
double __tl_log10(double x);
double __tl_log1p(double x);
double __tl_pow(double x, double y);

double __tl_sin(double x);
double __tl_cos(double x);
double __tl_tan(double x);
double __tl_asin(double x);
double __tl_acos(double x);
double __tl_atan(double x);
double __tl_atan2(double y, double x);

double __tl_sinh(double x);
double __tl_cosh(double x);
double __tl_tanh(double x);
double __tl_asinh(double x);
double __tl_acosh(double x);
double __tl_atanh(double x);

double __tl_erf(double x);
double __tl_erfc(double x);
double __tl_tgamma(double x);
double __tl_lgamma(double x);

#ifdef __cplusplus
}
#endif

#endif
