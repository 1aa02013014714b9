// ConstDevice: /dev/const/{zero,one,null}, the devices whose contents never change.
// Layer: drivers (fs objects only). zero reads as 0x00 bytes, one as 0xff bytes, null as
// end of file; all three accept and discard any write.
#pragma once

#include <lib/Result.hpp>

namespace ts::drivers {

// Publishes the three devices in devfs.
Result<void> const_devices_init();

} // namespace ts::drivers
