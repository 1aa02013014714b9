// Format: printf-style text formatting for logs, panics and small string building.
// Part of kernel/lib (depends on nothing; no allocation, no floating point).
//
// Output goes either to a sink callback (a serial port, the console, a log ring) or into
// a fixed buffer with snprintf semantics:
//
//     format_to(serial_sink, &port, "cpu%u: %s\n", cpu, message);
//     char name[32]; format(name, sizeof(name), "thread-%llu", id);
//
// Conversions: %d %i %u %x %X %o %b %p %s %c %%, with the flags - 0 + space #, a field
// width and a precision (either may be *), and the length modifiers hh h l ll z t j.
// They behave as in C's printf, with three deliberate differences:
//   - %p always prints "0x" and 16 hex digits, also for null, so columns of addresses
//     line up in logs.
//   - %s of a null pointer prints "(null)", cut to the precision like any other string.
//   - An unsupported conversion (%f, %n, %ls's wide text, a typo) is copied to the output
//     as written instead of being interpreted. %n never writes through its pointer.
// The format attribute makes the compiler check every literal format string against its
// arguments. gcc 12 knows %b (from C23); clang 14 does not and rejects a literal "%b"
// under -Werror (-Wformat-invalid-specifier, then -Wformat-extra-args for the arguments
// after it), so kernel code built with clang 14 must use %x or %o until the toolchain
// moves on. %b works at run time either way.
#pragma once

#include <cstdarg>
#include <cstddef>

namespace ts {

// Receives the output in pieces; `text` is not NUL-terminated.
using FormatSink = void (*)(void* context, const char* text, size_t length);

// Formats to `sink` and returns the number of characters emitted.
size_t vformat_to(FormatSink sink, void* context, const char* fmt, va_list args)
    __attribute__((format(printf, 3, 0)));
size_t format_to(FormatSink sink, void* context, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

// snprintf semantics: writes at most size - 1 characters and a terminating NUL (when
// size > 0), and returns the length the complete output would have had, so a result
// >= size means the text was truncated.
size_t vformat(char* buffer, size_t size, const char* fmt, va_list args)
    __attribute__((format(printf, 3, 0)));
size_t format(char* buffer, size_t size, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

} // namespace ts
