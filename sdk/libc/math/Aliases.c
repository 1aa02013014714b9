/*
 * Aliases.c: the public <math.h> names of the SDK's math library.
 *
 * Layer: sdk/libc/math. The implementations carry the __tl_ prefix so that the host tests
 * can link them next to glibc; this file, compiled only into the SDK's libc, gives them
 * their standard names. The float functions (sinf, ...) are thin wrappers that compute in
 * double and round once more to float: for the functions accurate to about half a double
 * ulp that double rounding is almost always the correctly rounded float.
 */
#include "MathInternal.h"

#include <math.h>

double fabs(double x) { return __tl_fabs(x); }
double floor(double x) { return __tl_floor(x); }
double ceil(double x) { return __tl_ceil(x); }
double trunc(double x) { return __tl_trunc(x); }
double round(double x) { return __tl_round(x); }
double rint(double x) { return __tl_rint(x); }
double nearbyint(double x) { return __tl_nearbyint(x); }
double sqrt(double x) { return __tl_sqrt(x); }
double cbrt(double x) { return __tl_cbrt(x); }
double exp(double x) { return __tl_exp(x); }
double exp2(double x) { return __tl_exp2(x); }
double expm1(double x) { return __tl_expm1(x); }
double log(double x) { return __tl_log(x); }
double log2(double x) { return __tl_log2(x); }
double log10(double x) { return __tl_log10(x); }
double log1p(double x) { return __tl_log1p(x); }
double logb(double x) { return __tl_logb(x); }
double sin(double x) { return __tl_sin(x); }
double cos(double x) { return __tl_cos(x); }
double tan(double x) { return __tl_tan(x); }
double asin(double x) { return __tl_asin(x); }
double acos(double x) { return __tl_acos(x); }
double atan(double x) { return __tl_atan(x); }
double sinh(double x) { return __tl_sinh(x); }
double cosh(double x) { return __tl_cosh(x); }
double tanh(double x) { return __tl_tanh(x); }
double asinh(double x) { return __tl_asinh(x); }
double acosh(double x) { return __tl_acosh(x); }
double atanh(double x) { return __tl_atanh(x); }
double erf(double x) { return __tl_erf(x); }
double erfc(double x) { return __tl_erfc(x); }
double tgamma(double x) { return __tl_tgamma(x); }
double lgamma(double x) { return __tl_lgamma(x); }
double copysign(double x, double y) { return __tl_copysign(x, y); }
double fmin(double x, double y) { return __tl_fmin(x, y); }
double fmax(double x, double y) { return __tl_fmax(x, y); }
double fdim(double x, double y) { return __tl_fdim(x, y); }
double nextafter(double x, double y) { return __tl_nextafter(x, y); }
double fmod(double x, double y) { return __tl_fmod(x, y); }
double remainder(double x, double y) { return __tl_remainder(x, y); }
double hypot(double x, double y) { return __tl_hypot(x, y); }
double pow(double x, double y) { return __tl_pow(x, y); }
double atan2(double y, double x) { return __tl_atan2(y, x); }
double nan(const char* tagp) { return __tl_nan(tagp); }
double nexttoward(double x, long double y) { return __tl_nextafter(x, (double)y); }
double frexp(double x, int* exp) { return __tl_frexp(x, exp); }
double ldexp(double x, int exp) { return __tl_ldexp(x, exp); }
double scalbn(double x, int n) { return __tl_scalbn(x, n); }
double scalbln(double x, long n) { return __tl_scalbln(x, n); }
int ilogb(double x) { return __tl_ilogb(x); }
long lround(double x) { return __tl_lround(x); }
long long llround(double x) { return __tl_llround(x); }
long lrint(double x) { return __tl_lrint(x); }
long long llrint(double x) { return __tl_llrint(x); }
double modf(double x, double* iptr) { return __tl_modf(x, iptr); }
double remquo(double x, double y, int* quo) { return __tl_remquo(x, y, quo); }
double fma(double x, double y, double z) { return __tl_fma(x, y, z); }

/* float variants */
float fabsf(float x) { return (float)__tl_fabs(x); }
float floorf(float x) { return (float)__tl_floor(x); }
float ceilf(float x) { return (float)__tl_ceil(x); }
float truncf(float x) { return (float)__tl_trunc(x); }
float roundf(float x) { return (float)__tl_round(x); }
float rintf(float x) { return (float)__tl_rint(x); }
float nearbyintf(float x) { return (float)__tl_nearbyint(x); }
float sqrtf(float x) { return (float)__tl_sqrt(x); }
float cbrtf(float x) { return (float)__tl_cbrt(x); }
float expf(float x) { return (float)__tl_exp(x); }
float exp2f(float x) { return (float)__tl_exp2(x); }
float expm1f(float x) { return (float)__tl_expm1(x); }
float logf(float x) { return (float)__tl_log(x); }
float log2f(float x) { return (float)__tl_log2(x); }
float log10f(float x) { return (float)__tl_log10(x); }
float log1pf(float x) { return (float)__tl_log1p(x); }
float logbf(float x) { return (float)__tl_logb(x); }
float sinf(float x) { return (float)__tl_sin(x); }
float cosf(float x) { return (float)__tl_cos(x); }
float tanf(float x) { return (float)__tl_tan(x); }
float asinf(float x) { return (float)__tl_asin(x); }
float acosf(float x) { return (float)__tl_acos(x); }
float atanf(float x) { return (float)__tl_atan(x); }
float sinhf(float x) { return (float)__tl_sinh(x); }
float coshf(float x) { return (float)__tl_cosh(x); }
float tanhf(float x) { return (float)__tl_tanh(x); }
float asinhf(float x) { return (float)__tl_asinh(x); }
float acoshf(float x) { return (float)__tl_acosh(x); }
float atanhf(float x) { return (float)__tl_atanh(x); }
float erff(float x) { return (float)__tl_erf(x); }
float erfcf(float x) { return (float)__tl_erfc(x); }
float tgammaf(float x) { return (float)__tl_tgamma(x); }
float lgammaf(float x) { return (float)__tl_lgamma(x); }
float copysignf(float x, float y) { return (float)__tl_copysign(x, y); }
float fminf(float x, float y) { return (float)__tl_fmin(x, y); }
float fmaxf(float x, float y) { return (float)__tl_fmax(x, y); }
float fdimf(float x, float y) { return (float)__tl_fdim(x, y); }
/* nextafterf steps one float ulp, so it works on the float bits rather than in double. */
float nextafterf(float x, float y)
{
    if (x != x || y != y)
        return x + y;
    if (x == y)
        return y;
    uint32_t u;
    __builtin_memcpy(&u, &x, sizeof u);
    if (x == 0.0f)
        u = 1 | (y < 0.0f ? 0x80000000u : 0u);
    else if ((x < y) == (x > 0.0f))
        ++u;
    else
        --u;
    float r;
    __builtin_memcpy(&r, &u, sizeof r);
    return r;
}
float fmodf(float x, float y) { return (float)__tl_fmod(x, y); }
float remainderf(float x, float y) { return (float)__tl_remainder(x, y); }
float hypotf(float x, float y) { return (float)__tl_hypot(x, y); }
float powf(float x, float y) { return (float)__tl_pow(x, y); }
float atan2f(float x, float y) { return (float)__tl_atan2(x, y); }
float nanf(const char* tagp) { return (float)__tl_nan(tagp); }
float frexpf(float x, int* exp) { return (float)__tl_frexp(x, exp); }
float ldexpf(float x, int exp) { return (float)__tl_ldexp(x, exp); }
float scalbnf(float x, int n) { return (float)__tl_scalbn(x, n); }
float scalblnf(float x, long n) { return (float)__tl_scalbln(x, n); }
int ilogbf(float x) { return __tl_ilogb(x); }
long lroundf(float x) { return __tl_lround(x); }
long long llroundf(float x) { return __tl_llround(x); }
long lrintf(float x) { return __tl_lrint(x); }
long long llrintf(float x) { return __tl_llrint(x); }
/* fmaf rounds twice (to double, then to float): off by one float ulp in rare halfway cases. */
float fmaf(float x, float y, float z) { return (float)__tl_fma(x, y, z); }
float modff(float x, float* iptr)
{
    double i;
    double r = __tl_modf(x, &i);
    *iptr = (float)i;
    return (float)r;
}
float remquof(float x, float y, int* quo) { return (float)__tl_remquo(x, y, quo); }
