// ConstDevice (see ConstDevice.hpp).
#include "ConstDevice.hpp"

#include <fs/Devfs.hpp>
#include <lib/RefPtr.hpp>
#include <mm/MemoryObject.hpp>

namespace ts::drivers {

namespace {

enum class Fill : uint8_t { Zero, One, Null };

class ConstDevice final : public fs::Vnode {
public:
    ConstDevice(fs::Superblock& superblock, Fill fill) : Vnode(superblock, fs::VnodeKind::Device), m_fill(fill) {}

    Result<size_t> read(fs::File&, uint64_t, void* buffer, size_t size) override
    {
        if (m_fill == Fill::Null)
            return size_t(0);
        __builtin_memset(buffer, m_fill == Fill::Zero ? 0x00 : 0xff, size);
        return size;
    }
    Result<size_t> write(fs::File&, uint64_t, const void*, size_t size) override { return size; }
    Result<void> truncate(uint64_t) override { return {}; }
    // Mapping /dev/const/zero gives private demand-zero memory; the others cannot be
    // mapped.
    Result<MapSource> map_source(fs::File&) override
    {
        if (m_fill != Fill::Zero)
            return Error::NotSupported;
        MapSource source;
        source.anonymous = true;
        return source;
    }

private:
    Fill m_fill;
};

} // namespace

Result<void> const_devices_init()
{
    struct Device {
        const char* path;
        Fill fill;
    };
    const Device devices[] = { { "const/zero", Fill::Zero }, { "const/one", Fill::One }, { "const/null", Fill::Null } };
    for (const Device& device : devices) {
        auto vnode = TRY(make_ref<ConstDevice>(devfs::superblock(), device.fill));
        TRY(devfs::publish(device.path, *vnode));
    }
    return {};
}

} // namespace ts::drivers
