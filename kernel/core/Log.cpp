// The kernel log: formatting, the ring, and fan-out to the consoles. See Log.hpp.
#include "Log.hpp"

#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/Serial.hpp>
#include <lib/Format.hpp>
#include <sched/Spinlock.hpp>

#include "LogRing.hpp"
#include "Processor.hpp"

namespace ts {

namespace {

constexpr size_t RING_SIZE = 256 * 1024;
constexpr size_t MAX_CONSOLES = 4;

char g_ring_storage[RING_SIZE];
LogRing g_ring(g_ring_storage, RING_SIZE);
Spinlock g_lock(LockRank::Log);
void (*g_listener)() = nullptr;
bool g_listener_pending = false;
ConsoleWrite g_consoles[MAX_CONSOLES] = { arch::serial_write };
size_t g_console_count = 1;

const char* level_colour(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug:
        return "\x1b[90m";
    case LogLevel::Warn:
        return "\x1b[33m";
    case LogLevel::Error:
        return "\x1b[31m";
    case LogLevel::Info:
        break;
    }
    return "";
}

void write_consoles(const char* text, size_t length)
{
    for (size_t i = 0; i < g_console_count; ++i)
        g_consoles[i](text, length);
}

} // namespace

LogRing& log_ring() { return g_ring; }

void log_ring_read(void (*reader)(const LogRing& ring, void* context), void* context)
{
    SpinlockGuard guard(g_lock);
    reader(g_ring, context);
}

void log_set_listener(void (*listener)())
{
    __atomic_store_n(&g_listener, listener, __ATOMIC_RELEASE);
}

void log_notify_deferred()
{
    auto listener = __atomic_load_n(&g_listener, __ATOMIC_ACQUIRE);
    if (listener && __atomic_exchange_n(&g_listener_pending, false, __ATOMIC_ACQ_REL))
        listener();
}

void log_add_console(ConsoleWrite write)
{
    SpinlockGuard guard(g_lock);
    if (g_console_count < MAX_CONSOLES)
        g_consoles[g_console_count++] = write;
}

namespace {

// Wakes /dev/klog's pollers now if this context may wake threads, else leaves a note
// for log_notify_deferred.
void notify_listener()
{
    auto listener = __atomic_load_n(&g_listener, __ATOMIC_ACQUIRE);
    if (!listener)
        return;
    if (!arch::interrupts_enabled() || this_processor().spinlock_depth > 0) {
        __atomic_store_n(&g_listener_pending, true, __ATOMIC_RELEASE);
        return;
    }
    __atomic_store_n(&g_listener_pending, false, __ATOMIC_RELEASE);
    listener();
}

} // namespace

void vlog(LogLevel level, const char* fmt, va_list args)
{
    // Format outside the lock into a bounded line; longer messages are cut with "...".
    char line[512];
    uint64_t ns = arch::monotonic_ns();
    size_t prefix = format(line, sizeof(line), "[%5llu.%06llu cpu%u] ", static_cast<unsigned long long>(ns / 1000000000),
        static_cast<unsigned long long>((ns / 1000) % 1000000), this_cpu_index());
    size_t body = vformat(line + prefix, sizeof(line) - prefix - 1, fmt, args);
    size_t length = prefix + body;
    if (length > sizeof(line) - 2) {
        length = sizeof(line) - 2;
        line[length - 3] = line[length - 2] = line[length - 1] = '.';
    }
    line[length++] = '\n';

    {
    SpinlockGuard guard(g_lock);
    g_ring.append(line, length);
    const char* colour = level_colour(level);
    if (*colour) {
        // Colour only the message, not the timestamp, and reset before the newline.
        write_consoles(line, prefix);
        write_consoles(colour, __builtin_strlen(colour));
        write_consoles(line + prefix, length - prefix - 1);
        write_consoles("\x1b[0m\n", 5);
    } else {
        write_consoles(line, length);
    }
    }
    notify_listener();
}

#define TS_DEFINE_LOG(name, level)         \
    void name(const char* fmt, ...)        \
    {                                      \
        va_list args;                      \
        va_start(args, fmt);               \
        vlog(level, fmt, args);            \
        va_end(args);                      \
    }
TS_DEFINE_LOG(log, LogLevel::Info)
TS_DEFINE_LOG(log_warn, LogLevel::Warn)
TS_DEFINE_LOG(log_error, LogLevel::Error)
TS_DEFINE_LOG(log_debug, LogLevel::Debug)
#undef TS_DEFINE_LOG

void log_console_write(const char* text, size_t length)
{
    SpinlockGuard guard(g_lock);
    write_consoles(text, length);
}

void log_emergency_write(const char* text, size_t length) { write_consoles(text, length); }

void log_emergency(const char* fmt, ...)
{
    char line[512];
    va_list args;
    va_start(args, fmt);
    size_t length = vformat(line, sizeof(line), fmt, args);
    va_end(args);
    if (length >= sizeof(line))
        length = sizeof(line) - 1;
    log_emergency_write(line, length);
    // Emergency output also lands in the ring, so a later /dev/klog reader sees the panic.
    g_ring.append(line, length);
}

} // namespace ts
