// KlogDevice: /dev/klog, the kernel log as a file. Layer: core (fs objects, the log).
//
// Each open starts at the oldest line still in the ring and keeps its own position, so
// any number of readers follow the log independently. A read returns whole lines; at the
// end of the log it waits for the next line, or fails with WouldBlock under :nonblock.
// poll() reports readable while unread lines exist. A reader that falls more than the
// ring's size behind skips to the oldest line left (LogRing.hpp).
#pragma once

#include <lib/Result.hpp>

namespace ts {

Result<void> klog_device_init();

} // namespace ts
