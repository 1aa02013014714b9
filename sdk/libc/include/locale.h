/* <locale.h>: C17 §7.11. Tessera has one locale, "C" (also called "POSIX", and what ""
 * names, the environment's default): setlocale accepts those and nothing else, and
 * localeconv describes it. */
#ifndef _LOCALE_H
#define _LOCALE_H

#include <stddef.h>

#define LC_CTYPE 0
#define LC_NUMERIC 1
#define LC_TIME 2
#define LC_COLLATE 3
#define LC_MONETARY 4
#define LC_MESSAGES 5 /* POSIX */
#define LC_ALL 6

struct lconv {
    char* decimal_point;
    char* thousands_sep;
    char* grouping;
    char* mon_decimal_point;
    char* mon_thousands_sep;
    char* mon_grouping;
    char* positive_sign;
    char* negative_sign;
    char* currency_symbol;
    char frac_digits;
    char p_cs_precedes;
    char n_cs_precedes;
    char p_sep_by_space;
    char n_sep_by_space;
    char p_sign_posn;
    char n_sign_posn;
    char* int_curr_symbol;
    char int_frac_digits;
    char int_p_cs_precedes;
    char int_n_cs_precedes;
    char int_p_sep_by_space;
    char int_n_sep_by_space;
    char int_p_sign_posn;
    char int_n_sign_posn;
};

/* Returns "C" for the locales above (or for a query, `locale` NULL); NULL for any other
 * locale or an unknown category. */
char* setlocale(int category, const char* locale);
struct lconv* localeconv(void);

#endif
