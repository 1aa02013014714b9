/* <locale.h> and the multibyte functions of <stdlib.h>: the C locale is the only one,
 * with the standard's values, and in it every byte is one character. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "Check.h"

static void check_setlocale(void)
{
    static const int CATEGORIES[] = { LC_ALL, LC_COLLATE, LC_CTYPE, LC_MONETARY, LC_NUMERIC, LC_TIME, LC_MESSAGES };
    for (size_t i = 0; i < sizeof(CATEGORIES) / sizeof(CATEGORIES[0]); ++i) {
        const char* name = setlocale(CATEGORIES[i], 0);
        CHECK(name && strcmp(name, "C") == 0);
        name = setlocale(CATEGORIES[i], "");
        CHECK(name && strcmp(name, "C") == 0);
        name = setlocale(CATEGORIES[i], "POSIX");
        CHECK(name && strcmp(name, "C") == 0);
        name = setlocale(CATEGORIES[i], "C");
        CHECK(name && strcmp(name, "C") == 0);
        CHECK(setlocale(CATEGORIES[i], "de_DE.UTF-8") == 0);
        CHECK(setlocale(CATEGORIES[i], "c") == 0);
    }
    CHECK(setlocale(-1, "C") == 0 && setlocale(99, 0) == 0);
    /* A refused request leaves the locale as it was. */
    const char* name = setlocale(LC_ALL, 0);
    CHECK(name && strcmp(name, "C") == 0);
}

static void check_localeconv(void)
{
    const struct lconv* c = localeconv();
    CHECK(c != 0);
    if (!c)
        return;
    CHECK(strcmp(c->decimal_point, ".") == 0);
    const char* empty[] = { c->thousands_sep, c->grouping, c->mon_decimal_point, c->mon_thousands_sep,
        c->mon_grouping, c->positive_sign, c->negative_sign, c->currency_symbol, c->int_curr_symbol };
    for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); ++i)
        CHECK(empty[i] && empty[i][0] == 0);
    const char numbers[] = { c->frac_digits, c->p_cs_precedes, c->n_cs_precedes, c->p_sep_by_space,
        c->n_sep_by_space, c->p_sign_posn, c->n_sign_posn, c->int_frac_digits, c->int_p_cs_precedes,
        c->int_n_cs_precedes, c->int_p_sep_by_space, c->int_n_sep_by_space, c->int_p_sign_posn,
        c->int_n_sign_posn };
    for (size_t i = 0; i < sizeof(numbers); ++i)
        CHECK(numbers[i] == CHAR_MAX);
}

static void check_multibyte(void)
{
    CHECK(MB_CUR_MAX == 1);
    /* No shift states. */
    CHECK(mblen(0, 0) == 0 && mbtowc(0, 0, 0) == 0 && wctomb(0, L'a') == 0);
    CHECK(mblen("abc", 3) == 1 && mblen("", 1) == 0 && mblen("abc", 0) == -1);
    int wrong = 0;
    for (int byte = 0; byte < 256; ++byte) {
        char text[2] = { (char)byte, 0 };
        wchar_t wide = -5;
        char back = 0;
        if (mbtowc(&wide, text, 1) != (byte != 0) || wide != byte || wctomb(&back, wide) != 1 || back != text[0])
            ++wrong;
    }
    CHECK(wrong == 0);
    char out = 'x';
    errno = 0;
    CHECK(wctomb(&out, 0x20ac) == -1 && errno == EILSEQ && out == 'x');

    wchar_t wide[8];
    for (int i = 0; i < 8; ++i)
        wide[i] = L'?';
    CHECK(mbstowcs(wide, "h\xe9llo", 8) == 5 && wide[0] == L'h' && wide[1] == 0xe9 && wide[4] == L'o' && wide[5] == 0);
    CHECK(mbstowcs(wide, "abcdef", 3) == 3 && wide[2] == L'c' && wide[3] == L'l'); /* no NUL past the limit */
    CHECK(mbstowcs(0, "counted", 0) == 7);
    char bytes[8];
    memset(bytes, '?', sizeof(bytes));
    const wchar_t source[] = { L'w', 0xff, L'z', 0 };
    CHECK(wcstombs(bytes, source, sizeof(bytes)) == 3 && strcmp(bytes, "w\xffz") == 0);
    memset(bytes, '?', sizeof(bytes));
    CHECK(wcstombs(bytes, source, 2) == 2 && bytes[1] == '\xff' && bytes[2] == '?');
    CHECK(wcstombs(0, source, 0) == 3);
    const wchar_t unencodable[] = { L'a', 0x1f600, 0 };
    errno = 0;
    CHECK(wcstombs(bytes, unencodable, sizeof(bytes)) == (size_t)-1 && errno == EILSEQ);
}

void test_locale(void)
{
    check_setlocale();
    check_localeconv();
    check_multibyte();
}
