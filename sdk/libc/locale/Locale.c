/* Localization (C17 §7.11): the "C" locale, the only one. The standard's table for it
 * (§7.11.2.1) gives every string but decimal_point as "" and every number as CHAR_MAX,
 * meaning "not available in this locale". */
#include <limits.h>
#include <locale.h>
#include <string.h>

char* setlocale(int category, const char* locale)
{
    static char g_name[] = "C";
    if (category < LC_CTYPE || category > LC_ALL)
        return 0;
    if (!locale || strcmp(locale, "C") == 0 || strcmp(locale, "POSIX") == 0 || locale[0] == 0)
        return g_name;
    return 0;
}

struct lconv* localeconv(void)
{
    static char g_point[] = ".";
    static char g_empty[] = "";
    static struct lconv g_c_locale = {
        .decimal_point = g_point,
        .thousands_sep = g_empty,
        .grouping = g_empty,
        .mon_decimal_point = g_empty,
        .mon_thousands_sep = g_empty,
        .mon_grouping = g_empty,
        .positive_sign = g_empty,
        .negative_sign = g_empty,
        .currency_symbol = g_empty,
        .frac_digits = CHAR_MAX,
        .p_cs_precedes = CHAR_MAX,
        .n_cs_precedes = CHAR_MAX,
        .p_sep_by_space = CHAR_MAX,
        .n_sep_by_space = CHAR_MAX,
        .p_sign_posn = CHAR_MAX,
        .n_sign_posn = CHAR_MAX,
        .int_curr_symbol = g_empty,
        .int_frac_digits = CHAR_MAX,
        .int_p_cs_precedes = CHAR_MAX,
        .int_n_cs_precedes = CHAR_MAX,
        .int_p_sep_by_space = CHAR_MAX,
        .int_n_sep_by_space = CHAR_MAX,
        .int_p_sign_posn = CHAR_MAX,
        .int_n_sign_posn = CHAR_MAX,
    };
    return &g_c_locale;
}
