// isa-debug-exit: see DebugExit.hpp.
#include "DebugExit.hpp"

#include "Cpu.hpp"

namespace ts::arch {

void qemu_exit(ExitCode code)
{
    outl(0xf4, static_cast<uint32_t>(code));
    halt_forever(); // not under QEMU (or no device): stop here
}

} // namespace ts::arch
