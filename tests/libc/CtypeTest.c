/* <ctype.h>: every character of the C locale against the standard's definitions. */
#include <ctype.h>

#include "Check.h"

void test_ctype(void)
{
    int digits = 0, alpha = 0, space = 0, punct = 0, print = 0, cntrl = 0, xdigit = 0;
    for (int c = -1; c < 256; ++c) {
        digits += isdigit(c) != 0;
        alpha += isalpha(c) != 0;
        space += isspace(c) != 0;
        punct += ispunct(c) != 0;
        print += isprint(c) != 0;
        cntrl += iscntrl(c) != 0;
        xdigit += isxdigit(c) != 0;
        CHECK(!isalnum(c) == !(isalpha(c) || isdigit(c)));
        CHECK(!isgraph(c) == !(isprint(c) && c != ' '));
        if (isupper(c))
            CHECK(islower(tolower(c)) && toupper(tolower(c)) == c);
    }
    CHECK(digits == 10 && alpha == 52 && space == 6 && punct == 32 && print == 95 && cntrl == 33 && xdigit == 22);
    CHECK(isblank(' ') && isblank('\t') && !isblank('\n'));
    CHECK(tolower('1') == '1' && toupper(-1) == -1);
}
