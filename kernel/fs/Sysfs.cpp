// Sysfs (see Sysfs.hpp).
#include "Sysfs.hpp"

#include <lib/TryNew.hpp>

namespace ts::sysfs {

namespace {
fs::SyntheticFs* g_sysfs = nullptr;
}

Result<void> init()
{
    if (g_sysfs)
        return {};
    auto instance = TRY(fs::create_synthetic("sysfs"));
    g_sysfs = new (std::nothrow) fs::SyntheticFs(instance);
    if (!g_sysfs)
        return Error::NoMemory;
    return {};
}

fs::Dentry& root_dentry()
{
    return *g_sysfs->root_dentry;
}

Result<void> publish(StringView path, fs::ReadHandler read, fs::WriteHandler write, void* context)
{
    if (!g_sysfs)
        return Error::NotFound;
    auto file = TRY(make_ref<fs::HandlerFile>(g_sysfs->root->superblock(), read, write, context));
    return fs::publish_at(*g_sysfs->root, path, *file);
}

Result<void> publish_vnode(StringView path, fs::Vnode& vnode)
{
    if (!g_sysfs)
        return Error::NotFound;
    return fs::publish_at(*g_sysfs->root, path, vnode);
}

fs::Superblock& superblock()
{
    return g_sysfs->root->superblock();
}

} // namespace ts::sysfs
