// Sysfs: the file system mounted at /sys, where subsystems publish small files with read
// and write handlers: /sys/kernel/version, /sys/mm/stats, /sys/cpu/<n>/..., the ACPI
// tables under /sys/acpi/tables. Layer: fs. One instance, made by init().
//
//     Result<void> read_version(void*, fs::TextBuffer& out) { out.append("0.4\n"); return {}; }
//     TRY(sysfs::publish("kernel/version", read_version, nullptr, nullptr));
#pragma once

#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "Dentry.hpp"
#include "Synthetic.hpp"

namespace ts::sysfs {

Result<void> init();
fs::Dentry& root_dentry();
// Publishes a file at `path` below /sys: readable if `read` is set (the handler fills
// a snapshot at each open), writable if `write` is (each write is passed whole).
Result<void> publish(StringView path, fs::ReadHandler read, fs::WriteHandler write, void* context);
// Publishes a vnode of the caller's making (a CtlFile), made with superblock().
Result<void> publish_vnode(StringView path, fs::Vnode& vnode);
fs::Superblock& superblock();

} // namespace ts::sysfs
