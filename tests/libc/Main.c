/* libc-tests: runs every group, prints each failure, exits "ok" only if none failed. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Check.h"

int g_checks;
static int g_failures;

/* Output goes out a line at a time (one write per line: Tessera's console makes each
 * write a log line). */
static char g_line[512];
static size_t g_used;

static void say(const char* text)
{
    for (; *text; ++text) {
        if (g_used < sizeof(g_line))
            g_line[g_used++] = *text;
        if (*text == '\n') {
            write(STDOUT_FILENO, g_line, g_used);
            g_used = 0;
        }
    }
}

static void say_number(long value)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    char text[24];
    for (int i = 0; i < n; ++i)
        text[i] = digits[n - 1 - i];
    text[n] = 0;
    say(text);
}

void check_failed(const char* file, int line, const char* condition)
{
    ++g_failures;
    say("libc-tests: FAILED ");
    say(file);
    say(":");
    say_number(line);
    say(": ");
    say(condition);
    say("\n");
}

int main(int argc, char** argv)
{
    if (argc > 1)
        return patchwork_child(argv[1]);
    test_string();
    test_ctype();
    test_stdlib();
    test_malloc();
    test_stdio();
    test_files();
    test_math();
    test_setjmp();
    test_patchwork();
    test_threads();
    test_random();
    test_time();
    test_locale();
    test_signal();
    test_open();
    say("libc-tests: ");
    say_number(g_checks);
    say(" checks, ");
    say_number(g_failures);
    say(" failed\n");
    return g_failures ? 1 : 0;
}
