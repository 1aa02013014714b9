// BootConfig: the contents of \tessera\boot.cfg and its parser. Part of bootloader/.
//
// The parser is hardware-free: it takes the file's bytes and reports problems through a
// callback, so it never touches firmware. The file is plain text, one `key = value` per
// line; a line whose first non-blank character is `#` is a comment, blank lines are
// ignored, and `\r\n` line ends and a UTF-8 byte order mark are accepted. A `#` later in
// a line is part of the value (command lines may contain one). Problems in the file
// (unknown keys, malformed values, lines without `=`) are warnings: the line is ignored
// and the rest of the file still applies. See docs/loader.md for the keys. Host-tested
// (tests/host/loader) and fuzzed (tests/fuzz), since the file is whatever the ESP holds.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts::loader {

inline constexpr size_t CMDLINE_CAPACITY = 4096; // bytes, including the terminating NUL
inline constexpr size_t PATH_CAPACITY = 256;     // bytes, including the terminating NUL

inline constexpr const char* CONFIG_PATH = "\\tessera\\boot.cfg";
inline constexpr const char* DEFAULT_KERNEL_PATH = "\\tessera\\kernel.elf";
inline constexpr const char* DEFAULT_INITRD_PATH = "\\tessera\\initrd.tar";

struct BootConfig {
    char cmdline[CMDLINE_CAPACITY];          // NUL terminated; empty by default
    size_t cmdline_length;
    char kernel_path[PATH_CAPACITY];         // as written; FileLoader turns '/' into '\'
    char initrd_path[PATH_CAPACITY];
    bool has_resolution;                     // `resolution = WxH` given and well formed
    uint32_t width;
    uint32_t height;
    bool debug_exit;                         // `debug_exit = yes`: fatal errors leave QEMU
};

// Receives one warning, e.g. "line 3: unknown key 'foo' (ignored)".
using ConfigWarningFn = void (*)(void* context, const char* message);

void set_config_defaults(BootConfig& config);

// Applies the settings in `text` on top of whatever `config` holds.
void parse_boot_config(const char* text, size_t length, BootConfig& config, ConfigWarningFn warn,
    void* context);

} // namespace ts::loader
