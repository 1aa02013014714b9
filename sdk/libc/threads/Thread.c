/* Thread: thrd_create, thrd_join, thrd_detach, thrd_exit and the small ones (C17
 * §7.26.5). Layer: libc/threads, on os/OsThreads.h.
 *
 * A thread is one anonymous mapping, from low to high addresses:
 *   [guard page][stack, 1 MiB][struct __tl_thread][TLS block | TCB]
 * The stack grows down from the record; the guard page under it makes an overflow
 * fault instead of running into other memory. The main thread's record is static and
 * its stack and TLS are crt0's.
 *
 * Ending. A thread cannot unmap the stack it runs on, so whoever frees it must know it
 * has stopped using it. The thread's very last store sets `done` and the OS layer then
 * wakes and exits using registers only (__os_thread_exit_and_wake); from that store on,
 * the mapping may go. Who frees it is decided once, by a compare-and-swap on
 * `detach_state`: a joinable thread that ends moves it JOINABLE -> EXITING and its
 * joiner unmaps after seeing `done`; thrd_detach moves it JOINABLE -> DETACHED and the
 * thread, when it ends, puts itself on the zombie list; if thrd_detach finds EXITING, it
 * puts the thread there itself. Zombies whose `done` is set are unmapped by the next
 * thrd_create, thrd_join or thrd_detach.
 *
 * The program ends when main returns (exit: Tessera ends the other threads at their
 * next return to user mode, or at once if they sleep in the kernel) or, as C17
 * §7.26.5.5 says, when the last thread ends through thrd_exit: that one calls
 * exit(EXIT_SUCCESS). */
#include <errno.h>
#include <stdlib.h>

#include "../os/Os.h"
#include "../os/OsThreads.h"
#include "ThreadsInternal.h"

#define PAGE 4096
#define STACK_SIZE (1024 * 1024)

static struct __tl_thread g_main_thread;
static _Thread_local struct __tl_thread* g_self; /* NULL in the main thread */

/* Threads that have not ended, the main one included. */
static int g_live = 1;

static int g_zombie_lock;
static struct __tl_thread* g_zombies; /* under g_zombie_lock */

thrd_t thrd_current(void)
{
    struct __tl_thread* self = g_self;
    return self ? self : &g_main_thread;
}

int thrd_equal(thrd_t a, thrd_t b) { return a == b; }
void thrd_yield(void) { __os_yield(); }

static void release(struct __tl_thread* thread)
{
    if (thread->mapping)
        __os_unmap(thread->mapping, thread->mapping_size);
}

static void push_zombie(struct __tl_thread* thread)
{
    __tl_lock(&g_zombie_lock);
    thread->next_zombie = g_zombies;
    g_zombies = thread;
    __tl_unlock(&g_zombie_lock);
}

/* Unmaps the zombies that have ended. */
static void reap(void)
{
    if (!__atomic_load_n(&g_zombies, __ATOMIC_RELAXED))
        return;
    struct __tl_thread* ended = 0;
    __tl_lock(&g_zombie_lock);
    for (struct __tl_thread** link = &g_zombies; *link;) {
        struct __tl_thread* thread = *link;
        if (__atomic_load_n(&thread->done, __ATOMIC_ACQUIRE)) {
            *link = thread->next_zombie;
            thread->next_zombie = ended;
            ended = thread;
        } else {
            link = &thread->next_zombie;
        }
    }
    __tl_unlock(&g_zombie_lock);
    while (ended) {
        struct __tl_thread* next = ended->next_zombie;
        release(ended);
        ended = next;
    }
}

/* The thread's body once its thread pointer is set: a separate function, so no
 * thread-local access can be computed before set_tls. */
__attribute__((noinline)) static _Noreturn void run(struct __tl_thread* thread)
{
    g_self = thread;
    thrd_exit(thread->function(thread->argument));
}

static void thread_start(void* raw)
{
    struct __tl_thread* thread = raw;
    __os_set_thread_pointer(thread->thread_pointer);
    run(thread);
}

int thrd_create(thrd_t* out, thrd_start_t function, void* argument)
{
    reap();
    size_t record = (sizeof(struct __tl_thread) + 63) & ~(size_t)63;
    size_t size = (PAGE + STACK_SIZE + record + __tl_tls_area_size() + PAGE - 1) & ~(size_t)(PAGE - 1);
    unsigned char* base = __os_map_anonymous(size);
    if (!base)
        return thrd_nomem;
    /* Without a guard the thread still works; an overflow just goes unnoticed longer. */
    __os_guard(base, PAGE);
    unsigned char* top = base + PAGE + STACK_SIZE;
    struct __tl_thread* thread = (struct __tl_thread*)top; /* fresh memory: all zero */
    thread->function = function;
    thread->argument = argument;
    thread->mapping = base;
    thread->mapping_size = size;
    thread->thread_pointer = __tl_tls_build(top + record);
    *out = thread;
    __atomic_add_fetch(&g_live, 1, __ATOMIC_RELAXED);
    long id = __os_thread_create(thread_start, top, thread);
    if (id < 0) {
        __atomic_sub_fetch(&g_live, 1, __ATOMIC_RELAXED);
        __os_unmap(base, size);
        return id == -ENOMEM ? thrd_nomem : thrd_error;
    }
    return thrd_success;
}

_Noreturn void thrd_exit(int result)
{
    struct __tl_thread* self = thrd_current();
    __tl_tss_run_destructors();
    self->result = result;
    if (__atomic_sub_fetch(&g_live, 1, __ATOMIC_ACQ_REL) == 0)
        exit(EXIT_SUCCESS);
    int expected = THREAD_JOINABLE;
    if (!__atomic_compare_exchange_n(&self->detach_state, &expected, THREAD_EXITING, 0, __ATOMIC_ACQ_REL,
            __ATOMIC_ACQUIRE))
        push_zombie(self); /* detached: the next reap frees the mapping */
    __os_thread_exit_and_wake(&self->done, 1);
}

int thrd_join(thrd_t thread, int* result)
{
    if (thread == thrd_current())
        return thrd_error;
    while (!__atomic_load_n(&thread->done, __ATOMIC_ACQUIRE))
        __os_futex_wait(&thread->done, 0, -1);
    if (result)
        *result = thread->result;
    release(thread);
    reap();
    return thrd_success;
}

int thrd_detach(thrd_t thread)
{
    int expected = THREAD_JOINABLE;
    if (__atomic_compare_exchange_n(&thread->detach_state, &expected, THREAD_DETACHED, 0, __ATOMIC_ACQ_REL,
            __ATOMIC_ACQUIRE))
        return thrd_success;
    if (expected != THREAD_EXITING)
        return thrd_error; /* detached already */
    push_zombie(thread);
    reap();
    return thrd_success;
}

int thrd_sleep(const struct timespec* duration, struct timespec* remaining)
{
    if (duration->tv_sec < 0 || duration->tv_nsec < 0 || duration->tv_nsec >= 1000000000)
        return -2;
    long long ns = duration->tv_sec > 9000000000ll ? 9000000000ll * 1000000000ll
                                                  : duration->tv_sec * 1000000000ll + duration->tv_nsec;
    long long start = __os_clock_ns();
    long status = __os_sleep_ns(ns);
    if (status == 0)
        return 0;
    if (status != -EINTR)
        return -2;
    if (remaining) {
        long long left = ns - (__os_clock_ns() - start);
        if (left < 0)
            left = 0;
        remaining->tv_sec = left / 1000000000ll;
        remaining->tv_nsec = (long)(left % 1000000000ll);
    }
    return -1;
}
