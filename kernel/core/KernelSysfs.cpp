// /sys/kernel files (see SystemFiles.hpp), and publish_system_files().
#include "SystemFiles.hpp"

#include <arch/x86_64/Clock.hpp>
#include <drivers/ConsoleDevice.hpp>
#include <drivers/ConstDevice.hpp>
#include <drivers/SerialConsole.hpp>
#include <fs/Sysfs.hpp>
#include <ipc/LocalSocketFs.hpp>
#include <ipc/Pipe.hpp>
#include <ipc/SharedMemory.hpp>

#include "KlogDevice.hpp"
#include "Log.hpp"

namespace ts {

Result<void> kernel_publish_sysfs()
{
    TRY(sysfs::publish("kernel/version", [](void*, fs::TextBuffer& out) -> Result<void> {
        out.appendf("Tessera %s\n", TS_VERSION_STRING);
        return {};
    }, nullptr, nullptr));
    TRY(sysfs::publish("kernel/uptime_ns", [](void*, fs::TextBuffer& out) -> Result<void> {
        out.appendf("%llu\n", static_cast<unsigned long long>(arch::monotonic_ns()));
        return {};
    }, nullptr, nullptr));
    return {};
}

void publish_system_files()
{
    struct Step {
        const char* what;
        Result<void> (*run)();
    };
    const Step steps[] = {
        { "/sys/kernel", kernel_publish_sysfs },
        { "/sys/mm", memory_publish_sysfs },
        { "/sys/cpu", cpu_publish_sysfs },
        { "/sys/acpi", acpi_publish_sysfs },
        { "/sys/fs", fs_publish_sysfs },
        { "/dev/klog", klog_device_init },
        { "/dev/const", drivers::const_devices_init },
        { "/dev/console", drivers::console_device_init },
        { "/dev/cons", drivers::serial_console_init },
        { "/dev/pipe", ipc::pipe_device_init },
        { "/net/local", ipc::local_sockets_init },
        { "/dev/shmem", ipc::shared_memory_init },
    };
    for (const Step& step : steps) {
        auto result = step.run();
        if (result.is_error())
            log_error("vfs: cannot publish %s: %s", step.what, error_name(result.error()));
    }
}

} // namespace ts
