/* echo-status: exits with its arguments and environment as the status, e.g.
 * "argc=3 one two | A=1 B=2", so the parent can check what spawn delivered. */
#include "Runtime.h"

int main(int argc, char** argv)
{
    char status[200] = "argc=";
    append_number(status, sizeof(status), argc);
    for (int i = 1; i < argc; ++i) {
        append(status, sizeof(status), " ");
        append(status, sizeof(status), argv[i]);
    }
    append(status, sizeof(status), " |");
    for (char** e = environ; *e; ++e) {
        append(status, sizeof(status), " ");
        append(status, sizeof(status), *e);
    }
    exit_with(status);
}
