/* claimer: claims the file behind the share key in argv[1], reads it, tries the key a
 * second time, and exits with "<contents> once" when the second claim fails as it must. */
#include "Runtime.h"

int main(int argc, char** argv)
{
    if (argc < 2)
        exit_with("no key");
    long fd = ts_claim((long)argv[1], (long)strlen(argv[1]));
    if (fd < 0)
        exit_with("claim failed");
    char text[64];
    long n = ts_read(fd, (long)text, sizeof(text) - 1);
    if (n < 0)
        exit_with("read failed");
    text[n] = '\0';
    long again = ts_claim((long)argv[1], (long)strlen(argv[1]));
    char status[96] = "";
    append(status, sizeof(status), text);
    append(status, sizeof(status), again == -TS_ENOENT ? " once" : " twice");
    exit_with(status);
}
