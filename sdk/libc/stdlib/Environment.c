/* getenv (C17 §7.22.4.6) over the envp the kernel laid out (crt/Start.c sets environ). */
#include <stdlib.h>
#include <string.h>

char** environ;

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
