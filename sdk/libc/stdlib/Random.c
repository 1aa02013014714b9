/* Pseudo-random numbers (C17 §7.22.2): rand and srand. The generator is SplitMix64
 * (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
 * a 64-bit counter stepped by an odd constant, each value scrambled by two
 * multiply-xorshift rounds. Every seed, 0 included, gives a full-period sequence, and
 * the top 31 bits of each output are rand()'s value. Not for cryptography; not safe to
 * call from several threads at once (C allows that). */
#include <stdlib.h>

static unsigned long long g_state = 1; /* as if srand(1), C17 §7.22.2.2 */

void srand(unsigned seed) { g_state = seed; }

int rand(void)
{
    unsigned long long z = (g_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return (int)(z >> 33);
}
