// PathFlags: the open flags and permissions that Tessera writes on the path itself, and
// the parser that splits them off. Layer: fs, hardware-free (host-tested and fuzzed); it
// calls only kernel/lib (StringView, Result, Format).
//
// A path names its flags after the first ':' (names cannot contain one):
//
//     /net/local/seqpacket:nonblock       /tmp/x:create:exclusive       /tmp/x:ce
//     /etc/motd:read                      /tmp/log:rw:append            /tmp/old:recursive
//
// Each ':'-separated segment is a long name (`create`), or else a run of one-letter short
// forms (`ce` = create + exclusive) in which every letter must be known. A long name wins
// over its reading as letters, so `:read` is the read permission and not r+e+a+d. The
// letters: r read, w write, x execute, n nonblock, a append, c create, e exclusive,
// t truncate, d directory, p parents, R recursive, l nofollow. Naming a flag twice is
// harmless; flags that contradict each other are refused (see parse_path()).
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Result.hpp>
#include <lib/StringView.hpp>

namespace ts::fs {

// Access to a file. Also used as a cap: the most a walk may hand out.
enum class Perm : uint8_t {
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
    All = 7,
};

constexpr Perm operator|(Perm a, Perm b) { return static_cast<Perm>(static_cast<uint8_t>(a) | static_cast<uint8_t>(b)); }
constexpr Perm operator&(Perm a, Perm b) { return static_cast<Perm>(static_cast<uint8_t>(a) & static_cast<uint8_t>(b)); }
// The complement within All, so ~Perm::None == Perm::All and no stray high bits appear.
constexpr Perm operator~(Perm a) { return static_cast<Perm>(~static_cast<uint8_t>(a) & static_cast<uint8_t>(Perm::All)); }
constexpr Perm& operator|=(Perm& a, Perm b) { return a = a | b; }
constexpr Perm& operator&=(Perm& a, Perm b) { return a = a & b; }
// Whether `set` holds every permission in `p` (true for p == None).
constexpr bool has(Perm set, Perm p) { return (set & p) == p; }
// Whether every permission in `small` is also in `big`.
constexpr bool is_subset(Perm small, Perm big) { return (small & ~big) == Perm::None; }

enum class OpenFlag : uint16_t {
    None = 0,
    Nonblock = 1 << 0,  // reads of streams return WouldBlock instead of waiting
    Append = 1 << 1,    // every write goes to the end
    Create = 1 << 2,    // make the file if it is missing
    Exclusive = 1 << 3, // with Create: fail if it exists
    Truncate = 1 << 4,  // empty it on open
    Directory = 1 << 5, // it must be (or, with Create, is made as) a directory
    Parents = 1 << 6,   // with Create: make missing directories on the way
    Recursive = 1 << 7, // removal only: a directory and everything below it
    Nofollow = 1 << 8,  // refuse a final symbolic link
};
inline constexpr uint16_t OPEN_FLAG_MASK = (1 << 9) - 1;

constexpr OpenFlag operator|(OpenFlag a, OpenFlag b) { return static_cast<OpenFlag>(static_cast<uint16_t>(a) | static_cast<uint16_t>(b)); }
constexpr OpenFlag operator&(OpenFlag a, OpenFlag b) { return static_cast<OpenFlag>(static_cast<uint16_t>(a) & static_cast<uint16_t>(b)); }
// The complement within the defined flags.
constexpr OpenFlag operator~(OpenFlag a) { return static_cast<OpenFlag>(~static_cast<uint16_t>(a) & OPEN_FLAG_MASK); }
constexpr OpenFlag& operator|=(OpenFlag& a, OpenFlag b) { return a = a | b; }
constexpr OpenFlag& operator&=(OpenFlag& a, OpenFlag b) { return a = a & b; }
// Whether `set` holds every flag in `f` (true for f == None).
constexpr bool has(OpenFlag set, OpenFlag f) { return (set & f) == f; }

inline constexpr size_t MAX_NAME_LENGTH = 255;  // bytes in one component
inline constexpr size_t MAX_PATH_LENGTH = 4096; // bytes in a whole path (without flags)

// Why parse_path() refused its input. `reason` is a static string; `offset` is the byte
// offset in the input of the offending part and `length` its length (for an unknown flag:
// the whole segment), so a message can quote it.
struct PathProblem {
    const char* reason { nullptr };
    size_t offset { 0 };
    size_t length { 0 };
};

struct ParsedPath {
    StringView path;             // the part before the first ':' (points into the input)
    OpenFlag flags { OpenFlag::None };
    Perm perms { Perm::None };   // the permissions named
    bool perms_given { false };  // whether any permission was named at all
};

// Splits `text` into the path and its flags and checks both. Errors:
//   InvalidArgument: an unknown flag, an empty segment ("a::b", a trailing ':'), or a
//     contradiction: exclusive or parents without create; truncate or append together
//     with directory; truncate or append with permissions named but not write;
//     recursive with create (recursive is only for removal).
//   BadFormat: an empty path, a NUL byte anywhere.
//   TooBig: a path over MAX_PATH_LENGTH bytes or a component over MAX_NAME_LENGTH bytes.
// Fills `problem` (when non-null) on failure.
Result<ParsedPath> parse_path(StringView text, PathProblem* problem = nullptr);

// The canonical text of `flags` and `perms`: long forms, permissions first, each in the
// order of their bits (":read:write:create:exclusive"); empty for no flags and no
// permissions. snprintf semantics: writes at most size - 1 characters and a NUL (when
// size > 0) and returns the full length, so a result >= size means it was cut short.
// FLAGS_TEXT_MAX bytes always suffice. Bits outside the defined ones are ignored.
size_t format_flags(OpenFlag flags, Perm perms, char* buf, size_t size);
inline constexpr size_t FLAGS_TEXT_MAX = 128;

// "unknown flag \"foo\" at byte 9" into `buf` (snprintf semantics), quoting the part of
// `text` that `problem` points at, with bytes outside printable ASCII shown as '?'.
size_t describe_problem(StringView text, const PathProblem& problem, char* buf, size_t size);

} // namespace ts::fs
