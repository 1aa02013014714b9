// Fatal: the loader's single failure path. Part of bootloader/; sits on Console and Cpu.
//
// The loader has nobody to return an error to: the firmware would just try the next
// boot option and the message would scroll away. So every unrecoverable problem ends
// here, which prints "tessera-loader: error: <message>" on the screen and the serial
// port and halts the CPU for good. With `debug_exit = yes` in boot.cfg it first writes
// to QEMU's isa-debug-exit device, so automated tests see the failure as an exit status.
#pragma once

#include <cstdarg>
#include <cstdint>

namespace ts::loader {

// With debug exit on, a fatal error writes arch::ExitCode::LoaderError to QEMU's
// isa-debug-exit device (kernel/arch/x86_64/DebugExit.hpp): QEMU exits with status 39.
void set_debug_exit_on_fatal(bool enabled);

[[noreturn]] void fatal(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] void vfatal(const char* fmt, va_list args) __attribute__((format(printf, 1, 0)));

} // namespace ts::loader
