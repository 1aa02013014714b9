// UstarArchive: writes POSIX ustar archives in memory for tests. Part of tests/support:
// host-only test code (hosted C++), shared by the USTAR validator's host tests and the
// fuzzers' seed generator. Headers are filled the way POSIX tar writes them and sealed
// with kernel/lib's checksum function.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "lib/Ustar.hpp"

namespace ts::test {

struct UstarEntry {
    std::string name;
    std::string data;
    char type { '0' };
};

inline void put_octal(char* field, size_t length, uint64_t value)
{
    // length - 1 digits, zero padded, then a NUL: the form POSIX tar writes.
    std::snprintf(field, length, "%0*llo", static_cast<int>(length - 1), static_cast<unsigned long long>(value));
}

// Writes the checksum of `header` as it now stands: six digits, NUL, space.
inline void seal(ustar::Header& header)
{
    std::snprintf(header.checksum, sizeof(header.checksum), "%06o", ustar::compute_checksum(header));
    header.checksum[7] = ' ';
}

inline ustar::Header make_ustar_header(const UstarEntry& entry)
{
    ustar::Header header;
    std::memset(&header, 0, sizeof(header));
    std::memcpy(header.name, entry.name.data(), std::min(entry.name.size(), sizeof(header.name)));
    put_octal(header.mode, sizeof(header.mode), 0644);
    put_octal(header.uid, sizeof(header.uid), 0);
    put_octal(header.gid, sizeof(header.gid), 0);
    put_octal(header.size, sizeof(header.size), entry.data.size());
    put_octal(header.mtime, sizeof(header.mtime), 1700000000);
    header.typeflag = entry.type;
    std::memcpy(header.magic, "ustar", 6);
    std::memcpy(header.version, "00", 2);
    seal(header);
    return header;
}

// A complete archive: headers, data padded to 512 bytes, and (unless told otherwise)
// the two zero blocks that end it.
inline std::vector<uint8_t> make_ustar_archive(const std::vector<UstarEntry>& entries, bool end_blocks = true)
{
    std::vector<uint8_t> out;
    for (const UstarEntry& entry : entries) {
        ustar::Header header = make_ustar_header(entry);
        auto* bytes = reinterpret_cast<const uint8_t*>(&header);
        out.insert(out.end(), bytes, bytes + sizeof(header));
        out.insert(out.end(), entry.data.begin(), entry.data.end());
        out.resize((out.size() + 511) / 512 * 512, 0);
    }
    if (end_blocks)
        out.resize(out.size() + 1024, 0);
    return out;
}

} // namespace ts::test
