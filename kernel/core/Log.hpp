// Log: the kernel log. Every line is timestamped with the monotonic clock and the CPU id,
// kept in a ring (LogRing.hpp; /dev/klog will read it) and written to the consoles (serial
// and framebuffer). Layer: core; callable from any context once log_init has run, and
// before that it still reaches the serial port.
#pragma once

#include <cstdarg>
#include <cstddef>

namespace ts {

enum class LogLevel { Debug, Info, Warn, Error };

void log(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void vlog(LogLevel level, const char* fmt, va_list args);

// A console receives every finished line (already prefixed and coloured with ANSI SGR
// escapes, which the framebuffer console interprets). At most a handful are registered.
using ConsoleWrite = void (*)(const char* text, size_t length);
void log_add_console(ConsoleWrite write);

// Writes text to the consoles as it is: no timestamp, no prefix, not into the ring. It
// takes the log's lock, so it never lands inside a log line and log lines never land
// inside it; /dev/cons writes (and echoes) here. Keep each call short (the lock keeps
// interrupts off while the serial port is polled).
void log_console_write(const char* text, size_t length);

// Panic path: writes straight to the consoles without taking the log lock (which the
// panicking CPU may hold) and without timestamps.
void log_emergency_write(const char* text, size_t length);
void log_emergency(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

class LogRing;
LogRing& log_ring();
// Serialises readers of log_ring() against writers (the ring's own lock).
void log_ring_read(void (*reader)(const LogRing& ring, void* context), void* context);

// One listener (/dev/klog's poll queue) hears about every new line. A line written where
// waking threads is not allowed (a spinlock held, interrupts off) is announced later, by
// the next line written from thread context or by an idle CPU (log_notify_deferred).
void log_set_listener(void (*listener)());
void log_notify_deferred();

} // namespace ts
