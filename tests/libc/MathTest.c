/* <math.h> through the libc as programs link it (the host tests compare the whole range
 * with glibc: tests/host/libc/MathTest.cpp): known values, special values, and
 * printf of results. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "Check.h"

static int prints(const char* expected, double value)
{
    char text[40];
    snprintf(text, sizeof(text), "%.17g", value);
    return strcmp(text, expected) == 0;
}

void test_math(void)
{
    CHECK(sqrt(2.0) == 1.4142135623730951 && sqrt(-1.0) != sqrt(-1.0));
    CHECK(prints("0.8414709848078965", sin(1.0)));
    CHECK(prints("-0.85220084976718879", sin(1e22)));
    CHECK(prints("2.7182818284590451", exp(1.0)) && exp(1000.0) == HUGE_VAL && exp(-1000.0) == 0.0);
    CHECK(log(1.0) == 0.0 && log(0.0) == -HUGE_VAL && isnan(log(-1.0)));
    CHECK(pow(2.0, 10.0) == 1024.0 && pow(-8.0, 1.0 / 3.0) != pow(-8.0, 1.0 / 3.0) && pow(0.0, 0.0) == 1.0);
    CHECK(prints("1.0471975511965979", acos(0.5)) && atan2(1.0, -1.0) == 3.0 * atan(1.0));
    CHECK(floor(-2.5) == -3.0 && ceil(-2.5) == -2.0 && round(2.5) == 3.0 && trunc(-2.7) == -2.0 && rint(2.5) == 2.0);
    CHECK(fmod(10.0, 3.0) == 1.0 && remainder(10.0, 3.0) == 1.0 && fabs(-0.0) == 0.0 && !signbit(fabs(-0.0)));
    int exponent;
    CHECK(frexp(8.0, &exponent) == 0.5 && exponent == 4 && ldexp(0.5, 4) == 8.0);
    CHECK(isinf(INFINITY) && isnan(NAN) && fpclassify(1e-310) == FP_SUBNORMAL && isfinite(1.0));
    CHECK(hypot(3.0, 4.0) == 5.0 && cbrt(27.0) == 3.0 && tgamma(5.0) == 24.0);
    CHECK(fma(0.1, 10.0, -1.0) == 5.5511151231257827e-17);
}
