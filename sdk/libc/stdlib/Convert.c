/* Numeric conversions (C17 §7.22.1) on the parsing engine (libc/format): range errors
 * become ERANGE, a bad base EINVAL. */
#include <errno.h>
#include <stdlib.h>

#include "../format/FormatInternal.h"

static void report(int error)
{
    if (error == __TL_ERANGE)
        errno = ERANGE;
    else if (error == __TL_EINVAL)
        errno = EINVAL;
}

double strtod(const char* restrict text, char** restrict end)
{
    int error = 0;
    double value = __tl_strtod_err(text, end, &error);
    report(error);
    return value;
}

float strtof(const char* restrict text, char** restrict end)
{
    int error = 0;
    float value = __tl_strtof_err(text, end, &error);
    report(error);
    return value;
}

long double strtold(const char* restrict text, char** restrict end)
{
    int error = 0;
    long double value = __tl_strtold_err(text, end, &error);
    report(error);
    return value;
}

#define INTEGER(name, type, engine)                                     \
    type name(const char* restrict text, char** restrict end, int base) \
    {                                                                   \
        int error = 0;                                                  \
        type value = engine(text, end, base, &error);                   \
        report(error);                                                  \
        return value;                                                   \
    }
INTEGER(strtol, long, __tl_strtol_err)
INTEGER(strtoul, unsigned long, __tl_strtoul_err)
INTEGER(strtoll, long long, __tl_strtoll_err)
INTEGER(strtoull, unsigned long long, __tl_strtoull_err)

int atoi(const char* text) { return (int)__tl_strtol(text, 0, 10); }
long atol(const char* text) { return __tl_strtol(text, 0, 10); }
long long atoll(const char* text) { return __tl_strtoll(text, 0, 10); }
double atof(const char* text) { return __tl_strtod(text, 0); }
