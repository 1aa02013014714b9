/* threads.h: threads, mutexes, condition variables, thread-specific storage, call_once,
 * and the libc's own thread safety (errno, thread-local storage, malloc, stdio).
 * CHECK runs on the main thread only: workers record what they saw in plain data that
 * the main thread checks after joining them (a join orders everything the thread did
 * before the check). Waits are real synchronisation, never sleeps; the few timing
 * checks compare elapsed time with a lower bound the C standard guarantees. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

#include "Check.h"

#define WORKERS 8

static long long now_ns(void)
{
    struct timespec t;
    timespec_get(&t, TIME_UTC);
    return t.tv_sec * 1000000000ll + t.tv_nsec;
}

static struct timespec deadline_after(long long ns)
{
    long long at = now_ns() + ns;
    struct timespec t = { at / 1000000000ll, at % 1000000000ll };
    return t;
}

/* --- create, join, results, identity, thrd_exit ------------------------------------- */

struct identity {
    int input;
    thrd_t seen_self;
};

static int triple(void* raw)
{
    struct identity* id = raw;
    id->seen_self = thrd_current();
    return id->input * 3;
}

static int exit_early(void* raw)
{
    thrd_exit(*(int*)raw + 1);
}

static void test_create_join(void)
{
    thrd_t threads[4];
    struct identity ids[4];
    for (int i = 0; i < 4; ++i) {
        ids[i].input = i + 10;
        CHECK(thrd_create(&threads[i], triple, &ids[i]) == thrd_success);
    }
    for (int i = 0; i < 4; ++i) {
        int result = -1;
        CHECK(thrd_join(threads[i], &result) == thrd_success);
        CHECK(result == (i + 10) * 3);
        CHECK(thrd_equal(ids[i].seen_self, threads[i]));
        CHECK(!thrd_equal(ids[i].seen_self, thrd_current()));
    }
    CHECK(!thrd_equal(threads[0], threads[1]));
    CHECK(thrd_equal(thrd_current(), thrd_current()));
    CHECK(thrd_join(thrd_current(), 0) == thrd_error);

    thrd_t t;
    int value = 41, result = 0;
    CHECK(thrd_create(&t, exit_early, &value) == thrd_success);
    CHECK(thrd_join(t, &result) == thrd_success && result == 42);
}

/* --- thread-local storage and errno --------------------------------------------------- */

static _Thread_local int g_tls_initialised = 42; /* .tdata */
static _Thread_local int g_tls_zeroed;           /* .tbss */
static _Thread_local char g_tls_array[100] = "thread-local";

static int tls_worker(void* raw)
{
    int n = (int)(long)raw;
    int fresh = g_tls_initialised == 42 && g_tls_zeroed == 0 && strcmp(g_tls_array, "thread-local") == 0;
    g_tls_initialised = n;
    g_tls_zeroed = n * 2;
    errno = 1000 + n;
    for (int i = 0; i < 50; ++i) {
        thrd_yield();
        if (g_tls_initialised != n || g_tls_zeroed != n * 2 || errno != 1000 + n)
            return 0;
    }
    /* A failing call sets this thread's errno only. */
    if (strtol("99999999999999999999999", 0, 10) != 0x7fffffffffffffffl || errno != ERANGE)
        return 0;
    return fresh ? 1 : 0;
}

static void test_thread_local(void)
{
    g_tls_initialised = -1;
    g_tls_zeroed = -2;
    errno = EDOM;
    thrd_t threads[WORKERS];
    for (int i = 0; i < WORKERS; ++i)
        CHECK(thrd_create(&threads[i], tls_worker, (void*)(long)(i + 1)) == thrd_success);
    for (int i = 0; i < WORKERS; ++i) {
        int ok = 0;
        CHECK(thrd_join(threads[i], &ok) == thrd_success && ok == 1);
    }
    CHECK(g_tls_initialised == -1 && g_tls_zeroed == -2);
    CHECK(errno == EDOM);
}

/* --- mutexes ---------------------------------------------------------------------------- */

static mtx_t g_counter_lock;
static long g_counter;

static int count_up(void* raw)
{
    (void)raw;
    for (int i = 0; i < 10000; ++i) {
        mtx_lock(&g_counter_lock);
        /* A read, a yield now and then, a write: without the lock, updates get lost. */
        long value = g_counter;
        if (i % 1000 == 0)
            thrd_yield();
        g_counter = value + 1;
        mtx_unlock(&g_counter_lock);
    }
    return 0;
}

static int try_lock(void* raw) { return mtx_trylock(raw); }

static int try_lock_and_release(void* raw)
{
    int result = mtx_trylock(raw);
    if (result == thrd_success)
        mtx_unlock(raw);
    return result;
}

static int run_on_thread(thrd_start_t function, void* argument)
{
    thrd_t t;
    int result = -1;
    if (thrd_create(&t, function, argument) != thrd_success || thrd_join(t, &result) != thrd_success)
        return -1;
    return result;
}

struct timed_attempt {
    mtx_t* mutex;
    long long waited_ns;
};

static int timed_lock_attempt(void* raw)
{
    struct timed_attempt* attempt = raw;
    long long start = now_ns();
    struct timespec deadline = deadline_after(30000000);
    int result = mtx_timedlock(attempt->mutex, &deadline);
    attempt->waited_ns = now_ns() - start;
    if (result == thrd_success)
        mtx_unlock(attempt->mutex);
    return result;
}

static void test_mutexes(void)
{
    CHECK(mtx_init(&g_counter_lock, mtx_plain) == thrd_success);
    g_counter = 0;
    thrd_t threads[WORKERS];
    for (int i = 0; i < WORKERS; ++i)
        CHECK(thrd_create(&threads[i], count_up, 0) == thrd_success);
    for (int i = 0; i < WORKERS; ++i)
        CHECK(thrd_join(threads[i], 0) == thrd_success);
    CHECK(g_counter == WORKERS * 10000);
    mtx_destroy(&g_counter_lock);

    mtx_t plain;
    CHECK(mtx_init(&plain, mtx_plain) == thrd_success);
    CHECK(mtx_lock(&plain) == thrd_success);
    CHECK(run_on_thread(try_lock, &plain) == thrd_busy);
    CHECK(mtx_unlock(&plain) == thrd_success);
    CHECK(run_on_thread(try_lock_and_release, &plain) == thrd_success);
    CHECK(mtx_trylock(&plain) == thrd_success);
    CHECK(mtx_unlock(&plain) == thrd_success);
    mtx_destroy(&plain);

    mtx_t recursive;
    CHECK(mtx_init(&recursive, mtx_plain | mtx_recursive) == thrd_success);
    CHECK(mtx_lock(&recursive) == thrd_success);
    CHECK(mtx_lock(&recursive) == thrd_success);
    CHECK(mtx_trylock(&recursive) == thrd_success);
    CHECK(run_on_thread(try_lock, &recursive) == thrd_busy);
    CHECK(mtx_unlock(&recursive) == thrd_success);
    CHECK(mtx_unlock(&recursive) == thrd_success);
    CHECK(run_on_thread(try_lock, &recursive) == thrd_busy); /* still held once */
    CHECK(mtx_unlock(&recursive) == thrd_success);
    CHECK(run_on_thread(try_lock_and_release, &recursive) == thrd_success);
    CHECK(mtx_unlock(&recursive) == thrd_error); /* not held by the caller */
    mtx_destroy(&recursive);

    mtx_t timed;
    CHECK(mtx_init(&timed, mtx_timed) == thrd_success);
    struct timed_attempt attempt = { &timed, 0 };
    CHECK(mtx_lock(&timed) == thrd_success);
    CHECK(run_on_thread(timed_lock_attempt, &attempt) == thrd_timedout);
    CHECK(attempt.waited_ns >= 30000000 - 1000000); /* the wall clock's granularity */
    CHECK(mtx_unlock(&timed) == thrd_success);
    CHECK(run_on_thread(timed_lock_attempt, &attempt) == thrd_success);
    struct timespec past = deadline_after(-1000000000ll);
    CHECK(mtx_timedlock(&timed, &past) == thrd_success); /* free: a past deadline is fine */
    CHECK(run_on_thread(try_lock, &timed) == thrd_busy);
    CHECK(mtx_unlock(&timed) == thrd_success);
    mtx_destroy(&timed);

    mtx_t bad;
    CHECK(mtx_init(&bad, 8) == thrd_error);
}

/* --- condition variables ------------------------------------------------------------- */

#define QUEUE 4
#define ITEMS 2000
#define PRODUCERS 3
#define CONSUMERS 3

static struct {
    mtx_t lock;
    cnd_t not_empty, not_full;
    int items[QUEUE];
    int head, count;
    int produced_done; /* producers finished */
    long consumed, sum;
} g_queue;

static int producer(void* raw)
{
    (void)raw;
    for (int i = 1; i <= ITEMS; ++i) {
        mtx_lock(&g_queue.lock);
        while (g_queue.count == QUEUE)
            cnd_wait(&g_queue.not_full, &g_queue.lock);
        g_queue.items[(g_queue.head + g_queue.count) % QUEUE] = i;
        ++g_queue.count;
        cnd_signal(&g_queue.not_empty);
        mtx_unlock(&g_queue.lock);
    }
    mtx_lock(&g_queue.lock);
    ++g_queue.produced_done;
    cnd_broadcast(&g_queue.not_empty); /* consumers may be waiting for the end */
    mtx_unlock(&g_queue.lock);
    return 0;
}

static int consumer(void* raw)
{
    long mine = 0;
    (void)raw;
    for (;;) {
        mtx_lock(&g_queue.lock);
        while (g_queue.count == 0 && g_queue.produced_done < PRODUCERS)
            cnd_wait(&g_queue.not_empty, &g_queue.lock);
        if (g_queue.count == 0) {
            mtx_unlock(&g_queue.lock);
            return (int)mine;
        }
        int item = g_queue.items[g_queue.head];
        g_queue.head = (g_queue.head + 1) % QUEUE;
        --g_queue.count;
        ++g_queue.consumed;
        g_queue.sum += item;
        ++mine;
        cnd_signal(&g_queue.not_full);
        mtx_unlock(&g_queue.lock);
    }
}

#define SLEEPERS 6

static struct {
    mtx_t lock;
    cnd_t wake, arrived_signal;
    int arrived, go;
} g_gate;

/* Waits for `go` with a generous deadline: a waiter the broadcast misses times out and
 * says so instead of hanging the suite. */
static int gate_waiter(void* raw)
{
    (void)raw;
    struct timespec deadline = deadline_after(10000000000ll);
    mtx_lock(&g_gate.lock);
    ++g_gate.arrived;
    cnd_signal(&g_gate.arrived_signal);
    int result = thrd_success;
    while (!g_gate.go && result == thrd_success)
        result = cnd_timedwait(&g_gate.wake, &g_gate.lock, &deadline);
    int ok = g_gate.go && result == thrd_success;
    mtx_unlock(&g_gate.lock);
    return ok;
}

static void test_conditions(void)
{
    memset(&g_queue, 0, sizeof(g_queue));
    CHECK(mtx_init(&g_queue.lock, mtx_plain) == thrd_success);
    CHECK(cnd_init(&g_queue.not_empty) == thrd_success);
    CHECK(cnd_init(&g_queue.not_full) == thrd_success);
    thrd_t producers[PRODUCERS], consumers[CONSUMERS];
    for (int i = 0; i < CONSUMERS; ++i)
        CHECK(thrd_create(&consumers[i], consumer, 0) == thrd_success);
    for (int i = 0; i < PRODUCERS; ++i)
        CHECK(thrd_create(&producers[i], producer, 0) == thrd_success);
    long by_consumers = 0;
    for (int i = 0; i < PRODUCERS; ++i)
        CHECK(thrd_join(producers[i], 0) == thrd_success);
    for (int i = 0; i < CONSUMERS; ++i) {
        int mine = 0;
        CHECK(thrd_join(consumers[i], &mine) == thrd_success);
        by_consumers += mine;
    }
    CHECK(g_queue.consumed == PRODUCERS * ITEMS);
    CHECK(by_consumers == PRODUCERS * ITEMS);
    CHECK(g_queue.sum == PRODUCERS * (long)ITEMS * (ITEMS + 1) / 2);
    CHECK(g_queue.count == 0);
    cnd_destroy(&g_queue.not_empty);
    cnd_destroy(&g_queue.not_full);
    mtx_destroy(&g_queue.lock);

    /* Broadcast: every waiter is inside cnd_timedwait (each counted itself under the
     * lock, which the wait releases), then one broadcast must release them all. */
    memset(&g_gate, 0, sizeof(g_gate));
    mtx_init(&g_gate.lock, mtx_plain);
    cnd_init(&g_gate.wake);
    cnd_init(&g_gate.arrived_signal);
    thrd_t sleepers[SLEEPERS];
    for (int i = 0; i < SLEEPERS; ++i)
        CHECK(thrd_create(&sleepers[i], gate_waiter, 0) == thrd_success);
    mtx_lock(&g_gate.lock);
    while (g_gate.arrived < SLEEPERS)
        cnd_wait(&g_gate.arrived_signal, &g_gate.lock);
    g_gate.go = 1;
    CHECK(cnd_broadcast(&g_gate.wake) == thrd_success);
    mtx_unlock(&g_gate.lock);
    for (int i = 0; i < SLEEPERS; ++i) {
        int ok = 0;
        CHECK(thrd_join(sleepers[i], &ok) == thrd_success && ok == 1);
    }

    /* A timed wait nobody signals times out, no earlier than its deadline, holding the
     * mutex again. */
    mtx_lock(&g_gate.lock);
    long long start = now_ns();
    struct timespec deadline = deadline_after(20000000);
    int result = cnd_timedwait(&g_gate.wake, &g_gate.lock, &deadline);
    long long waited = now_ns() - start;
    CHECK(result == thrd_timedout);
    CHECK(waited >= 20000000 - 1000000);
    CHECK(run_on_thread(try_lock, &g_gate.lock) == thrd_busy);
    mtx_unlock(&g_gate.lock);

    /* A recursive mutex held twice is released whole by the wait and taken back twice. */
    mtx_t recursive;
    mtx_init(&recursive, mtx_recursive | mtx_timed);
    mtx_lock(&recursive);
    mtx_lock(&recursive);
    deadline = deadline_after(1000000);
    CHECK(cnd_timedwait(&g_gate.wake, &recursive, &deadline) == thrd_timedout);
    CHECK(mtx_unlock(&recursive) == thrd_success);
    CHECK(run_on_thread(try_lock, &recursive) == thrd_busy);
    CHECK(mtx_unlock(&recursive) == thrd_success);
    CHECK(run_on_thread(try_lock_and_release, &recursive) == thrd_success);
    cnd_destroy(&g_gate.wake);
    cnd_destroy(&g_gate.arrived_signal);
    mtx_destroy(&g_gate.lock);
}

/* --- thread-specific storage ---------------------------------------------------------- */

static tss_t g_key, g_again_key;
static int g_destroyed[WORKERS + 1];  /* by value: how often each thread's value died */
static int g_again_rounds;            /* destructor rounds of g_again_key */
static mtx_t g_tss_lock;

static void destroy_value(void* value)
{
    mtx_lock(&g_tss_lock);
    ++g_destroyed[*(int*)value];
    mtx_unlock(&g_tss_lock);
    free(value);
}

/* Stores a value again twice: the destructor runs in three rounds in all. */
static void destroy_again(void* value)
{
    mtx_lock(&g_tss_lock);
    ++g_again_rounds;
    mtx_unlock(&g_tss_lock);
    long left = (long)value - 1;
    if (left > 0)
        tss_set(g_again_key, (void*)left);
}

static int tss_worker(void* raw)
{
    int n = (int)(long)raw;
    if (tss_get(g_key) != 0)
        return 0;
    int* value = malloc(sizeof(int));
    *value = n;
    if (tss_set(g_key, value) != thrd_success)
        return 0;
    tss_set(g_again_key, (void*)3l);
    for (int i = 0; i < 20; ++i) {
        thrd_yield();
        if (tss_get(g_key) != value || *(int*)tss_get(g_key) != n)
            return 0;
    }
    if (n % 2)
        thrd_exit(1); /* destructors run for thrd_exit as for a return */
    return 1;
}

static void test_tss(void)
{
    memset(g_destroyed, 0, sizeof(g_destroyed));
    g_again_rounds = 0;
    mtx_init(&g_tss_lock, mtx_plain);
    CHECK(tss_create(&g_key, destroy_value) == thrd_success);
    CHECK(tss_create(&g_again_key, destroy_again) == thrd_success);
    CHECK(tss_get(g_key) == 0);
    int main_value = 0;
    CHECK(tss_set(g_key, &main_value) == thrd_success);
    thrd_t threads[WORKERS];
    for (int i = 0; i < WORKERS; ++i)
        CHECK(thrd_create(&threads[i], tss_worker, (void*)(long)(i + 1)) == thrd_success);
    for (int i = 0; i < WORKERS; ++i) {
        int ok = 0;
        CHECK(thrd_join(threads[i], &ok) == thrd_success && ok == 1);
    }
    CHECK(tss_get(g_key) == &main_value); /* the main thread's value is its own */
    CHECK(g_destroyed[0] == 0);
    int each_once = 1;
    for (int i = 1; i <= WORKERS; ++i)
        each_once &= g_destroyed[i] == 1;
    CHECK(each_once);
    CHECK(g_again_rounds == WORKERS * 3);

    /* A deleted key's values do not show through a new key. */
    tss_delete(g_key);
    tss_t fresh;
    CHECK(tss_create(&fresh, 0) == thrd_success);
    CHECK(tss_get(fresh) == 0);
    tss_delete(fresh);
    tss_delete(g_again_key);
    mtx_destroy(&g_tss_lock);
}

/* --- call_once -------------------------------------------------------------------------- */

static once_flag g_once = ONCE_FLAG_INIT;
static int g_once_runs;
static int g_once_value;

static void once_init(void)
{
    ++g_once_runs; /* unsynchronised on purpose: two runs would show */
    for (int i = 0; i < 20; ++i)
        thrd_yield(); /* keep the others arriving while it runs */
    g_once_value = 1234;
}

static int once_worker(void* raw)
{
    (void)raw;
    call_once(&g_once, once_init);
    return g_once_value; /* what the first run wrote is visible to every caller */
}

static void test_call_once(void)
{
    thrd_t threads[WORKERS];
    for (int i = 0; i < WORKERS; ++i)
        CHECK(thrd_create(&threads[i], once_worker, 0) == thrd_success);
    for (int i = 0; i < WORKERS; ++i) {
        int value = 0;
        CHECK(thrd_join(threads[i], &value) == thrd_success && value == 1234);
    }
    call_once(&g_once, once_init);
    CHECK(g_once_runs == 1);
}

/* --- detach ------------------------------------------------------------------------------ */

static struct {
    mtx_t lock;
    cnd_t changed;
    int finished;
} g_detached;

static int detached_worker(void* raw)
{
    (void)raw;
    mtx_lock(&g_detached.lock);
    ++g_detached.finished;
    cnd_signal(&g_detached.changed);
    mtx_unlock(&g_detached.lock);
    return 0;
}

static void test_detach(void)
{
    memset(&g_detached, 0, sizeof(g_detached));
    mtx_init(&g_detached.lock, mtx_plain);
    cnd_init(&g_detached.changed);
    /* Rounds of detached threads: their mappings are freed by later creates, and the
     * kernel's slots come back, so many more than fit at once can run in turn. */
    int created = 0;
    for (int round = 0; round < 10; ++round) {
        for (int i = 0; i < WORKERS; ++i) {
            thrd_t t;
            if (thrd_create(&t, detached_worker, 0) != thrd_success)
                continue;
            ++created;
            /* Half are detached at once, half after they have had a chance to end. */
            if (i % 2 == 0)
                CHECK(thrd_detach(t) == thrd_success);
            else {
                thrd_yield();
                CHECK(thrd_detach(t) == thrd_success);
            }
        }
        mtx_lock(&g_detached.lock);
        while (g_detached.finished < created)
            cnd_wait(&g_detached.changed, &g_detached.lock);
        mtx_unlock(&g_detached.lock);
    }
    CHECK(created == 10 * WORKERS);
    CHECK(g_detached.finished == 10 * WORKERS);
    cnd_destroy(&g_detached.changed);
    mtx_destroy(&g_detached.lock);
}

/* --- malloc and stdio from many threads ------------------------------------------------- */

/* A start line: threads that would otherwise finish one after another wait here until
 * all have arrived, so their work overlaps. */
static struct {
    mtx_t lock;
    cnd_t all_here;
    int expected, arrived;
} g_start;

static void start_line_init(int threads)
{
    mtx_init(&g_start.lock, mtx_plain);
    cnd_init(&g_start.all_here);
    g_start.expected = threads;
    g_start.arrived = 0;
}

static void start_line_wait(void)
{
    mtx_lock(&g_start.lock);
    if (++g_start.arrived == g_start.expected)
        cnd_broadcast(&g_start.all_here);
    while (g_start.arrived < g_start.expected)
        cnd_wait(&g_start.all_here, &g_start.lock);
    mtx_unlock(&g_start.lock);
}

static int allocator(void* raw)
{
    unsigned seed = (unsigned)(long)raw * 2654435761u;
    enum { BLOCKS = 150 };
    unsigned char* blocks[BLOCKS];
    size_t sizes[BLOCKS];
    int bad = 0;
    start_line_wait();
    for (int round = 0; round < 8; ++round) {
        for (int i = 0; i < BLOCKS; ++i) {
            seed = seed * 1103515245u + 12345u;
            /* Mostly small classes, now and then a mapping of its own. */
            sizes[i] = (seed >> 8) % 17 == 0 ? 3000 + (seed >> 12) % 20000 : 1 + (seed >> 12) % 700;
            blocks[i] = malloc(sizes[i]);
            if (!blocks[i])
                return -1;
            memset(blocks[i], (int)((long)raw * 16 + i) & 0xff, sizes[i]);
        }
        for (int i = 0; i < BLOCKS; ++i) {
            /* Every byte still holds this thread's pattern: no block was handed out twice. */
            int expected = (int)((long)raw * 16 + i) & 0xff;
            for (size_t j = 0; j < sizes[i]; ++j)
                bad += blocks[i][j] != expected;
            if (i % 3 == 0) {
                blocks[i] = realloc(blocks[i], sizes[i] * 2);
                if (!blocks[i])
                    return -1;
                for (size_t j = 0; j < sizes[i]; ++j)
                    bad += blocks[i][j] != expected;
            }
        }
        for (int i = 0; i < BLOCKS; ++i)
            free(blocks[(i * 7) % BLOCKS]); /* 7 and 150 are coprime: each freed once */
    }
    /* Then nothing but allocating and freeing, where threads collide most: a block
     * handed to two threads at once would show another thread's tag. */
    long tag = (long)raw << 32;
    for (long i = 0; i < 20000; ++i) {
        long* a = malloc(24);
        long* b = malloc(40);
        if (!a || !b)
            return -1;
        *a = tag + 2 * i;
        *b = tag + 2 * i + 1;
        bad += *a != tag + 2 * i;
        free(a);
        bad += *b != tag + 2 * i + 1;
        free(b);
    }
    return bad;
}

#define LINES 400
static const char* const g_stream_path = "/tmp/libc-threads-test";

struct writer {
    FILE* stream;
    int id;
};

static int writer(void* raw)
{
    struct writer* w = raw;
    start_line_wait();
    for (int i = 0; i < LINES; ++i) {
        if (fprintf(w->stream, "line %d of %d from a writer thread\n", i, w->id) < 0)
            return 0;
    }
    return 1;
}

static void test_libc_under_threads(void)
{
    thrd_t threads[WORKERS];
    start_line_init(WORKERS);
    for (int i = 0; i < WORKERS; ++i)
        CHECK(thrd_create(&threads[i], allocator, (void*)(long)(i + 1)) == thrd_success);
    for (int i = 0; i < WORKERS; ++i) {
        int bad = -1;
        CHECK(thrd_join(threads[i], &bad) == thrd_success && bad == 0);
    }

    /* Lines printed to one stream by several threads come out whole, each thread's in
     * its own order. */
    FILE* f = fopen(g_stream_path, "w");
    CHECK(f != 0);
    if (!f)
        return;
    setvbuf(f, 0, _IOFBF, 64); /* a small buffer: flushes happen mid-printf */
    struct writer writers[4];
    start_line_init(4);
    for (int i = 0; i < 4; ++i) {
        writers[i] = (struct writer) { f, 100 + i };
        CHECK(thrd_create(&threads[i], writer, &writers[i]) == thrd_success);
    }
    for (int i = 0; i < 4; ++i) {
        int ok = 0;
        CHECK(thrd_join(threads[i], &ok) == thrd_success && ok == 1);
    }
    CHECK(fclose(f) == 0);
    f = fopen(g_stream_path, "r");
    CHECK(f != 0);
    if (!f)
        return;
    int next[4] = { 0, 0, 0, 0 }, malformed = 0, lines = 0;
    char line[128];
    while (fgets(line, sizeof(line), f)) {
        int number = -1, id = -1;
        char tail[64];
        ++lines;
        if (sscanf(line, "line %d of %d from a writer %63s", &number, &id, tail) != 3 || strcmp(tail, "thread") != 0
            || line[strlen(line) - 1] != '\n') {
            ++malformed;
            continue;
        }
        int k = id - 100;
        if (k < 0 || k >= 4 || number != next[k])
            ++malformed;
        else
            ++next[k];
    }
    fclose(f);
    remove(g_stream_path);
    CHECK(lines == 4 * LINES);
    CHECK(malformed == 0);
    CHECK(next[0] == LINES && next[1] == LINES && next[2] == LINES && next[3] == LINES);
}

/* --- stacks and sleeping ------------------------------------------------------------------ */

static int deep_stack(void* raw)
{
    /* Well below the 1 MiB stack: a program may expect the usual few hundred KiB. */
    volatile unsigned char big[256 * 1024];
    for (size_t i = 0; i < sizeof(big); i += 512)
        big[i] = (unsigned char)i;
    unsigned sum = 0;
    for (size_t i = 0; i < sizeof(big); i += 512)
        sum += big[i];
    return (int)sum + (int)(long)raw;
}

static void test_stack_and_sleep(void)
{
    unsigned expected = 0;
    for (size_t i = 0; i < 256 * 1024; i += 512)
        expected += (unsigned char)i;
    CHECK(run_on_thread(deep_stack, (void*)1l) == (int)expected + 1);

    long long start = now_ns();
    struct timespec duration = { 0, 20000000 };
    CHECK(thrd_sleep(&duration, 0) == 0);
    CHECK(now_ns() - start >= 20000000 - 1000000);
    struct timespec invalid = { 0, 2000000000 };
    CHECK(thrd_sleep(&invalid, 0) < -1);
}

void test_threads(void)
{
    test_create_join();
    test_thread_local();
    test_mutexes();
    test_conditions();
    test_tss();
    test_call_once();
    test_detach();
    test_libc_under_threads();
    test_stack_and_sleep();
}
