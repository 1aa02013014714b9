/* sockpeek ID: exits "visible" if /net/local/ID/ctl opens in its namespace, "hidden" if
 * it is not found, "error N" otherwise. */
#include "Runtime.h"

int main(int argc, char** argv)
{
    if (argc < 2)
        exit_with("usage: sockpeek ID");
    char path[64] = "/net/local/";
    append(path, sizeof(path), argv[1]);
    append(path, sizeof(path), "/ctl");
    long fd = open_path(path);
    if (fd >= 0)
        exit_with("visible");
    if (fd == -TS_ENOENT)
        exit_with("hidden");
    char status[32] = "error ";
    append_number(status, sizeof(status), fd);
    exit_with(status);
}
