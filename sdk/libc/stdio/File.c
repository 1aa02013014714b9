/* Streams (C17 §7.21.5-7.21.9): FILE objects over descriptors, with a buffer each.
 *
 * A stream is in one of two directions at a time: after a read its buffer holds input
 * (position..length unread); after a write it holds output not yet written. Switching
 * direction flushes output or drops read-ahead (seeking the descriptor back over it),
 * so reads and writes through one stream see each other. stdout is line buffered,
 * stderr unbuffered, every other stream fully buffered with BUFSIZ bytes.
 *
 * Threads: each public function holds the stream's lock (Stream.h) for its whole run;
 * the table of open streams has its own lock. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../os/Os.h"
#include "Stream.h"

static unsigned char g_stdout_buffer[BUFSIZ];
static unsigned char g_stdin_buffer[BUFSIZ];
static struct __tl_file g_stdin = { .fd = 0, .flags = FILE_READ, .mode = _IOFBF, .buffer = g_stdin_buffer, .capacity = BUFSIZ, .unget = EOF };
static struct __tl_file g_stdout = { .fd = 1, .flags = FILE_WRITE, .mode = _IOLBF, .buffer = g_stdout_buffer, .capacity = BUFSIZ, .unget = EOF };
static struct __tl_file g_stderr = { .fd = 2, .flags = FILE_WRITE, .mode = _IONBF, .unget = EOF };
FILE* stdin = &g_stdin;
FILE* stdout = &g_stdout;
FILE* stderr = &g_stderr;

/* Every open stream, for fflush(NULL) and exit. */
static int g_open_lock;
static FILE* g_open[FOPEN_MAX] = { &g_stdin, &g_stdout, &g_stderr }; /* under g_open_lock */

static int write_all(FILE* f, const unsigned char* data, size_t size)
{
    while (size) {
        long n = __os_write(f->fd, data, size);
        if (n <= 0) {
            f->error = 1;
            errno = n < 0 ? (int)-n : EIO;
            return EOF;
        }
        data += n;
        size -= (size_t)n;
    }
    return 0;
}

int __tl_flush_output(FILE* f)
{
    if (f->direction != DIRECTION_WRITE || f->length == 0)
        return 0;
    int result = write_all(f, f->buffer, f->length);
    f->length = 0;
    return result;
}

/* Drops unread input, moving the descriptor back over it (for a seek or a write). */
static void drop_input(FILE* f)
{
    if (f->direction != DIRECTION_READ)
        return;
    long long unread = (long long)(f->length - f->position) + (f->unget != EOF);
    if (unread)
        __os_seek(f->fd, -unread, SEEK_CUR);
    f->position = f->length = 0;
    f->unget = EOF;
}

int __tl_prepare_write(FILE* f)
{
    if (!(f->flags & FILE_WRITE)) {
        f->error = 1;
        errno = EBADF;
        return EOF;
    }
    if (f->direction == DIRECTION_READ)
        drop_input(f);
    f->direction = DIRECTION_WRITE;
    return 0;
}

int __tl_put(FILE* f, const char* data, size_t size)
{
    if (__tl_prepare_write(f) == EOF)
        return EOF;
    if (f->mode == _IONBF || !f->buffer)
        return write_all(f, (const unsigned char*)data, size);
    while (size) {
        size_t room = f->capacity - f->length;
        size_t chunk = size < room ? size : room;
        memcpy(f->buffer + f->length, data, chunk);
        f->length += chunk;
        data += chunk;
        size -= chunk;
        if (f->length == f->capacity && __tl_flush_output(f) == EOF)
            return EOF;
    }
    if (f->mode == _IOLBF && f->length && memchr(f->buffer, '\n', f->length))
        return __tl_flush_output(f);
    return 0;
}

/* The next input byte, or EOF (end of file or error, which the flags record). */
int __tl_get(FILE* f)
{
    if (f->unget != EOF) {
        int c = f->unget;
        f->unget = EOF;
        return c;
    }
    if (!(f->flags & FILE_READ)) {
        f->error = 1;
        errno = EBADF;
        return EOF;
    }
    if (f->direction == DIRECTION_WRITE && __tl_flush_output(f) == EOF)
        return EOF;
    f->direction = DIRECTION_READ;
    if (f->position == f->length) {
        /* Reading stdin flushes stdout first, so a prompt shows before the wait. */
        if (f == stdin)
            fflush(stdout);
        unsigned char single;
        unsigned char* target = f->buffer ? f->buffer : &single;
        long n = __os_read(f->fd, target, f->buffer ? f->capacity : 1);
        if (n <= 0) {
            if (n < 0) {
                f->error = 1;
                errno = (int)-n;
            } else {
                f->eof = 1;
            }
            return EOF;
        }
        if (!f->buffer)
            return single;
        f->position = 0;
        f->length = (size_t)n;
    }
    return f->buffer[f->position++];
}

static int parse_mode(const char* mode, unsigned* flags, char* suffix, size_t size)
{
    int plus = strchr(mode, '+') != 0, exclusive = strchr(mode, 'x') != 0;
    const char* flags_text;
    switch (mode[0]) {
    case 'r': flags_text = plus ? ":rw" : ":r"; *flags = plus ? FILE_READ | FILE_WRITE : FILE_READ; break;
    case 'w': flags_text = plus ? ":rw:create:truncate" : ":w:create:truncate"; *flags = plus ? FILE_READ | FILE_WRITE : FILE_WRITE; break;
    case 'a': flags_text = plus ? ":rw:create:append" : ":w:create:append"; *flags = plus ? FILE_READ | FILE_WRITE : FILE_WRITE; break;
    default: return -1;
    }
    if (strlen(flags_text) + 11 >= size)
        return -1;
    strcpy(suffix, flags_text);
    if (exclusive)
        strcat(suffix, ":exclusive");
    return 0;
}

static FILE* make_stream(int fd, unsigned flags)
{
    FILE* f = calloc(1, sizeof(FILE));
    unsigned char* buffer = malloc(BUFSIZ);
    if (!f || !buffer) {
        free(f);
        free(buffer);
        errno = ENOMEM;
        return 0;
    }
    f->fd = fd;
    f->flags = flags | FILE_OWNS_BUFFER | FILE_ALLOCATED;
    f->mode = _IOFBF;
    f->buffer = buffer;
    f->capacity = BUFSIZ;
    f->unget = EOF;
    __tl_lock(&g_open_lock);
    for (int i = 0; i < FOPEN_MAX; ++i) {
        if (!g_open[i]) {
            g_open[i] = f;
            __tl_unlock(&g_open_lock);
            return f;
        }
    }
    __tl_unlock(&g_open_lock);
    free(buffer);
    free(f);
    errno = EMFILE_OR_NOSPACE;
    return 0;
}

FILE* fopen(const char* restrict path, const char* restrict mode)
{
    unsigned flags;
    char suffix[48];
    if (parse_mode(mode, &flags, suffix, sizeof(suffix)) != 0) {
        errno = EINVAL;
        return 0;
    }
    long fd = __os_open_with(path, suffix);
    if (fd < 0) {
        errno = (int)-fd;
        return 0;
    }
    FILE* f = make_stream((int)fd, flags);
    if (!f)
        __os_close((int)fd);
    return f;
}

FILE* fdopen(int fd, const char* mode)
{
    unsigned flags;
    char suffix[48];
    if (fd < 0 || parse_mode(mode, &flags, suffix, sizeof(suffix)) != 0) {
        errno = EINVAL;
        return 0;
    }
    return make_stream(fd, flags);
}

int fclose(FILE* f)
{
    /* Out of the table first (waiting out a fflush(NULL) that may be using it), then
     * flushed and closed under its own lock. */
    __tl_lock(&g_open_lock);
    for (int i = 0; i < FOPEN_MAX; ++i) {
        if (g_open[i] == f)
            g_open[i] = 0;
    }
    __tl_unlock(&g_open_lock);
    __tl_file_lock(f);
    int result = fflush(f);
    if (__os_close(f->fd) < 0)
        result = EOF;
    if (f->flags & FILE_OWNS_BUFFER)
        free(f->buffer);
    if (f->flags & FILE_ALLOCATED) {
        __tl_file_unlock(f);
        free(f);
    } else {
        f->flags = 0; /* a standard stream: closed for good */
        __tl_file_unlock(f);
    }
    return result;
}

/* fflush(NULL) and exit: every stream holding output (C17 §7.21.5.2 leaves input
 * streams out). A stream last used for input is skipped without taking its lock, so a
 * thread blocked reading one (stdin, typically) cannot hold up the flush or exit. */
static int flush_all(void)
{
    int result = 0;
    __tl_lock(&g_open_lock);
    for (int i = 0; i < FOPEN_MAX; ++i) {
        FILE* f = g_open[i];
        if (!f || __atomic_load_n(&f->direction, __ATOMIC_RELAXED) != DIRECTION_WRITE)
            continue;
        __tl_file_lock(f);
        if (__tl_flush_output(f) == EOF)
            result = EOF;
        __tl_file_unlock(f);
    }
    __tl_unlock(&g_open_lock);
    return result;
}

int fflush(FILE* f)
{
    if (!f)
        return flush_all();
    __tl_file_lock(f);
    int result = 0;
    if (f->direction == DIRECTION_WRITE)
        result = __tl_flush_output(f);
    else
        drop_input(f);
    __tl_file_unlock(f);
    return result;
}

int setvbuf(FILE* restrict f, char* restrict buffer, int mode, size_t size)
{
    if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF)
        return -1;
    __tl_file_lock(f);
    int result = -1;
    if (f->direction == DIRECTION_NONE) {
        f->mode = mode;
        if (mode != _IONBF && buffer && size) {
            if (f->flags & FILE_OWNS_BUFFER)
                free(f->buffer);
            f->flags &= ~FILE_OWNS_BUFFER;
            f->buffer = (unsigned char*)buffer;
            f->capacity = size;
        }
        result = 0;
    }
    __tl_file_unlock(f);
    return result;
}

void setbuf(FILE* restrict f, char* restrict buffer) { setvbuf(f, buffer, buffer ? _IOFBF : _IONBF, BUFSIZ); }
int fileno(FILE* f) { return f->fd; }

size_t fwrite(const void* restrict buffer, size_t size, size_t count, FILE* restrict f)
{
    if (size == 0 || count == 0)
        return 0;
    __tl_file_lock(f);
    size_t result = __tl_put(f, buffer, size * count) == EOF ? 0 : count;
    __tl_file_unlock(f);
    return result;
}

size_t fread(void* restrict buffer, size_t size, size_t count, FILE* restrict f)
{
    unsigned char* out = buffer;
    size_t total = size * count, done = 0;
    if (size == 0 || count == 0)
        return 0;
    __tl_file_lock(f);
    while (done < total) {
        int c = __tl_get(f);
        if (c == EOF)
            break;
        out[done++] = (unsigned char)c;
        /* Bulk copy what the buffer already holds. */
        if (f->buffer && f->direction == DIRECTION_READ) {
            size_t available = f->length - f->position, want = total - done;
            size_t chunk = available < want ? available : want;
            memcpy(out + done, f->buffer + f->position, chunk);
            f->position += chunk;
            done += chunk;
        }
    }
    __tl_file_unlock(f);
    return done / size;
}

int fgetc(FILE* f)
{
    __tl_file_lock(f);
    int c = __tl_get(f);
    __tl_file_unlock(f);
    return c;
}

int getc(FILE* f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

int ungetc(int c, FILE* f)
{
    if (c == EOF)
        return EOF;
    __tl_file_lock(f);
    int result = EOF;
    if (f->unget == EOF) {
        f->unget = (unsigned char)c;
        f->eof = 0;
        result = (unsigned char)c;
    }
    __tl_file_unlock(f);
    return result;
}

char* fgets(char* restrict buffer, int size, FILE* restrict f)
{
    if (size <= 0)
        return 0;
    __tl_file_lock(f);
    int n = 0;
    while (n < size - 1) {
        int c = __tl_get(f);
        if (c == EOF)
            break;
        buffer[n++] = (char)c;
        if (c == '\n')
            break;
    }
    __tl_file_unlock(f);
    if (n == 0)
        return 0;
    buffer[n] = 0;
    return buffer;
}

int fputc(int c, FILE* f)
{
    char ch = (char)c;
    __tl_file_lock(f);
    int result = __tl_put(f, &ch, 1) == EOF ? EOF : (unsigned char)c;
    __tl_file_unlock(f);
    return result;
}

int putc(int c, FILE* f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char* restrict text, FILE* restrict f)
{
    __tl_file_lock(f);
    int result = __tl_put(f, text, strlen(text)) == EOF ? EOF : 0;
    __tl_file_unlock(f);
    return result;
}

int puts(const char* text)
{
    __tl_file_lock(stdout);
    int result = 0;
    if (__tl_put(stdout, text, strlen(text)) == EOF || __tl_put(stdout, "\n", 1) == EOF)
        result = EOF;
    __tl_file_unlock(stdout);
    return result;
}

int fseek(FILE* f, long offset, int whence)
{
    __tl_file_lock(f);
    int status = -1;
    if (fflush(f) != EOF) {
        long result = __os_seek(f->fd, offset, whence);
        if (result < 0) {
            errno = (int)-result;
        } else {
            f->eof = 0;
            f->direction = DIRECTION_NONE;
            status = 0;
        }
    }
    __tl_file_unlock(f);
    return status;
}

long ftell(FILE* f)
{
    __tl_file_lock(f);
    long position = __os_seek(f->fd, 0, SEEK_CUR);
    if (position < 0) {
        errno = (int)-position;
        position = -1;
    } else if (f->direction == DIRECTION_READ) {
        position -= (long)(f->length - f->position) + (f->unget != EOF);
    } else if (f->direction == DIRECTION_WRITE) {
        position += (long)f->length;
    }
    __tl_file_unlock(f);
    return position;
}

void rewind(FILE* f)
{
    __tl_file_lock(f);
    fseek(f, 0, SEEK_SET);
    f->error = 0;
    __tl_file_unlock(f);
}

int fgetpos(FILE* restrict f, fpos_t* restrict position)
{
    long p = ftell(f);
    if (p < 0)
        return -1;
    *position = p;
    return 0;
}

int fsetpos(FILE* f, const fpos_t* position) { return fseek(f, (long)*position, SEEK_SET); }
int feof(FILE* f)
{
    __tl_file_lock(f);
    int eof = f->eof;
    __tl_file_unlock(f);
    return eof;
}

int ferror(FILE* f)
{
    __tl_file_lock(f);
    int error = f->error;
    __tl_file_unlock(f);
    return error;
}

void clearerr(FILE* f)
{
    __tl_file_lock(f);
    f->eof = 0;
    f->error = 0;
    __tl_file_unlock(f);
}

void perror(const char* prefix)
{
    int error = errno;
    __tl_file_lock(stderr); /* one message, not interleaved with another thread's */
    if (prefix && *prefix) {
        fputs(prefix, stderr);
        fputs(": ", stderr);
    }
    fputs(strerror(error), stderr);
    fputc('\n', stderr);
    __tl_file_unlock(stderr);
}

/* Called by exit (stdlib/Exit.c) after the atexit handlers. */
void __tl_stdio_exit(void) { flush_all(); }
