// ConsoleDevice: /dev/console, where processes write lines for the kernel log (serial and
// screen, timestamped, prefixed with the writer's process name). Reads return end of
// file: the interactive console is /dev/cons (SerialConsole.hpp). Layer: drivers.
#pragma once

#include <lib/Result.hpp>

namespace ts::drivers {

Result<void> console_device_init();

} // namespace ts::drivers
