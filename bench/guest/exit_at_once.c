/* exit_at_once: the program spawn_wait starts, over and over. It returns at once, so the
 * process does nothing but start and exit through the same entry and exit code as the
 * benchmark program (BenchOsTessera.c or BenchOsLinux.c: crt0, then exit with success).
 * Linked stripped (CMakeLists.txt), so each guest loads as small a file as it can. */
#include "BenchOs.h"

int bench_main(int argc, char** argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
