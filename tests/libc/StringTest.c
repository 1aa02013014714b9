/* <string.h> */
#include <string.h>

#include "Check.h"

void test_string(void)
{
    char buffer[256];
    CHECK(strlen("") == 0 && strlen("tessera") == 7);
    CHECK(strnlen("tessera", 3) == 3 && strnlen("ab", 10) == 2);
    CHECK(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && strcmp("same", "same") == 0);
    CHECK(strcmp("\xff", "a") > 0); /* compared as unsigned char */
    CHECK(strncmp("abcdef", "abcxyz", 3) == 0 && strncmp("abc", "abd", 3) < 0);
    CHECK(strcpy(buffer, "copy") == buffer && strcmp(buffer, "copy") == 0);
    CHECK(strcat(buffer, " and more") == buffer && strcmp(buffer, "copy and more") == 0);
    strncpy(buffer, "ab", 5);
    CHECK(buffer[0] == 'a' && buffer[2] == 0 && buffer[4] == 0);
    strcpy(buffer, "x");
    CHECK(strcmp(strncat(buffer, "yzw", 2), "xyz") == 0);
    const char* s = "hello";
    CHECK(strchr(s, 'l') == s + 2 && strrchr(s, 'l') == s + 3 && strchr(s, 'z') == 0);
    CHECK(strchr(s, 0) == s + 5 && strrchr(s, 0) == s + 5);
    const char* h = "haystack";
    CHECK(strstr(h, "st") == h + 3 && strstr(h, "") == h && strstr(h, "needle") == 0);
    CHECK(strspn("aabbc", "ab") == 4 && strcspn("hello, world", ", ") == 5);
    CHECK(*strpbrk(h, "kc") == 'c' && strpbrk(h, "xzq") == 0);

    /* mem*: every length up to 300 and every offset up to 16, against a byte loop. */
    unsigned char a[320], b[320];
    for (int offset = 0; offset < 16; ++offset) {
        for (int n = 0; n < 300; n += 7) {
            for (int i = 0; i < 320; ++i)
                a[i] = (unsigned char)(i * 31 + offset), b[i] = 0xee;
            memcpy(b + offset, a, (size_t)n);
            int same = 1;
            for (int i = 0; i < n; ++i)
                same &= b[offset + i] == a[i];
            CHECK(same && b[offset + n] == 0xee && (offset == 0 || b[offset - 1] == 0xee));
            memset(b + offset, 0x5a, (size_t)n);
            same = 1;
            for (int i = 0; i < n; ++i)
                same &= b[offset + i] == 0x5a;
            CHECK(same && b[offset + n] == 0xee);
        }
    }
    for (int i = 0; i < 100; ++i)
        a[i] = (unsigned char)i;
    memmove(a + 10, a, 50); /* overlapping, forwards */
    CHECK(a[10] == 0 && a[59] == 49);
    memmove(a, a + 10, 50); /* overlapping, backwards */
    CHECK(a[0] == 0 && a[49] == 49);
    CHECK(memcmp("abc", "abd", 3) < 0 && memcmp("abc", "abd", 2) == 0 && memcmp("\x80", "\x7f", 1) > 0);
    const char* m = "hello";
    CHECK(memchr(m, 'l', 5) == m + 2 && memchr(m, 'l', 2) == 0);

    char text[] = "a,b,,c";
    char* state;
    char* t1 = strtok_r(text, ",", &state);
    char* t2 = strtok_r(0, ",", &state);
    char* t3 = strtok_r(0, ",", &state);
    CHECK(t1 && strcmp(t1, "a") == 0 && t2 && strcmp(t2, "b") == 0 && t3 && strcmp(t3, "c") == 0);
    CHECK(strtok_r(0, ",", &state) == 0);
    CHECK(strcoll("a", "b") < 0 && strxfrm(buffer, "xfrm", sizeof(buffer)) == 4 && strcmp(buffer, "xfrm") == 0);
    CHECK(strcmp(strerror(0), "no error") == 0 && strerror(12345) != 0);
}
