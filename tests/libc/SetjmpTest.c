/* <setjmp.h>: a jump out of nested calls, the value passed through (0 becomes 1), and
 * callee-saved state intact afterwards. */
#include <setjmp.h>

#include "Check.h"

static jmp_buf g_env;
static int g_depth;

static void dive(int levels, int value)
{
    ++g_depth;
    if (levels == 0)
        longjmp(g_env, value);
    dive(levels - 1, value);
}

void test_setjmp(void)
{
    volatile int rounds = 0;
    volatile long kept = 0x5eed;
    int result = setjmp(g_env);
    if (result == 0) {
        dive(50, 7);
        CHECK(0); /* never reached */
    }
    ++rounds;
    CHECK(rounds == 1 && result == 7 && g_depth == 51 && kept == 0x5eed);
    result = setjmp(g_env);
    if (result == 0)
        longjmp(g_env, 0);
    CHECK(result == 1);
}
