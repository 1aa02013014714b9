// QEMU's isa-debug-exit device: writing v to port 0xf4 makes QEMU exit with status
// (v << 1) | 1. Tests use it to report their result; on real hardware nothing listens
// there, so the write is harmless and we fall through to halting.
// Layer: arch facade. The codes are shared with tests/boot (see docs/testing.md).
#pragma once

#include <cstdint>

#include "Cpu.hpp"

namespace ts::arch {

enum class ExitCode : uint32_t {
    TestsPassed = 0x10, // QEMU exit status 33
    TestsFailed = 0x11, // 35
    Panic = 0x12,       // 37
    LoaderError = 0x13, // 39, written by the loader
};

inline constexpr uint16_t DEBUG_EXIT_PORT = 0xf4;

// Asks QEMU to exit; returns when no such device exists (header-only: the loader uses it).
inline void debug_exit_write(ExitCode code) { outl(DEBUG_EXIT_PORT, static_cast<uint32_t>(code)); }

// Exits QEMU, or halts this CPU for good where there is no device.
[[noreturn]] void qemu_exit(ExitCode code);

} // namespace ts::arch
