/* Multibyte and wide characters (C17 §7.22.7, §7.22.8) in the C locale, the only one:
 * every byte is one character, and byte b is the wide character b (MB_CUR_MAX 1). No
 * encoding has shift states, so the functions keep none and report so (a NULL string
 * gives 0). A wide character above 255 has no byte: EILSEQ. */
#include <errno.h>
#include <stdlib.h>

int mblen(const char* text, size_t size) { return mbtowc(0, text, size); }

int mbtowc(wchar_t* restrict out, const char* restrict text, size_t size)
{
    if (!text)
        return 0;
    if (size == 0)
        return -1; /* not even one byte to look at */
    unsigned char byte = (unsigned char)*text;
    if (out)
        *out = (wchar_t)byte;
    return byte != 0;
}

int wctomb(char* text, wchar_t wide)
{
    if (!text)
        return 0;
    if (wide < 0 || wide > 255) {
        errno = EILSEQ;
        return -1;
    }
    *text = (char)wide;
    return 1;
}

/* Stops after `size` wide characters or at the NUL, which is stored when it fits and not
 * counted. With `out` NULL (POSIX) it only counts. */
size_t mbstowcs(wchar_t* restrict out, const char* restrict text, size_t size)
{
    size_t n = 0;
    for (; !out || n < size; ++n) {
        unsigned char byte = (unsigned char)text[n];
        if (out)
            out[n] = (wchar_t)byte;
        if (byte == 0)
            break;
    }
    return n;
}

size_t wcstombs(char* restrict out, const wchar_t* restrict text, size_t size)
{
    size_t n = 0;
    for (; !out || n < size; ++n) {
        wchar_t wide = text[n];
        if (wide < 0 || wide > 255) {
            errno = EILSEQ;
            return (size_t)-1;
        }
        if (out)
            out[n] = (char)wide;
        if (wide == 0)
            break;
    }
    return n;
}
