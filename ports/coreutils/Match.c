/* Match.c: grep's backtracking matcher (Match.h). Works on the pattern text as written:
 * an atom is one character, an escape "\c", or a bracket expression; a '*' after an atom
 * repeats it. Matching tries the pattern at each start position of the line; a starred
 * atom first takes as many characters as it can and gives them back one at a time until
 * the rest of the pattern matches. Worst case is polynomial in the line length with the
 * number of stars as exponent, which is fine for lines typed or logged by people. */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "Match.h"

/* The end of a bracket expression that starts at p ('['): the closing ']', or NULL. */
static const char* bracket_end(const char* p)
{
    ++p;
    if (*p == '^')
        ++p;
    if (*p == ']') /* a ']' first in the set is a member */
        ++p;
    while (*p && *p != ']')
        ++p;
    return *p ? p : 0;
}

/* Where the atom at p ends (the next character after it). p is well formed. */
static const char* atom_end(const char* p)
{
    if (*p == '\\')
        return p + 2;
    if (*p == '[')
        return bracket_end(p) + 1;
    return p + 1;
}

static int same(unsigned char a, unsigned char b, unsigned flags)
{
    if (a == b)
        return 1;
    return (flags & MATCH_IGNORE_CASE) && tolower(a) == tolower(b);
}

static int in_range(unsigned char low, unsigned char high, unsigned char c, unsigned flags)
{
    if (low <= c && c <= high)
        return 1;
    if (!(flags & MATCH_IGNORE_CASE))
        return 0;
    unsigned char lower = (unsigned char)tolower(c), upper = (unsigned char)toupper(c);
    return (low <= lower && lower <= high) || (low <= upper && upper <= high);
}

/* Does the bracket expression at p ('[') accept c? */
static int bracket_accepts(const char* p, unsigned char c, unsigned flags)
{
    ++p;
    int negate = *p == '^';
    if (negate)
        ++p;
    int found = 0;
    for (int first = 1; first || *p != ']'; first = 0) {
        unsigned char low = (unsigned char)*p, high = low;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            high = (unsigned char)p[2];
            p += 3;
        } else {
            p += 1;
        }
        if (in_range(low, high, c, flags))
            found = 1;
    }
    return found != negate;
}

/* Does the atom at p accept the character c? */
static int atom_accepts(const char* p, unsigned char c, unsigned flags)
{
    switch (*p) {
    case '.': return 1;
    case '[': return bracket_accepts(p, c, flags);
    case '\\': return same((unsigned char)p[1], c, flags);
    default: return same((unsigned char)*p, c, flags);
    }
}

/* Does the pattern p match text[at, length) from its very start (to anywhere)? */
static int match_here(const char* p, const char* text, size_t at, size_t length, unsigned flags)
{
    for (;;) {
        if (!*p)
            return 1;
        if (p[0] == '$' && !p[1])
            return at == length;
        const char* next = atom_end(p);
        if (*next == '*') {
            size_t count = 0;
            while (at + count < length && atom_accepts(p, (unsigned char)text[at + count], flags))
                ++count;
            for (;;) {
                if (match_here(next + 1, text, at + count, length, flags))
                    return 1;
                if (count == 0)
                    return 0;
                --count;
            }
        }
        if (at == length || !atom_accepts(p, (unsigned char)text[at], flags))
            return 0;
        p = next;
        ++at;
    }
}

const char* match_error(const char* pattern)
{
    for (const char* p = pattern; *p;) {
        if (*p == '\\') {
            if (!p[1])
                return "trailing backslash";
            p += 2;
        } else if (*p == '[') {
            const char* end = bracket_end(p);
            if (!end)
                return "unterminated [";
            const char* q = p + 1;
            if (*q == '^')
                ++q;
            for (int first = 1; first || *q != ']'; first = 0) {
                if (q[1] == '-' && q[2] && q[2] != ']') {
                    if ((unsigned char)q[0] > (unsigned char)q[2])
                        return "invalid range in []";
                    q += 3;
                } else {
                    q += 1;
                }
            }
            p = end + 1;
        } else {
            ++p;
        }
    }
    return 0;
}

int match_search(const char* pattern, const char* text, size_t length, unsigned flags)
{
    if (pattern[0] == '^')
        return match_here(pattern + 1, text, 0, length, flags);
    for (size_t at = 0; at <= length; ++at) {
        if (match_here(pattern, text, at, length, flags))
            return 1;
    }
    return 0;
}
