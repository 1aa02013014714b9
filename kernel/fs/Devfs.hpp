// Devfs: the file system mounted at /dev, where drivers publish their devices
// ("const/zero", "klog"). Layer: fs. One instance, made by init().
#pragma once

#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "Dentry.hpp"
#include "Superblock.hpp"
#include "Vnode.hpp"

namespace ts::devfs {

Result<void> init();
fs::Dentry& root_dentry();
// The superblock device vnodes are made with.
fs::Superblock& superblock();
// Publishes a device at `path` below /dev, creating directories on the way.
Result<void> publish(StringView path, fs::Vnode& device);

} // namespace ts::devfs
