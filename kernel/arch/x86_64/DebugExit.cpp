// isa-debug-exit: see DebugExit.hpp.
#include "DebugExit.hpp"


namespace ts::arch {

void qemu_exit(ExitCode code)
{
    debug_exit_write(code);
    halt_forever(); // not under QEMU (or no device): stop here
}

} // namespace ts::arch
