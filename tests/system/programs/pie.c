/* pie: a position-independent executable. Its pointer table needs relative relocations,
 * applied by the kernel's loader at a random base; exits "ok" if they all point where
 * they should, and reports its load address in the status otherwise. */
#include "Runtime.h"

static int g_values[3] = { 10, 20, 30 };
static int* volatile g_pointers[3] = { &g_values[0], &g_values[1], &g_values[2] };
static const char* volatile g_text = "relocated";

int main(int argc, char** argv)
{
    int sum = 0;
    for (int i = 0; i < 3; ++i)
        sum += *g_pointers[i];
    if (sum != 60)
        exit_with("pointers were not relocated");
    if (strcmp(g_text, "relocated") != 0)
        exit_with("string pointer was not relocated");
    /* Linked at 0: running far from it shows the base was applied. */
    if ((unsigned long)&main < 0x10000)
        exit_with("not moved from its link address");
    return 0;
}
