/* Match.h: the regular expressions grep understands, a small subset of POSIX basic
 * regular expressions matched by backtracking straight from the pattern text (nothing is
 * compiled). Depends on <stddef.h>, <string.h> and <ctype.h> only, so it builds for the
 * host too (tests/match_test.c).
 *
 *     c       a character matches itself
 *     .       any character
 *     [abc]   one of a set; ranges "a-z"; "[^...]" any character not in the set; a ']'
 *             first in the set and a '-' first or last are literal; inside brackets a
 *             backslash is an ordinary character (as in POSIX)
 *     \c      c literally (\. \* \[ \\ \^ \$)
 *     x*      zero or more of the atom x (longest first, then shorter)
 *     ^       at the start of the pattern: the start of the line; elsewhere literal
 *     $       at the end of the pattern: the end of the line; elsewhere literal
 *     *       first in the pattern (after an optional ^): literal
 *
 * Not supported: \( \) groups, \{m,n\}, back references, [:class:] names. */
#ifndef COREUTILS_MATCH_H
#define COREUTILS_MATCH_H

#include <stddef.h>

#define MATCH_IGNORE_CASE 0x1

/* NULL when pattern is well formed, otherwise why not ("unterminated [", ...). Check
 * this once before matching: match_search assumes a well-formed pattern. */
const char* match_error(const char* pattern);

/* 1 when pattern matches somewhere in text[0, length) (which may hold NULs), else 0. */
int match_search(const char* pattern, const char* text, size_t length, unsigned flags);

#endif
