// ConsoleDevice (see ConsoleDevice.hpp).
#include "ConsoleDevice.hpp"

#include <core/Log.hpp>
#include <fs/Devfs.hpp>
#include <lib/RefPtr.hpp>
#include <proc/Process.hpp>

namespace ts::drivers {

namespace {

class ConsoleDevice final : public fs::Vnode {
public:
    explicit ConsoleDevice(fs::Superblock& superblock) : Vnode(superblock, fs::VnodeKind::Device) {}

    bool is_stream() const override { return true; }
    Result<size_t> read(fs::File&, uint64_t, void*, size_t) override { return size_t(0); }
    Result<size_t> write(fs::File&, uint64_t, const void* buffer, size_t size) override
    {
        const char* who = "kernel";
        if (proc::Process* process = proc::current_process())
            who = process->name();
        // One log line per text line; a trailing newline ends the last one.
        const char* text = static_cast<const char*>(buffer);
        size_t start = 0;
        while (start < size) {
            size_t end = start;
            while (end < size && text[end] != '\n')
                ++end;
            log("%s: %.*s", who, static_cast<int>(end - start), text + start);
            start = end + 1;
        }
        return size;
    }
    Result<void> truncate(uint64_t) override { return {}; }
};

} // namespace

Result<void> console_device_init()
{
    auto vnode = TRY(make_ref<ConsoleDevice>(devfs::superblock()));
    return devfs::publish("console", *vnode);
}

} // namespace ts::drivers
