/* Integer arithmetic (C17 §7.22.6). */
#include <stdlib.h>

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }
div_t div(int n, int d) { return (div_t) { n / d, n % d }; }
ldiv_t ldiv(long n, long d) { return (ldiv_t) { n / d, n % d }; }
lldiv_t lldiv(long long n, long long d) { return (lldiv_t) { n / d, n % d }; }
