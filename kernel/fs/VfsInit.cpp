// VfsInit (see VfsInit.hpp).
#include "VfsInit.hpp"

#include <core/Log.hpp>

#include "Devfs.hpp"
#include "Initrd.hpp"
#include "Sysfs.hpp"
#include "Tmpfs.hpp"

namespace ts::fs {

namespace {
Namespace* g_kernel_namespace = nullptr;
}

Result<void> vfs_init(const uint8_t* initrd, size_t initrd_size)
{
    TRY(dcache().init());
    auto root = TRY(tmpfs::create());
    auto ns = TRY(Namespace::create(root));
    g_kernel_namespace = &ns.leak_ref();
    PathContext context = kernel_context();

    if (initrd && initrd_size) {
        ustar::Problem problem;
        auto summary = unpack_initrd(context, initrd, initrd_size, &problem);
        if (summary.is_error()) {
            log_error("vfs: initrd rejected: %s at byte %llu (%s); the root stays empty", problem.reason ? problem.reason : "?",
                static_cast<unsigned long long>(problem.offset), error_name(summary.error()));
        } else {
            auto& s = summary.value();
            log("vfs: initrd unpacked: %zu directories, %zu files (%llu bytes), %zu symlinks, %zu hard links, %zu skipped",
                s.directories, s.files, static_cast<unsigned long long>(s.bytes), s.symlinks, s.hard_links, s.skipped);
        }
    }

    TRY(devfs::init());
    TRY(sysfs::init());
    const char* directories[] = { "/dev:create:directory", "/sys:create:directory", "/tmp:create:directory" };
    for (const char* directory : directories)
        TRY(open(context, directory)); // an existing directory is simply opened
    TRY(mount(context, "/dev", devfs::root_dentry()));
    TRY(mount(context, "/sys", sysfs::root_dentry()));
    log("vfs: root tmpfs, /dev devfs, /sys sysfs mounted");
    return {};
}

Namespace& kernel_namespace()
{
    return *g_kernel_namespace;
}

PathContext kernel_context()
{
    return PathContext { g_kernel_namespace, {}, Perm::All };
}

} // namespace ts::fs
