// SystemFiles: the sysfs and devfs files each subsystem publishes at boot. Layer: core
// (calls into every subsystem). Each function lives beside the subsystem it describes:
//   kernel/core/KernelSysfs.cpp   /sys/kernel/{version,uptime_ns,cmdline}
//   kernel/mm/MemorySysfs.cpp     /sys/mm/stats
//   kernel/sched/CpuSysfs.cpp     /sys/cpu/<n>/{busy_ns,idle_ns,context_switches}, /sys/cpu/online
//   kernel/acpi/AcpiSysfs.cpp     /sys/acpi/tables/<SIG>[<n>] (raw bytes)
//   kernel/fs/FsSysfs.cpp         /sys/fs/{dcache,ctl}
#pragma once

#include <lib/Result.hpp>

namespace ts {

Result<void> kernel_publish_sysfs();
Result<void> memory_publish_sysfs();
Result<void> cpu_publish_sysfs();
Result<void> acpi_publish_sysfs();
Result<void> fs_publish_sysfs();

// All of the above, then the devices (/dev/klog, /dev/const/*); logs what failed.
void publish_system_files();

} // namespace ts
