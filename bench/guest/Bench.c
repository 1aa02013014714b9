/* Bench.c: the in-guest benchmark program's main and its measuring harness. Portable: it
 * calls only BenchOs.h, so the same object code runs on Tessera and on Linux.
 *
 * Usage: bench [quick]. "quick" (or a program name ending in "-quick", since Tessera's
 * init passes no arguments) shortens every measurement to about a millisecond of guest
 * time: the smoke test that proves the program runs, not a figure to quote.
 * `bench pipe-echo` is the partner process of pipe_pingpong on Tessera (BenchOs.h).
 *
 * Output, one line per line of text (Tessera's console prefixes each with a timestamp
 * and the process name; the run scripts strip that):
 *
 *     bench-begin <os> full|quick
 *     bench <name> <param> <ns per iteration> ns              the figure
 *     bench-spread <name> <param> <min> <max> <iterations>    the rounds behind it
 *     bench-error <name> <param> <code>                       a body failed
 *     bench-end ok|failed
 */
#include "Bench.h"

/* How long each round of a measurement lasts (guest time) and how many rounds there are.
 * The figure is the median round, so a round disturbed by a timer interrupt or by the
 * other CPU does not move it. */
#define ROUNDS_FULL 5
#define ROUND_NS_FULL 100000000ULL /* 100 ms */
#define ROUNDS_QUICK 1
#define ROUND_NS_QUICK 1000000ULL /* 1 ms */
#define MAX_ITERATIONS (1ULL << 24)

static int g_quick;
static int g_failed;

/* --- text: a line is built in a buffer and written in one call ----------------------- */

struct Line {
    char text[160];
    size_t length;
};

static void put_text(struct Line* line, const char* text)
{
    while (*text && line->length + 1 < sizeof(line->text))
        line->text[line->length++] = *text++;
}

static void put_number(struct Line* line, uint64_t value)
{
    char digits[21];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    while (count && line->length + 1 < sizeof(line->text))
        line->text[line->length++] = digits[--count];
}

/* A value in tenths, printed with one decimal: 12345 -> "1234.5". */
static void put_tenths(struct Line* line, uint64_t tenths)
{
    put_number(line, tenths / 10);
    put_text(line, ".");
    put_number(line, tenths % 10);
}

static void put_param(struct Line* line, const char* label, uint64_t param)
{
    if (label)
        put_text(line, label);
    else
        put_number(line, param);
}

static void emit(struct Line* line)
{
    line->text[line->length++] = '\n';
    bench_write(line->text, line->length);
    line->length = 0;
}

static void say(const char* first, const char* second)
{
    struct Line line = { .length = 0 };
    put_text(&line, first);
    put_text(&line, second);
    emit(&line);
}

/* --- measuring ----------------------------------------------------------------------- */

/* Runs one batch; its duration in guest nanoseconds goes to *elapsed. */
static int timed_batch(BenchBody body, uint64_t param, uint64_t iterations, uint64_t* elapsed)
{
    const uint64_t start = bench_clock_ns();
    const int result = body(param, iterations);
    *elapsed = bench_clock_ns() - start;
    if (*elapsed == 0)
        *elapsed = 1;
    return result;
}

void bench_report_error(const char* name, const char* label, uint64_t param, int code)
{
    struct Line line = { .length = 0 };
    put_text(&line, "bench-error ");
    put_text(&line, name);
    put_text(&line, " ");
    put_param(&line, label, param);
    put_text(&line, " ");
    put_number(&line, (uint64_t)code);
    emit(&line);
    g_failed = 1;
}

void bench_measure(const char* name, const char* label, uint64_t param, BenchBody body)
{
    const uint64_t round_ns = g_quick ? ROUND_NS_QUICK : ROUND_NS_FULL;
    const int rounds = g_quick ? ROUNDS_QUICK : ROUNDS_FULL;

    /* Calibrate (and warm up): double the batch until it lasts an eighth of a round, then
     * scale it to a whole round. */
    uint64_t iterations = 1, elapsed = 0;
    for (;;) {
        const int code = timed_batch(body, param, iterations, &elapsed);
        if (code != 0) {
            bench_report_error(name, label, param, code);
            return;
        }
        if (elapsed >= round_ns / 8 || iterations >= MAX_ITERATIONS)
            break;
        iterations *= 2;
    }
    iterations = iterations * round_ns / elapsed;
    if (iterations < 1)
        iterations = 1;
    if (iterations > MAX_ITERATIONS)
        iterations = MAX_ITERATIONS;

    /* Tenths of a nanosecond per iteration for each round, sorted for the median. */
    uint64_t tenths[ROUNDS_FULL];
    for (int round = 0; round < rounds; ++round) {
        const int code = timed_batch(body, param, iterations, &elapsed);
        if (code != 0) {
            bench_report_error(name, label, param, code);
            return;
        }
        uint64_t value = elapsed * 10 / iterations;
        int at = round;
        while (at > 0 && tenths[at - 1] > value) {
            tenths[at] = tenths[at - 1];
            --at;
        }
        tenths[at] = value;
    }

    struct Line line = { .length = 0 };
    put_text(&line, "bench ");
    put_text(&line, name);
    put_text(&line, " ");
    put_param(&line, label, param);
    put_text(&line, " ");
    put_tenths(&line, tenths[rounds / 2]);
    put_text(&line, " ns");
    emit(&line);

    put_text(&line, "bench-spread ");
    put_text(&line, name);
    put_text(&line, " ");
    put_param(&line, label, param);
    put_text(&line, " ");
    put_tenths(&line, tenths[0]);
    put_text(&line, " ");
    put_tenths(&line, tenths[rounds - 1]);
    put_text(&line, " ");
    put_number(&line, iterations);
    emit(&line);
}

/* --- the program --------------------------------------------------------------------- */

static int ends_with(const char* text, const char* suffix)
{
    size_t text_length = 0, suffix_length = 0;
    while (text[text_length])
        ++text_length;
    while (suffix[suffix_length])
        ++suffix_length;
    if (suffix_length > text_length)
        return 0;
    for (size_t i = 0; i < suffix_length; ++i) {
        if (text[text_length - suffix_length + i] != suffix[i])
            return 0;
    }
    return 1;
}

static int same_text(const char* a, const char* b)
{
    while (*a && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
}

int bench_main(int argc, char** argv)
{
    /* A partner process started by a benchmark (Tessera has no fork; BenchOs.h). */
    if (argc > 1 && same_text(argv[1], BENCH_ROLE_PIPE_ECHO))
        return bench_pipe_echo(0, 1);

    if (argc > 0 && argv[0] && ends_with(argv[0], "-quick"))
        g_quick = 1;
    for (int i = 1; i < argc; ++i) {
        if (ends_with(argv[i], "quick"))
            g_quick = 1;
    }
    if (bench_os_init() != 0) {
        say("bench-error init ", bench_os_name());
        say("bench-end ", "failed");
        return 1;
    }
    struct Line line = { .length = 0 };
    put_text(&line, "bench-begin ");
    put_text(&line, bench_os_name());
    put_text(&line, g_quick ? " quick" : " full");
    emit(&line);

    bench_syscall_roundtrip();
    bench_mmap_touch_unmap();
    bench_mmap_unmap_untouched();
    bench_spawn_wait();
    bench_pipe_pingpong();
    bench_thread_create_join();

    say("bench-end ", g_failed ? "failed" : "ok");
    return g_failed;
}
