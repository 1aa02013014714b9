// Initrd: fills a directory tree from the initrd's USTAR archive. Layer: fs.
//
// The archive is untrusted input. It is read twice: the first pass checks every header
// (ustar::Reader) and changes nothing, so a malformed archive leaves the root empty and
// usable and the caller logs the reason; the second pass creates directories, files,
// symbolic links and hard links. An entry the VFS refuses (a name with ':', a link to a
// missing file) is skipped and counted, not fatal.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Result.hpp>
#include <lib/Ustar.hpp>

#include "Vfs.hpp"

namespace ts::fs {

struct InitrdSummary {
    size_t directories { 0 };
    size_t files { 0 };
    size_t symlinks { 0 };
    size_t hard_links { 0 };
    size_t skipped { 0 };
    uint64_t bytes { 0 };
};

// Unpacks the archive below the root of `context`'s namespace. Error::Corrupt (with
// `problem` filled) if any header is bad; then nothing was created.
Result<InitrdSummary> unpack_initrd(const PathContext& context, const uint8_t* data, size_t size, ustar::Problem* problem);

} // namespace ts::fs
