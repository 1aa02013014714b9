// Devfs (see Devfs.hpp).
#include "Devfs.hpp"

#include "Synthetic.hpp"

namespace ts::devfs {

namespace {
fs::SyntheticFs* g_devfs = nullptr;
}

Result<void> init()
{
    if (g_devfs)
        return {};
    auto instance = TRY(fs::create_synthetic("devfs"));
    g_devfs = new (std::nothrow) fs::SyntheticFs(instance);
    if (!g_devfs)
        return Error::NoMemory;
    return {};
}

fs::Dentry& root_dentry()
{
    return *g_devfs->root_dentry;
}

fs::Superblock& superblock()
{
    return g_devfs->root->superblock();
}

Result<void> publish(StringView path, fs::Vnode& device)
{
    if (!g_devfs)
        return Error::NotFound;
    return fs::publish_at(*g_devfs->root, path, device);
}

} // namespace ts::devfs
