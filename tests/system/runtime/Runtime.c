/* Runtime: see Runtime.h. */
#include "Runtime.h"

char** environ;

size_t strlen(const char* s)
{
    size_t n = 0;
    while (s[n])
        ++n;
    return n;
}

int strcmp(const char* a, const char* b)
{
    while (*a && *a == *b) {
        ++a;
        ++b;
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char* a, const char* b, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        if (a[i] != b[i] || !a[i])
            return (unsigned char)a[i] - (unsigned char)b[i];
    }
    return 0;
}

void* memcpy(void* d, const void* s, size_t n)
{
    void* start = d;
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return start;
}

void* memset(void* d, int c, size_t n)
{
    void* start = d;
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return start;
}

int memcmp(const void* a, const void* b, size_t n)
{
    const unsigned char* x = a;
    const unsigned char* y = b;
    for (size_t i = 0; i < n; ++i) {
        if (x[i] != y[i])
            return x[i] - y[i];
    }
    return 0;
}

void print(const char* text) { ts_write(1, (long)text, (long)strlen(text)); }

void append(char* buffer, size_t size, const char* text)
{
    size_t used = strlen(buffer);
    while (*text && used + 1 < size)
        buffer[used++] = *text++;
    buffer[used] = '\0';
}

void append_number(char* buffer, size_t size, long value)
{
    char digits[24];
    int n = 0;
    unsigned long v = value < 0 ? -(unsigned long)value : (unsigned long)value;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    char text[26];
    int t = 0;
    if (value < 0)
        text[t++] = '-';
    while (n)
        text[t++] = digits[--n];
    text[t] = '\0';
    append(buffer, size, text);
}

long read_file(const char* path, char* buffer, size_t size)
{
    long fd = open_path(path);
    if (fd < 0)
        return fd;
    size_t used = 0;
    for (;;) {
        long n = ts_read(fd, (long)(buffer + used), (long)(size - 1 - used));
        if (n < 0) {
            ts_close(fd);
            return n;
        }
        if (n == 0 || used + n >= size - 1) {
            used += n;
            break;
        }
        used += n;
    }
    buffer[used] = '\0';
    ts_close(fd);
    return (long)used;
}

long write_file(const char* path, const char* text)
{
    long fd = open_path(path);
    if (fd < 0)
        return fd;
    long n = ts_write(fd, (long)text, (long)strlen(text));
    ts_close(fd);
    return n;
}

void proc_path(char* buffer, size_t size, long pid, const char* leaf)
{
    buffer[0] = '\0';
    append(buffer, size, "/proc/");
    append_number(buffer, size, pid);
    append(buffer, size, "/");
    append(buffer, size, leaf);
}

long wait_for(long pid, char* buffer, size_t size)
{
    char path[64];
    proc_path(path, sizeof(path), pid, "wait");
    return read_file(path, buffer, size);
}

static void (*g_note_handler)(const char* note);

static void note_entry(const char* note)
{
    g_note_handler(note);
    ts_note_done();
}

long on_note(void (*handler)(const char* note))
{
    g_note_handler = handler;
    return ts_notify(handler ? (long)note_entry : 0);
}

long open_path(const char* path) { return ts_open((long)path, (long)strlen(path)); }

_Noreturn void exit_with(const char* status)
{
    ts_exit((long)status, (long)strlen(status));
    __builtin_unreachable();
}

_Noreturn void runtime_start(long* stack)
{
    int argc = (int)stack[0];
    char** argv = (char**)(stack + 1);
    environ = argv + argc + 1;
    int result = main(argc, argv);
    exit_with(result == 0 ? "ok" : "failed");
}
