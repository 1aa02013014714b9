// UstarReader: walks the entries of a ustar archive held in memory (the initrd). Part of
// kernel/lib: freestanding, no allocation, depends only on Ustar.hpp and other kernel/lib
// headers; host-tested and fuzzed.
//
// The archive is untrusted, and a reader must not rely on validate() having run (the
// kernel may be handed an archive the loader never saw), so every header is checked again
// here, along with what validate() leaves alone: the mode, the path and the link target.
// Paths come out normalised so a caller can join them under a directory safely:
//   - prefix and name are joined as POSIX says ("prefix/name");
//   - empty and "." components are dropped, so "./etc//motd" is "etc/motd", a leading
//     '/' goes and trailing '/' goes;
//   - a ".." component is refused (it could climb out of wherever the archive is
//     unpacked);
//   - the archive's root itself ("./", ".", "/"), which `tar -C dir .` writes first,
//     is a Directory entry with the empty path "".
#pragma once

#include <cstddef>
#include <cstdint>

#include "Result.hpp"
#include "Ustar.hpp"

namespace ts::ustar {

enum class EntryType : uint8_t {
    File,      // '0', '\0' (old tar)
    Directory, // '5'
    Symlink,   // '2'
    HardLink,  // '1'
    Other,     // pax 'x'/'g', GNU 'L'/'K', devices, FIFOs, anything else: callers skip it
};

// The longest normalised path: a full prefix, '/', a full name.
inline constexpr size_t PATH_LIMIT = 256;

struct Entry {
    char path[PATH_LIMIT + 1 + 1] {}; // normalised (see above), NUL-terminated
    EntryType type { EntryType::Other };
    uint32_t mode { 0 };              // permission bits only (0..07777)
    // Data bytes: the contents for a File, the payload for Other (a pax header's records,
    // a GNU long name), 0 for directories and links.
    uint64_t size { 0 };
    const uint8_t* data { nullptr };  // `size` bytes inside the archive
    // For symbolic links: the target as stored (resolved later from the link's
    // directory, so ".." is allowed). For hard links: an archive path, normalised like
    // `path`. Empty for other types. NUL-terminated.
    char link_target[100 + 1] {};
    uint64_t offset { 0 };            // the header's offset in the archive, for messages
};

class Reader {
public:
    Reader(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}

    // The next entry: true and `entry` filled in; false at the end of the archive (two
    // zero blocks, one zero block then the end of the data, or exactly the end of the
    // data). Error::Corrupt with `problem` (which may be null) naming the reason and the
    // header's offset for: a truncated header, a bad magic or checksum, a malformed octal
    // field (size, mode), data beyond the end, a zero block followed by more headers, an
    // empty name, a ".." component, an empty path for anything but a directory, a link
    // without a target or a hard link whose target normalises to nothing. After an error
    // every further call returns the same error and problem.
    //
    // Extension entries (pax 'x'/'g', GNU 'L'/'K') are returned as Other and not applied:
    // the next entry keeps the name its own header gives. Their data is skipped by the
    // size field like any other entry's.
    Result<bool> next(Entry& entry, Problem* problem = nullptr);

private:
    Error fail(const char* reason, uint64_t offset, Problem* problem);

    const uint8_t* m_data;
    size_t m_size;
    uint64_t m_offset { 0 }; // of the next header
    bool m_done { false };
    bool m_failed { false };
    Problem m_problem;       // the error's, once m_failed
};

} // namespace ts::ustar
