// Console: the loader's text output, to the firmware console (the screen) and to the
// COM1 serial port at once. Part of bootloader/; sits on Firmware and Cpu only.
//
// The serial port is driven directly through its I/O ports rather than through a UEFI
// protocol, so output keeps working after ExitBootServices() and in the hand-off path.
// The screen is written through the firmware's text output (the graphics console, or
// ConOut) while boot services are usable; after that, messages go to serial only.
//
// Line prefixes: info lines start with "tessera-loader: ", warnings with
// "tessera-loader: warning: ", errors (see Fatal.hpp) with "tessera-loader: error: ".
#pragma once

#include <cstdarg>
#include <cstddef>

namespace ts::loader {

// Programs COM1 for 115200 baud, 8N1. Safe to call when no UART is present.
void console_init();

// Chooses the text output for the screen (see Console.cpp for why it is not always
// ConOut). Until it is called, output goes to serial only.
void console_attach_screen();

// Writes text to both outputs; "\n" becomes "\r\n" on both.
void console_write(const char* text, size_t length);

// One line with a prefix and a trailing newline.
void console_vline(const char* prefix, const char* fmt, va_list args) __attribute__((format(printf, 2, 0)));

// A line without prefix (the banner).
void print(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void info(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void warn(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Called after a graphics mode change, which clears the screen: writes everything
// printed so far (up to a few KiB) again so earlier lines and warnings stay visible.
void console_reset_screen();

} // namespace ts::loader
