/* Directories: dir_list, list_free, dir_make (patchwork.h). */
#include <dirent.h>
#include <errno.h>
#include <patchwork.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "Internal.h"

static int by_bytes(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

char** dir_list(const char* path, size_t* count)
{
    DIR* directory = opendir(path);
    if (!directory)
        return 0;
    size_t used = 0, capacity = 16;
    char** names = malloc(capacity * sizeof(char*));
    struct dirent* entry;
    while (names && (entry = readdir(directory))) {
        if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
            continue;
        if (used + 1 == capacity) {
            char** bigger = realloc(names, capacity * 2 * sizeof(char*));
            if (!bigger)
                break;
            names = bigger;
            capacity *= 2;
        }
        if (!(names[used] = strdup(entry->d_name)))
            break;
        ++used;
    }
    int failed = !names || entry;
    closedir(directory);
    if (failed) {
        if (names) {
            names[used] = 0;
            list_free(names);
        }
        errno = ENOMEM;
        return 0;
    }
    names[used] = 0;
    qsort(names, used, sizeof(char*), by_bytes);
    if (count)
        *count = used;
    return names;
}

void list_free(char** list)
{
    if (!list)
        return;
    for (char** name = list; *name; ++name)
        free(*name);
    free(list);
}

int dir_make(const char* path)
{
    long fd = pw_open(F("%s:create:directory:parents", path));
    if (fd < 0)
        return -1;
    close((int)fd);
    return 0;
}
