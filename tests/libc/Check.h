/* The libc test suite's tiny harness: the same C files run on Tessera (built with the
 * installed SDK, booted as init) and on the Linux host (the libc on its Linux OS layer).
 * CHECK records a failure with its line and goes on; main reports "ok" or the count. */
#ifndef TESSERA_LIBC_CHECK_H
#define TESSERA_LIBC_CHECK_H

void check_failed(const char* file, int line, const char* condition);
extern int g_checks;

#define CHECK(condition)                                     \
    do {                                                     \
        ++g_checks;                                          \
        if (!(condition))                                    \
            check_failed(__FILE__, __LINE__, #condition);    \
    } while (0)

void test_string(void);
void test_ctype(void);
void test_stdlib(void);
void test_malloc(void);
void test_stdio(void);
void test_files(void);
void test_math(void);
void test_setjmp(void);
void test_patchwork(void);
/* The child half of the patchwork tests (libc-tests --child...). */
int patchwork_child(const char* mode);
void test_threads(void);
void test_random(void);
void test_time(void);
void test_locale(void);
void test_signal(void);
void test_open(void);

#endif
