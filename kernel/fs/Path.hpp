// Path: the pieces of a path string, without its flags (PathFlags.hpp splits those off):
// iterating components, checking a single name, and splitting off the last component.
// Layer: fs, hardware-free (host-tested); calls only kernel/lib.
//
// Nothing here resolves anything: "." and ".." are ordinary components to these
// functions, and the walker (Vfs.cpp) gives them their meaning.
#pragma once

#include <cstddef>

#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "PathFlags.hpp"

namespace ts::fs {

// Iterates the components of a path, skipping the empty components that repeated slashes
// make ("a//b" is "a", "b"); "." and ".." are returned as components.
//
//     PathComponents components(path);
//     StringView name;
//     while (components.next(name)) { ... components.is_last() ... }
class PathComponents {
public:
    explicit PathComponents(StringView path) : m_path(path) {}

    // Starts with '/'.
    bool is_absolute() const { return m_path.starts_with('/'); }
    // Ends with '/' after at least one component ("a/b/"), so the walker must end at a
    // directory. The root alone ("/", "//") has no component and does not count.
    bool has_trailing_slash() const;
    // The next component; false at the end.
    bool next(StringView& component);
    // True when no component follows the one most recently returned (before the first
    // next(): when the path has no component at all).
    bool is_last() const;

private:
    size_t skip_slashes(size_t from) const;

    StringView m_path;
    size_t m_position { 0 }; // just after the component most recently returned
};

// A name a directory entry may have: 1..MAX_NAME_LENGTH bytes, no '/', no ':', no NUL, and not
// "." or "..". Error::InvalidArgument, or Error::TooBig for a name over MAX_NAME_LENGTH bytes.
Result<void> validate_name(StringView name);

// The last component and the part before it, both pointing into the input:
//   "a/b/c" -> {"a/b", "c"}   "/c" -> {"/", "c"}   "c" -> {"", "c"}
//   "a/b/" -> {"a", "b"} (trailing slashes ignored)   "a//b" -> {"a", "b"}
//   "/" -> {"/", ""}   "" -> {"", ""}
struct SplitPath {
    StringView parent;
    StringView name;
};
SplitPath split_last(StringView path);

} // namespace ts::fs
