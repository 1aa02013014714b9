/* <stdio.h>: C17 §7.21. Streams are buffered (stdout by line, stderr not at all, files
 * fully), the printf and scanf families are complete with floating point (the engine in
 * libc/format, docs/sdk/format.md). fopen's path may carry Tessera's flags as well
 * ("/dev/klog:nonblock"); the mode adds its own. */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

typedef struct __tl_file FILE;
typedef long long fpos_t;

#define EOF (-1)
#define BUFSIZ 4096
#define FOPEN_MAX 64
#define FILENAME_MAX 4096
#define L_tmpnam 32
#define TMP_MAX 10000
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

extern FILE* stdin;
extern FILE* stdout;
extern FILE* stderr;

FILE* fopen(const char* restrict path, const char* restrict mode);
FILE* fdopen(int fd, const char* mode);
int fclose(FILE* stream);
int fflush(FILE* stream);
int setvbuf(FILE* restrict stream, char* restrict buffer, int mode, size_t size);
void setbuf(FILE* restrict stream, char* restrict buffer);
int fileno(FILE* stream);

size_t fread(void* restrict buffer, size_t size, size_t count, FILE* restrict stream);
size_t fwrite(const void* restrict buffer, size_t size, size_t count, FILE* restrict stream);
int fgetc(FILE* stream);
int getc(FILE* stream);
int getchar(void);
int ungetc(int c, FILE* stream);
char* fgets(char* restrict buffer, int size, FILE* restrict stream);
int fputc(int c, FILE* stream);
int putc(int c, FILE* stream);
int putchar(int c);
int fputs(const char* restrict text, FILE* restrict stream);
int puts(const char* text);

int fseek(FILE* stream, long offset, int whence);
long ftell(FILE* stream);
void rewind(FILE* stream);
int fgetpos(FILE* restrict stream, fpos_t* restrict position);
int fsetpos(FILE* stream, const fpos_t* position);
int feof(FILE* stream);
int ferror(FILE* stream);
void clearerr(FILE* stream);
void perror(const char* prefix);
int remove(const char* path);
int rename(const char* from, const char* to);

int printf(const char* restrict format, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE* restrict stream, const char* restrict format, ...) __attribute__((format(printf, 2, 3)));
int sprintf(char* restrict buffer, const char* restrict format, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char* restrict buffer, size_t size, const char* restrict format, ...) __attribute__((format(printf, 3, 4)));
int vprintf(const char* restrict format, va_list args);
int vfprintf(FILE* restrict stream, const char* restrict format, va_list args);
int vsprintf(char* restrict buffer, const char* restrict format, va_list args);
int vsnprintf(char* restrict buffer, size_t size, const char* restrict format, va_list args);

int scanf(const char* restrict format, ...) __attribute__((format(scanf, 1, 2)));
int fscanf(FILE* restrict stream, const char* restrict format, ...) __attribute__((format(scanf, 2, 3)));
int sscanf(const char* restrict input, const char* restrict format, ...) __attribute__((format(scanf, 2, 3)));
int vscanf(const char* restrict format, va_list args);
int vfscanf(FILE* restrict stream, const char* restrict format, va_list args);
int vsscanf(const char* restrict input, const char* restrict format, va_list args);

#endif
