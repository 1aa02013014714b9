/* <stdlib.h>: C17 §7.22: numeric conversions, random numbers, memory allocation,
 * program termination, environment, integer arithmetic, searching and sorting, and the
 * multibyte functions of the C locale (one byte, one character). */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff
#define MB_CUR_MAX ((size_t)1)

typedef struct { int quot, rem; } div_t;
typedef struct { long quot, rem; } ldiv_t;
typedef struct { long long quot, rem; } lldiv_t;

double atof(const char* text);
int atoi(const char* text);
long atol(const char* text);
long long atoll(const char* text);
double strtod(const char* restrict text, char** restrict end);
float strtof(const char* restrict text, char** restrict end);
long double strtold(const char* restrict text, char** restrict end);
long strtol(const char* restrict text, char** restrict end, int base);
long long strtoll(const char* restrict text, char** restrict end, int base);
unsigned long strtoul(const char* restrict text, char** restrict end, int base);
unsigned long long strtoull(const char* restrict text, char** restrict end, int base);

int rand(void);
void srand(unsigned seed);

void* malloc(size_t size);
void* calloc(size_t count, size_t size);
void* realloc(void* pointer, size_t size);
void* aligned_alloc(size_t alignment, size_t size);
void free(void* pointer);

_Noreturn void exit(int status);
_Noreturn void _Exit(int status);
_Noreturn void abort(void);
int atexit(void (*function)(void));

extern char** environ;
char* getenv(const char* name);
/* POSIX. On Tessera they also change the kernel's copy (/proc/self/env/), which is what
 * spawned children inherit. */
int setenv(const char* name, const char* value, int overwrite);
int unsetenv(const char* name);

int abs(int x);
long labs(long x);
long long llabs(long long x);
div_t div(int n, int d);
ldiv_t ldiv(long n, long d);
lldiv_t lldiv(long long n, long long d);

int mblen(const char* text, size_t size);
int mbtowc(wchar_t* restrict out, const char* restrict text, size_t size);
int wctomb(char* text, wchar_t wide);
size_t mbstowcs(wchar_t* restrict out, const char* restrict text, size_t size);
size_t wcstombs(char* restrict out, const wchar_t* restrict text, size_t size);

void qsort(void* base, size_t count, size_t size, int (*compare)(const void*, const void*));
void* bsearch(const void* key, const void* base, size_t count, size_t size, int (*compare)(const void*, const void*));

#endif
