/* <stdio.h>: formatting and scanning through the stdio layer, strtod round trips, and
 * files (write, read back, append, seek, tell, ungetc, fgets, fread/fwrite). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "Check.h"

static int formats(const char* expected, const char* format, ...)
{
    char buffer[128];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(buffer, sizeof(buffer), format, args);
    va_end(args);
    return n == (int)strlen(expected) && strcmp(buffer, expected) == 0;
}

void test_stdio(void)
{
    CHECK(formats("42 -7 ff 0x1f 777", "%d %i %x %#x %o", 42, -7, 255, 31, 511));
    CHECK(formats("[  abc] [abc  ] [a]", "[%5s] [%-5s] [%.1s]", "abc", "abc", "abc"));
    CHECK(formats("3.14 3.141593e+00 0.0001 1e+20", "%.2f %e %g %g", 3.14159, 3.1415926, 0.0001, 1e20));
    CHECK(formats("-0 inf nan", "%g %g %g", -0.0, 1.0 / 0.0, 0.0 / 0.0) || formats("-0 inf -nan", "%g %g %g", -0.0, 1.0 / 0.0, 0.0 / 0.0));
    CHECK(formats("0x1p+0 100%", "%a %d%%", 1.0, 100));
    CHECK(formats("18446744073709551615 -9223372036854775808", "%llu %lld", 18446744073709551615ull, -9223372036854775807ll - 1));
    char small[4];
    CHECK(snprintf(small, sizeof(small), "%s", "truncated") == 9 && strcmp(small, "tru") == 0);

    /* The standard streams are open for their direction from the start. */
    CHECK(printf("libc-tests: printf reaches stdout\n") == 34);
    CHECK(fflush(stdout) == 0 && !ferror(stdout));
    CHECK(fputs("libc-tests: fputs reaches stderr\n", stderr) >= 0 && !ferror(stderr));

    /* strtod round trips: %.17g then strtod gives the same bits back. */
    double samples[] = { 0.1, 1.0 / 3.0, 6.02214076e23, 4.9e-324, 1.7976931348623157e308, 123456.789e-12 };
    for (unsigned i = 0; i < sizeof(samples) / sizeof(samples[0]); ++i) {
        char text[40];
        snprintf(text, sizeof(text), "%.17g", samples[i]);
        char* end;
        double back = strtod(text, &end);
        CHECK(back == samples[i] && *end == 0);
    }
    errno = 0;
    CHECK(strtod("1e999", 0) > 1e308 && errno == ERANGE);
    CHECK(strtol("-0x1F", 0, 0) == -31 && strtoul("777", 0, 8) == 511 && atoi("  12abc") == 12);
    errno = 0;
    CHECK(strtoll("99999999999999999999", 0, 10) == 9223372036854775807ll && errno == ERANGE);

    int a = 0;
    double d = 0;
    char word[16];
    CHECK(sscanf("17 2.5 hello", "%d %lf %15s", &a, &d, word) == 3 && a == 17 && d == 2.5 && strcmp(word, "hello") == 0);
    unsigned hex = 0;
    char set[8];
    CHECK(sscanf("beef-xyz", "%x-%7[a-z]", &hex, set) == 2 && hex == 0xbeef && strcmp(set, "xyz") == 0);
    CHECK(sscanf("", "%d", &a) == EOF);

    /* Files. */
    FILE* f = fopen("/tmp/libc-stdio-test", "w");
    CHECK(f != 0);
    if (!f)
        return;
    CHECK(fprintf(f, "line %d\n", 1) == 7);
    CHECK(fputs("line 2\n", f) == 0 && fwrite("xyz", 1, 3, f) == 3);
    CHECK(fclose(f) == 0);
    f = fopen("/tmp/libc-stdio-test", "a");
    CHECK(f && fputs("!\n", f) == 0 && fclose(f) == 0);
    f = fopen("/tmp/libc-stdio-test", "r");
    CHECK(f != 0);
    if (!f)
        return;
    char line[32];
    CHECK(fgets(line, sizeof(line), f) && strcmp(line, "line 1\n") == 0);
    CHECK(ftell(f) == 7);
    int c = fgetc(f);
    CHECK(c == 'l' && ungetc(c, f) == 'l' && fgetc(f) == 'l');
    CHECK(fseek(f, -5, SEEK_END) == 0 && fgets(line, sizeof(line), f) && strcmp(line, "xyz!\n") == 0);
    CHECK(fgetc(f) == EOF && feof(f));
    rewind(f);
    char all[32] = { 0 };
    CHECK(fread(all, 1, sizeof(all) - 1, f) == 19 && strcmp(all, "line 1\nline 2\nxyz!\n") == 0);
    int n;
    rewind(f);
    CHECK(fscanf(f, "line %d", &n) == 1 && n == 1);
    CHECK(fclose(f) == 0);
    CHECK(fopen("/tmp/no/such/dir/file", "r") == 0 && errno == ENOENT);
    CHECK(fopen("/tmp/libc-stdio-test", "q") == 0 && errno == EINVAL);
}
