// Fatal: print the error, optionally leave QEMU, halt. Part of bootloader/.
#include "Fatal.hpp"

#include "Console.hpp"
#include <arch/x86_64/Cpu.hpp>
#include <arch/x86_64/DebugExit.hpp>

namespace ts::loader {

namespace {

bool s_debug_exit;

} // namespace

void set_debug_exit_on_fatal(bool enabled)
{
    s_debug_exit = enabled;
}

void vfatal(const char* fmt, va_list args)
{
    console_vline("tessera-loader: error: ", fmt, args);
    if (s_debug_exit) {
        // QEMU's isa-debug-exit takes a 32-bit write when configured with iosize=4. On a
        // machine without the device the write goes nowhere and we halt below.
        arch::debug_exit_write(arch::ExitCode::LoaderError);
    }
    info("halted; reset or power off the machine");
    arch::halt_forever();
}

void fatal(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vfatal(fmt, args);
}

} // namespace ts::loader
