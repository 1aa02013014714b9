/* ls [-l] [-a] [path...]: names the files among the operands, then lists each directory
 * operand (with a "path:" heading when there is more than one operand). Everything comes
 * out sorted bytewise; names starting with '.' show only with -a, which also adds "."
 * and "..". -l gives one line per file:
 *     drwx    2        0 name
 *     lrwx    1        9 link -> target
 * the kind (d directory, - file, l symbolic link, c device), the permissions the file
 * allows at most (r, w, x), the link count, the size and the name. A symbolic link
 * operand is listed as the directory it points to, except with -l. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <patchwork.h>

#include "Common.h"

static int g_long;
static int g_all;

static char kind_letter(mode_t mode)
{
    if (S_ISDIR(mode))
        return 'd';
    if (S_ISLNK(mode))
        return 'l';
    if (S_ISCHR(mode))
        return 'c';
    return '-';
}

/* One name; with -l, path is where to find out about it (the name itself for operands). */
static int show(const char* path, const char* name)
{
    if (!g_long) {
        puts(name);
        return 0;
    }
    struct stat info;
    if (lstat(path, &info) < 0)
        return fail(path);
    printf("%c%c%c%c %4llu %8lld %s", kind_letter(info.st_mode), (info.st_mode & 0400) ? 'r' : '-',
        (info.st_mode & 0200) ? 'w' : '-', (info.st_mode & 0100) ? 'x' : '-', info.st_nlink,
        info.st_size, name);
    if (S_ISLNK(info.st_mode)) {
        char target[4096];
        ssize_t n = readlink(path, target, sizeof(target) - 1);
        if (n >= 0)
            printf(" -> %.*s", (int)n, target);
    }
    putchar('\n');
    return 0;
}

static int list_directory(const char* path)
{
    size_t count;
    char** names = dir_list(path, &count);
    if (!names)
        return fail(path);
    int status = 0;
    if (g_all) {
        status |= show(F("%s/.", path), ".");
        status |= show(F("%s/..", path), "..");
    }
    for (size_t i = 0; i < count; ++i) {
        if (names[i][0] == '.' && !g_all)
            continue;
        char* full = path_join(path, names[i]);
        if (!full) {
            status = fail(names[i]);
            break;
        }
        status |= show(full, names[i]);
        free(full);
    }
    list_free(names);
    return status;
}

static int by_name(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(int argc, char** argv)
{
    Options options;
    int first = tool_start(&options, argc, argv, "ls", "ls [-l] [-a] [path...]", "la", 0, -1);
    if (first < 0)
        return 1;
    g_long = options.set['l'];
    g_all = options.set['a'];
    static char* dot[] = { ".", 0 };
    char** operands = first < argc ? argv + first : dot;
    int count = first < argc ? argc - first : 1;
    qsort(operands, (size_t)count, sizeof(char*), by_name);

    /* Files first, then directories: sort the operands into the two kinds. */
    char** directories = malloc((size_t)count * sizeof(char*));
    if (!directories)
        return fail("ls");
    int directory_count = 0, status = 0;
    for (int i = 0; i < count; ++i) {
        struct stat info;
        if (lstat(operands[i], &info) < 0) {
            status = fail(operands[i]);
            continue;
        }
        int directory = S_ISDIR(info.st_mode);
        if (S_ISLNK(info.st_mode) && !g_long && stat(operands[i], &info) == 0)
            directory = S_ISDIR(info.st_mode);
        if (directory)
            directories[directory_count++] = operands[i];
        else
            status |= show(operands[i], operands[i]);
    }
    for (int i = 0; i < directory_count; ++i) {
        if (count > 1)
            printf("%s%s:\n", i > 0 || directory_count < count ? "\n" : "", directories[i]);
        status |= list_directory(directories[i]);
    }
    free(directories);
    if (fflush(stdout) == EOF)
        return fail("standard output");
    return status;
}
