/*
 * <math.h>: the C17 mathematics header of the Tessera SDK libc (C17 §7.12).
 *
 * What is here: every double function of C17, float versions of most of them (computed
 * in double, see sdk/libc/math/Aliases.c), the classification and comparison macros
 * (on the compiler's __builtin_ functions) and, outside strict ISO mode, the customary
 * M_PI family. What is not: the long double functions (sinl, ...), and the float
 * versions of fma-like corner cases are only as good as a double computation rounded to
 * float. Accuracy per function is in docs/sdk/math.md.
 *
 * Error reporting: the functions never set errno. Special values follow C17 Annex F
 * (NaN, infinities, signed zeros, subnormals, overflow to infinity, underflow), and the
 * invalid, divide-by-zero and overflow exceptions are raised by the arithmetic that
 * produces those values, so math_errhandling is MATH_ERREXCEPT; the inexact and
 * underflow flags are not raised precisely.
 */
#ifndef _TESSERA_MATH_H
#define _TESSERA_MATH_H

#ifdef __cplusplus
extern "C" {
#endif

/* x86-64 evaluates float and double in their own precision (FLT_EVAL_METHOD == 0). */
typedef float float_t;
typedef double double_t;

#define HUGE_VAL (__builtin_huge_val())
#define HUGE_VALF (__builtin_huge_valf())
#define HUGE_VALL (__builtin_huge_vall())
#define INFINITY (__builtin_inff())
#define NAN (__builtin_nanf(""))

#define FP_NAN 0
#define FP_INFINITE 1
#define FP_ZERO 2
#define FP_SUBNORMAL 3
#define FP_NORMAL 4

#define FP_ILOGB0 (-2147483647 - 1)
#define FP_ILOGBNAN (-2147483647 - 1)

#define MATH_ERRNO 1
#define MATH_ERREXCEPT 2
#define math_errhandling MATH_ERREXCEPT

#define fpclassify(x) __builtin_fpclassify(FP_NAN, FP_INFINITE, FP_NORMAL, FP_SUBNORMAL, FP_ZERO, x)
#define isfinite(x) __builtin_isfinite(x)
#define isinf(x) __builtin_isinf(x)
#define isnan(x) __builtin_isnan(x)
#define isnormal(x) __builtin_isnormal(x)
#define signbit(x) __builtin_signbit(x)

#define isgreater(x, y) __builtin_isgreater(x, y)
#define isgreaterequal(x, y) __builtin_isgreaterequal(x, y)
#define isless(x, y) __builtin_isless(x, y)
#define islessequal(x, y) __builtin_islessequal(x, y)
#define islessgreater(x, y) __builtin_islessgreater(x, y)
#define isunordered(x, y) __builtin_isunordered(x, y)

#if !defined(__STRICT_ANSI__) || defined(_XOPEN_SOURCE) || defined(_DEFAULT_SOURCE) || defined(_GNU_SOURCE)
#define M_E 2.718281828459045235360287471352662498
#define M_LOG2E 1.442695040888963407359924681001892137
#define M_LOG10E 0.434294481903251827651128918916605082
#define M_LN2 0.693147180559945309417232121458176568
#define M_LN10 2.302585092994045684017991454684364208
#define M_PI 3.141592653589793238462643383279502884
#define M_PI_2 1.570796326794896619231321691639751442
#define M_PI_4 0.785398163397448309615660845819875721
#define M_1_PI 0.318309886183790671537767526745028724
#define M_2_PI 0.636619772367581343075535053490057448
#define M_2_SQRTPI 1.128379167095512573896158903121545172
#define M_SQRT2 1.414213562373095048801688724209698079
#define M_SQRT1_2 0.707106781186547524400844362104849039
#endif

/* Trigonometric and hyperbolic (§7.12.4, §7.12.5). */
double acos(double x);
double asin(double x);
double atan(double x);
double atan2(double y, double x);
double cos(double x);
double sin(double x);
double tan(double x);
double acosh(double x);
double asinh(double x);
double atanh(double x);
double cosh(double x);
double sinh(double x);
double tanh(double x);

/* Exponential and logarithmic (§7.12.6). */
double exp(double x);
double exp2(double x);
double expm1(double x);
double frexp(double value, int* exp);
int ilogb(double x);
double ldexp(double x, int exp);
double log(double x);
double log10(double x);
double log1p(double x);
double log2(double x);
double logb(double x);
double modf(double value, double* iptr);
double scalbn(double x, int n);
double scalbln(double x, long n);

/* Power and absolute value (§7.12.7). */
double cbrt(double x);
double fabs(double x);
double hypot(double x, double y);
double pow(double x, double y);
double sqrt(double x);

/* Error and gamma (§7.12.8). */
double erf(double x);
double erfc(double x);
double lgamma(double x);
double tgamma(double x);

/* Nearest integer (§7.12.9). */
double ceil(double x);
double floor(double x);
double nearbyint(double x);
double rint(double x);
long lrint(double x);
long long llrint(double x);
double round(double x);
long lround(double x);
long long llround(double x);
double trunc(double x);

/* Remainder (§7.12.10), manipulation (§7.12.11), max/min (§7.12.12), fma (§7.12.13). */
double fmod(double x, double y);
double remainder(double x, double y);
double remquo(double x, double y, int* quo);
double copysign(double x, double y);
double nan(const char* tagp);
double nextafter(double x, double y);
double nexttoward(double x, long double y);
double fdim(double x, double y);
double fmax(double x, double y);
double fmin(double x, double y);
double fma(double x, double y, double z);

/* float versions, computed in double. */
float acosf(float x);
float asinf(float x);
float atanf(float x);
float atan2f(float y, float x);
float cosf(float x);
float sinf(float x);
float tanf(float x);
float acoshf(float x);
float asinhf(float x);
float atanhf(float x);
float coshf(float x);
float sinhf(float x);
float tanhf(float x);
float expf(float x);
float exp2f(float x);
float expm1f(float x);
float frexpf(float value, int* exp);
int ilogbf(float x);
float ldexpf(float x, int exp);
float logf(float x);
float log10f(float x);
float log1pf(float x);
float log2f(float x);
float logbf(float x);
float modff(float value, float* iptr);
float scalbnf(float x, int n);
float scalblnf(float x, long n);
float cbrtf(float x);
float fabsf(float x);
float hypotf(float x, float y);
float powf(float x, float y);
float sqrtf(float x);
float erff(float x);
float erfcf(float x);
float lgammaf(float x);
float tgammaf(float x);
float ceilf(float x);
float floorf(float x);
float nearbyintf(float x);
float rintf(float x);
long lrintf(float x);
long long llrintf(float x);
float roundf(float x);
long lroundf(float x);
long long llroundf(float x);
float truncf(float x);
float fmodf(float x, float y);
float remainderf(float x, float y);
float remquof(float x, float y, int* quo);
float copysignf(float x, float y);
float nanf(const char* tagp);
float nextafterf(float x, float y);
float fdimf(float x, float y);
float fmaxf(float x, float y);
float fminf(float x, float y);
float fmaf(float x, float y, float z);

#ifdef __cplusplus
}
#endif

#endif
