// /sys/fs: the file layer's own files (see core/SystemFiles.hpp).
//   dcache  the dentry cache's counters
//   ctl     commands: `shrink [KEEP]` drops unused cached names down to KEEP (default 0);
//           `log WORDS...` writes a line to the kernel log (a marker for tests and users).
#include <core/Log.hpp>
#include <core/SystemFiles.hpp>

#include "CtlFile.hpp"
#include "Dentry.hpp"
#include "Sysfs.hpp"
#include "Tmpfs.hpp"

namespace ts {

namespace {

Result<void> ctl_shrink(void*, const ctl::Command& command)
{
    int64_t keep = 0;
    if (command.arg_count() == 1) {
        keep = TRY(ctl::parse_int(command.arg(0)));
        if (keep < 0)
            return Error::InvalidArgument;
    }
    fs::dcache().shrink(static_cast<size_t>(keep));
    return {};
}

Result<void> ctl_log(void*, const ctl::Command& command)
{
    char line[256];
    size_t length = 0;
    for (size_t i = 0; i < command.arg_count(); ++i) {
        StringView word = command.arg(i);
        if (length + word.size() + 2 > sizeof(line))
            return Error::TooBig;
        if (i > 0)
            line[length++] = ' ';
        __builtin_memcpy(line + length, word.data(), word.size());
        length += word.size();
    }
    line[length] = '\0';
    log("ctl: %s", line);
    return {};
}

const ctl::Handler FS_CTL_HANDLERS[] = {
    { "shrink", 0, 1, ctl_shrink },
    { "log", 1, ctl::MAX_WORDS - 1, ctl_log },
};

} // namespace

Result<void> fs_publish_sysfs()
{
    TRY(sysfs::publish("fs/dcache", [](void*, fs::TextBuffer& out) -> Result<void> {
        auto stats = fs::dcache().stats();
        out.appendf("entries %zu\nnegative %zu\nhits %zu\nmisses %zu\nevictions %zu\n", stats.entries, stats.negative,
            stats.hits, stats.misses, stats.evictions);
        auto tmpfs = fs::tmpfs::stats();
        out.appendf("tmpfs_vnodes %llu\ntmpfs_pages %llu\n", static_cast<unsigned long long>(tmpfs.files),
            static_cast<unsigned long long>(tmpfs.data_pages));
        return {};
    }, nullptr, nullptr));
    auto ctl = TRY(make_ref<fs::CtlFile>(sysfs::superblock(), FS_CTL_HANDLERS, sizeof(FS_CTL_HANDLERS) / sizeof(FS_CTL_HANDLERS[0]), nullptr));
    return sysfs::publish_vnode("fs/ctl", *ctl);
}

} // namespace ts
