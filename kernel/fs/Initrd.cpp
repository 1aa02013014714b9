// Initrd (see Initrd.hpp).
#include "Initrd.hpp"

#include <lib/Format.hpp>
#include <lib/UstarReader.hpp>

#include "Path.hpp"

namespace ts::fs {

namespace {

// "/<path><flags>" into `buffer`; false if it does not fit.
bool make_path(char* buffer, size_t size, const char* path, const char* flags)
{
    return format(buffer, size, "/%s%s", path, flags) < size;
}

Result<void> create_parents(const PathContext& context, const char* path)
{
    SplitPath split = split_last(path);
    if (split.parent.is_empty())
        return {};
    char buffer[384];
    if (format(buffer, sizeof(buffer), "/%.*s:create:directory:parents", static_cast<int>(split.parent.size()), split.parent.data()) >= sizeof(buffer))
        return Error::TooBig;
    TRY(open(context, buffer));
    return {};
}

Result<void> unpack_entry(const PathContext& context, const ustar::Entry& entry, InitrdSummary& summary)
{
    char path[384];
    switch (entry.type) {
    case ustar::EntryType::Directory:
        if (!make_path(path, sizeof(path), entry.path, ":create:directory:parents"))
            return Error::TooBig;
        TRY(open(context, path));
        ++summary.directories;
        return {};
    case ustar::EntryType::File: {
        if (!make_path(path, sizeof(path), entry.path, ":create:truncate:parents:write"))
            return Error::TooBig;
        auto file = TRY(open(context, path));
        size_t written = 0;
        while (written < entry.size) {
            size_t done = TRY(file->write(entry.data + written, static_cast<size_t>(entry.size - written)));
            if (done == 0)
                return Error::NoSpace;
            written += done;
        }
        ++summary.files;
        summary.bytes += entry.size;
        return {};
    }
    case ustar::EntryType::Symlink:
        TRY(create_parents(context, entry.path));
        if (!make_path(path, sizeof(path), entry.path, ""))
            return Error::TooBig;
        TRY(symlink(context, entry.link_target, path));
        ++summary.symlinks;
        return {};
    case ustar::EntryType::HardLink: {
        TRY(create_parents(context, entry.path));
        char target[384];
        if (!make_path(path, sizeof(path), entry.path, "") || !make_path(target, sizeof(target), entry.link_target, ""))
            return Error::TooBig;
        TRY(link(context, target, path));
        ++summary.hard_links;
        return {};
    }
    case ustar::EntryType::Other:
        return Error::NotSupported;
    }
    return Error::NotSupported;
}

} // namespace

Result<InitrdSummary> unpack_initrd(const PathContext& context, const uint8_t* data, size_t size, ustar::Problem* problem)
{
    // Pass 1: every header, nothing created.
    {
        ustar::Reader reader(data, size);
        ustar::Entry entry;
        while (TRY(reader.next(entry, problem))) { }
    }
    // Pass 2: build the tree.
    InitrdSummary summary;
    ustar::Reader reader(data, size);
    ustar::Entry entry;
    while (TRY(reader.next(entry, problem))) {
        if (entry.path[0] == '\0')
            continue; // "./" itself: the root exists
        if (unpack_entry(context, entry, summary).is_error())
            ++summary.skipped;
    }
    return summary;
}

} // namespace ts::fs
