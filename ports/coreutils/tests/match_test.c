/* match_test: grep's matcher (Match.c) on the host. Build and run from the repository:
 *     cc -I ports/coreutils ports/coreutils/Match.c ports/coreutils/tests/match_test.c && ./a.out
 * Prints each failing case and exits non-zero if there was one. */
#include <stdio.h>
#include <string.h>

#include "Match.h"

static int g_checks;
static int g_failures;

static void expect(const char* pattern, const char* text, unsigned flags, int wanted)
{
    ++g_checks;
    int got = match_search(pattern, text, strlen(text), flags);
    if (got != wanted) {
        ++g_failures;
        printf("FAIL: \"%s\" on \"%s\"%s: got %d, wanted %d\n", pattern, text,
            (flags & MATCH_IGNORE_CASE) ? " (ignoring case)" : "", got, wanted);
    }
}

static void yes(const char* pattern, const char* text) { expect(pattern, text, 0, 1); }
static void no(const char* pattern, const char* text) { expect(pattern, text, 0, 0); }

static void malformed(const char* pattern)
{
    ++g_checks;
    if (!match_error(pattern)) {
        ++g_failures;
        printf("FAIL: \"%s\" accepted, wanted an error\n", pattern);
    }
}

static void well_formed(const char* pattern)
{
    ++g_checks;
    const char* error = match_error(pattern);
    if (error) {
        ++g_failures;
        printf("FAIL: \"%s\" refused (%s)\n", pattern, error);
    }
}

int main(void)
{
    /* Literals and the empty pattern. */
    yes("", "");
    yes("", "anything");
    yes("abc", "abc");
    yes("abc", "xxabcxx");
    no("abc", "ab");
    no("abc", "acb");
    yes("Tessera", "Welcome to Tessera.");

    /* Dot. */
    yes("a.c", "abc");
    yes("a.c", "a.c");
    no("a.c", "ac");
    yes("...", "abc");
    no("....", "abc");

    /* Anchors. */
    yes("^abc", "abcdef");
    no("^abc", "xabc");
    yes("def$", "abcdef");
    no("def$", "defx");
    yes("^$", "");
    no("^$", "x");
    yes("^abc$", "abc");
    no("^abc$", "abcc");
    yes("a^b", "a^b");   /* ^ not first: literal */
    yes("a$b", "a$b");   /* $ not last: literal */
    no("a$b", "ab");

    /* Star. */
    yes("ab*c", "ac");
    yes("ab*c", "abc");
    yes("ab*c", "abbbbc");
    no("ab*c", "abbbbd");
    yes("^a*$", "");
    yes("^a*$", "aaaa");
    no("^a*$", "aaba");
    yes("a.*b", "a123b");
    yes("^.*$", "whatever");
    yes("a*a*a*b", "aaaaab");
    no("^a*a*a*a*a*c$", "aaaaaaaaaaaaaaaaaaab");
    yes("*a", "*a");     /* a leading star is literal */
    no("*a", "a");
    yes("^*a", "*a");
    yes("x\\**y", "x***y");

    /* Escapes. */
    yes("a\\.c", "a.c");
    no("a\\.c", "abc");
    yes("\\^x", "a^x");
    yes("x\\$", "x$y");
    yes("\\[", "[");
    yes("\\\\", "back\\slash");

    /* Bracket expressions. */
    yes("[abc]", "xbx");
    no("[abc]", "xyz");
    yes("^[a-z]*$", "lower");
    no("^[a-z]*$", "Upper");
    yes("[0-9][0-9]*", "version 42");
    no("[0-9]", "none");
    yes("[^0-9]", "12a3");
    no("^[^0-9]*$", "ab1");
    yes("[]]", "]");
    yes("[^]]", "a");
    no("^[^]]$", "]");
    yes("[a-]", "-");
    yes("[-a]", "-");
    yes("x[.]y", "x.y");
    no("x[.]y", "xzy");
    yes("[\\]", "\\");   /* a backslash is ordinary inside brackets */
    yes("[A-Za-z_][A-Za-z0-9_]*", "  _name1");

    /* Ignoring case. */
    expect("tessera", "Welcome to TESSERA.", MATCH_IGNORE_CASE, 1);
    expect("tessera", "Welcome to TESSERA.", 0, 0);
    expect("[a-c]x", "BX", MATCH_IGNORE_CASE, 1);
    expect("[A-C]x", "bX", MATCH_IGNORE_CASE, 1);
    expect("[^a-c]", "B", MATCH_IGNORE_CASE, 0);

    /* Text holding NULs: the length counts, not the NUL. */
    ++g_checks;
    if (!match_search("b$", "a\0b", 3, 0)) {
        ++g_failures;
        printf("FAIL: \"b$\" on \"a\\0b\" (length 3)\n");
    }

    /* Syntax. */
    malformed("[abc");
    malformed("[^");
    malformed("[]");
    malformed("abc\\");
    malformed("[z-a]");
    well_formed("[]abc]");
    well_formed("a\\[");
    well_formed("*");
    well_formed("[a-]");

    printf("match_test: %d checks, %d failed\n", g_checks, g_failures);
    return g_failures != 0;
}
