/* sockserve TYPE NAME COUNT: a local-socket server in its own process. It makes a socket
 * of TYPE (seqpacket, stream, dgram), binds NAME, writes its id and a newline to
 * descriptor 1 once it listens, then:
 *   seqpacket/stream: accepts one connection and echoes COUNT reads back as "echo:<data>";
 *   dgram: receives COUNT messages and exits with them joined by '|'.
 * With TYPE "hold", it makes a seqpacket socket, reports the id and waits on descriptor 0
 * until it closes (a socket for the visibility test). */
#include "Runtime.h"

static long to_number(const char* text)
{
    long value = 0;
    while (*text >= '0' && *text <= '9')
        value = value * 10 + (*text++ - '0');
    return value;
}

int main(int argc, char** argv)
{
    if (argc < 4)
        exit_with("usage: sockserve TYPE NAME COUNT");
    const int hold = strcmp(argv[1], "hold") == 0;
    char path[64] = "/net/local/";
    append(path, sizeof(path), hold ? "seqpacket" : argv[1]);
    long maker = open_path(path);
    if (maker < 0)
        exit_with("cannot make a socket");
    char id[24];
    long n = ts_read(maker, (long)id, sizeof(id) - 1);
    if (n <= 1)
        exit_with("no id");
    id[n - 1] = '\0'; /* drop the newline */
    char ctl[64] = "/net/local/";
    append(ctl, sizeof(ctl), id);
    append(ctl, sizeof(ctl), "/ctl");
    char command[96] = "bind ";
    append(command, sizeof(command), argv[2]);
    if (strcmp(argv[1], "dgram") != 0 && !hold)
        append(command, sizeof(command), " && listen");
    if (write_file(ctl, command) < 0)
        exit_with("bind/listen failed");
    char line[32] = "";
    append(line, sizeof(line), id);
    append(line, sizeof(line), "\n");
    ts_write(1, (long)line, (long)strlen(line));
    if (hold) {
        char c;
        ts_read(0, (long)&c, 1);
        return 0;
    }
    const long count = to_number(argv[3]);
    char status[200] = "";
    if (strcmp(argv[1], "dgram") == 0) {
        char data[64] = "/net/local/";
        append(data, sizeof(data), id);
        append(data, sizeof(data), "/data");
        long fd = open_path(data);
        for (long i = 0; i < count; ++i) {
            char message[64];
            long got = ts_read(fd, (long)message, sizeof(message) - 1);
            if (got < 0)
                exit_with("dgram read failed");
            message[got] = '\0';
            if (i)
                append(status, sizeof(status), "|");
            append(status, sizeof(status), message);
        }
        exit_with(status);
    }
    char accept[64] = "/net/local/";
    append(accept, sizeof(accept), id);
    append(accept, sizeof(accept), "/accept");
    long connection = open_path(accept);
    if (connection < 0)
        exit_with("accept failed");
    for (long i = 0; i < count; ++i) {
        char message[128] = "echo:";
        long got = ts_read(connection, (long)(message + 5), sizeof(message) - 6);
        if (got <= 0)
            exit_with("read failed");
        if (ts_write(connection, (long)message, 5 + got) != 5 + got)
            exit_with("write failed");
    }
    char done[32] = "served ";
    append_number(done, sizeof(done), count);
    exit_with(done);
}
