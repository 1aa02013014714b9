/* pipe_pingpong: one byte to a partner process through one pipe and back through
 * another; one iteration is the round trip. On one CPU that is two writes, two reads
 * (each of which blocks once), two wake-ups and two switches between address spaces.
 * Two processes, not two threads, on both kernels: the partner is a fork on Linux and a
 * spawned copy of this program on Tessera (BenchOs.h, bench_partner_start), started and
 * stopped outside the timed loop. */
#include "Bench.h"

static struct BenchPartner g_partner;

int bench_pipe_echo(int in, int out)
{
    char byte;
    for (;;) {
        const long n = bench_fd_read(in, &byte, 1);
        if (n == 0)
            return 0;
        if (n != 1 || bench_fd_write(out, &byte, 1) != 1)
            return 1;
    }
}

static int pingpong(uint64_t bytes, uint64_t iterations)
{
    (void)bytes;
    for (uint64_t i = 0; i < iterations; ++i) {
        const char sent = (char)i;
        char received = (char)~sent;
        if (bench_fd_write(g_partner.to_partner, &sent, 1) != 1)
            return 1;
        if (bench_fd_read(g_partner.from_partner, &received, 1) != 1)
            return 2;
        if (received != sent)
            return 3;
    }
    return 0;
}

void bench_pipe_pingpong(void)
{
    if (bench_partner_start(&g_partner, BENCH_ROLE_PIPE_ECHO, bench_pipe_echo) != 0) {
        bench_report_error("pipe_pingpong", 0, 1, 10);
        return;
    }
    bench_measure("pipe_pingpong", 0, 1, pingpong);
    if (bench_partner_stop(&g_partner) != 0)
        bench_report_error("pipe_pingpong", 0, 1, 11);
}
