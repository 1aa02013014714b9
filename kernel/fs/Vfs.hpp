// Vfs: path resolution and the operations on paths. Layer: fs (lib, sched locks, the fs
// objects). Every path operation of the kernel goes through here; file systems only
// answer questions about one directory at a time.
//
// A walk starts at the namespace's root (absolute paths) or at a starting Location (the
// working directory, or a directory descriptor) with a permission cap. Step by step it
// resolves "." (stays), ".." (up, never above the namespace's root, across mounts the way
// it came), names (dentry cache first, then the file system), symbolic links (their
// target is walked from the link's directory, at most MAX_SYMLINKS in one walk, else
// Error::Loop) and mounts (a dentry with a mount on it is replaced by the mount's root,
// and the cap narrows to the mount's permissions). docs/kernel/vfs.md has the details.
//
// Paths carry their flags (PathFlags.hpp): open("/tmp/a:create:exclusive:rw").
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "File.hpp"
#include "Mount.hpp"
#include "PathFlags.hpp"

namespace ts::fs {

inline constexpr int MAX_SYMLINKS = 40;

// Who walks and from where.
struct PathContext {
    Namespace* ns { nullptr }; // required
    Location start;            // for relative paths; invalid: the namespace's root
    Perm cap { Perm::All };    // the most any file reached from `start` may get
};

// Opens a path with its flags: `:create` makes a file (with `:directory`, a directory;
// with `:parents`, missing directories on the way too), `:exclusive` fails if it exists,
// `:truncate` empties it, `:append` writes at the end, `:nofollow` refuses a final
// symbolic link, `:nonblock` makes reads of streams return WouldBlock. Permissions named
// must all be allowed (else Error::Permission); none named means read and write, narrowed
// to what is allowed. For a directory, write permission is what lets walks from it
// create, remove and rename entries; write() on it still fails with IsDirectory.
Result<NonnullRefPtr<File>> open(const PathContext& context, StringView path);

// Opens two files from one path (the open2 call): walks `path` as open() does and asks
// the vnode found for its pair (Vnode::open_pair; /dev/pipe/new makes a pipe). Index 0
// is the read end, index 1 the write end. The path may carry permissions (checked as for
// open(); none named means read and write, narrowed to what is allowed), :nonblock (passed
// on to both files) and :nofollow; any other flag is Error::InvalidArgument, since a pair
// is never created, truncated or appended to. A vnode without pairs: Error::NotSupported.
Result<FilePair> open_pair(const PathContext& context, StringView path);

// Removes a file, an empty directory or a symbolic link (never follows it); with
// `:recursive`, a directory and everything below it.
Result<void> remove(const PathContext& context, StringView path);
Result<void> rename(const PathContext& context, StringView from, StringView to);
// A hard link `to` naming the file at `from` (not a directory).
Result<void> link(const PathContext& context, StringView from, StringView to);
Result<void> symlink(const PathContext& context, StringView target, StringView path);
Result<size_t> readlink(const PathContext& context, StringView path, char* buffer, size_t size);
// Follows a final symbolic link unless the path says `:nofollow`.
Result<Stat> stat(const PathContext& context, StringView path);

// Mount points (of context.ns). `mount` shows the root of a file system instance at a
// directory (`root` is the instance's root dentry, which file systems hand out when an
// instance is made); `bind` shows an open file there (a directory over a directory, a file over a
// file) with the file's permissions; `unmount` removes the mount whose root `path` names.
Result<void> mount(const PathContext& context, StringView path, Dentry& root, Perm perms = Perm::All);
Result<void> bind(const PathContext& context, StringView path, File& file);
Result<void> unmount(const PathContext& context, StringView path);

// The path of a location as seen from the namespace's root ("/dev/klog"), for /proc and
// diagnostics; returns the length (the text is cut to fit `size`).
size_t absolute_path(const Namespace& ns, const Location& location, char* buffer, size_t size);

// A context for walks from an open directory.
PathContext context_at(Namespace& ns, const File& directory);

} // namespace ts::fs
