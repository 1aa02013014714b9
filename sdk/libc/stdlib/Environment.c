/* getenv (C17 §7.22.4.6), setenv and unsetenv (POSIX) over the envp the kernel laid out
 * (crt/Start.c sets environ). Tessera keeps each process's environment in the kernel
 * (/proc/<pid>/env/), and that copy is what spawned children inherit, so setenv and
 * unsetenv change both: the kernel's through the OS layer, then environ. The first
 * change copies environ into memory of our own; entries we made are malloc'd and freed
 * when replaced, the kernel's originals never are. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../os/Os.h"

char** environ;
static char** g_owned_environ; /* environ, once it is ours */
static size_t g_capacity;

static int valid_name(const char* name) { return name && *name && !strchr(name, '='); }

char* getenv(const char* name)
{
    size_t length = strlen(name);
    if (!environ || length == 0 || strchr(name, '='))
        return 0;
    for (char** e = environ; *e; ++e) {
        if (strncmp(*e, name, length) == 0 && (*e)[length] == '=')
            return *e + length + 1;
    }
    return 0;
}

/* Is this entry one we allocated? Originals lie in the initial stack. */
static char** g_made;
static size_t g_made_count, g_made_capacity;

static int made_here(const char* entry)
{
    for (size_t i = 0; i < g_made_count; ++i) {
        if (g_made[i] == entry)
            return 1;
    }
    return 0;
}

static void forget(char* entry)
{
    for (size_t i = 0; i < g_made_count; ++i) {
        if (g_made[i] == entry) {
            g_made[i] = g_made[--g_made_count];
            free(entry);
            return;
        }
    }
}

/* Grows the list of entries we made; 0 without memory. */
static int made_room(void)
{
    size_t capacity = g_made_capacity * 2 + 8;
    char** bigger = realloc(g_made, capacity * sizeof(char*));
    if (!bigger)
        return 0;
    g_made = bigger;
    g_made_capacity = capacity;
    return 1;
}

static size_t count_entries(void)
{
    size_t n = 0;
    while (environ && environ[n])
        ++n;
    return n;
}

/* Makes environ ours with room for one more entry. */
static int reserve(size_t needed)
{
    if (g_owned_environ == environ && needed < g_capacity)
        return 0;
    size_t capacity = needed * 2 + 8;
    char** copy = malloc(capacity * sizeof(char*));
    if (!copy)
        return -1;
    size_t n = count_entries();
    if (n)
        memcpy(copy, environ, n * sizeof(char*));
    copy[n] = 0;
    if (g_owned_environ == environ)
        free(g_owned_environ);
    environ = g_owned_environ = copy;
    g_capacity = capacity;
    return 0;
}

static char** find(const char* name)
{
    size_t length = strlen(name);
    for (char** e = environ; e && *e; ++e) {
        if (strncmp(*e, name, length) == 0 && (*e)[length] == '=')
            return e;
    }
    return 0;
}

int setenv(const char* name, const char* value, int overwrite)
{
    if (!valid_name(name)) {
        errno = EINVAL;
        return -1;
    }
    char** existing = find(name);
    if (existing && !overwrite)
        return 0;
    size_t name_length = strlen(name), value_length = strlen(value);
    char* entry = malloc(name_length + value_length + 2);
    if (!entry || (g_made_count == g_made_capacity && !made_room())) {
        free(entry);
        errno = ENOMEM;
        return -1;
    }
    memcpy(entry, name, name_length);
    entry[name_length] = '=';
    memcpy(entry + name_length + 1, value, value_length + 1);
    long result = __os_setenv(name, value);
    if (result < 0 || reserve(count_entries() + 1) < 0) {
        free(entry);
        errno = result < 0 ? (int)-result : ENOMEM;
        return -1;
    }
    existing = find(name);
    if (existing) {
        if (made_here(*existing))
            forget(*existing);
        *existing = entry;
    } else {
        size_t n = count_entries();
        environ[n] = entry;
        environ[n + 1] = 0;
    }
    g_made[g_made_count++] = entry;
    return 0;
}

int unsetenv(const char* name)
{
    if (!valid_name(name)) {
        errno = EINVAL;
        return -1;
    }
    long result = __os_unsetenv(name);
    if (result < 0) {
        errno = (int)-result;
        return -1;
    }
    char** e;
    while ((e = find(name))) {
        if (made_here(*e))
            forget(*e);
        do
            e[0] = e[1];
        while (*e++);
    }
    return 0;
}
