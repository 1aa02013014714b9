// Init: the first process. Layer: proc.
//
// With `init=PATH` on the command line the boot thread spawns PATH (argv = {PATH}, no
// environment) in a copy of the kernel namespace, with descriptors 0, 1 and 2 on
// /dev/console, waits for it and logs its exit status. With `init.report` too (the
// system tests), the status decides QEMU's exit code through isa-debug-exit: "ok" is a
// pass, anything else a failure.
#pragma once

#include <lib/Result.hpp>
#include <lib/StringView.hpp>

namespace ts::proc {

// Installs the fault handler and the return-to-user hook and mounts /proc. At boot, once
// the file tree exists.
Result<void> processes_init();
void run_init(StringView path, bool report);

} // namespace ts::proc
