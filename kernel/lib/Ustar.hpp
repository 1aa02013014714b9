// Ustar: the on-disk layout of a POSIX ustar archive and a validator for a whole archive
// held in memory. Part of kernel/lib: freestanding, no allocation, depends only on other
// kernel/lib headers, so the same source serves the UEFI loader (which refuses a corrupt
// initrd before handing it over), the kernel, and the host unit tests.
//
// The validator walks every 512-byte header and checks what a later reader would rely
// on: the "ustar" magic, the header checksum, a well-formed octal size, and that each
// entry's data lies inside the archive. It does not look at names, modes or link
// targets; a reader that uses those checks them itself.
#pragma once

#include <cstddef>
#include <cstdint>

#include "Result.hpp"

namespace ts::ustar {

inline constexpr size_t BLOCK_SIZE = 512;

// Ref: POSIX.1-2017 XCU pax, "ustar Interchange Format" (header block layout).
// Every numeric field is ASCII octal, terminated by a NUL or a space.
struct Header {
    char name[100];
    char mode[8];
    char uid[8];
    char gid[8];
    char size[12];
    char mtime[12];
    char checksum[8];
    char typeflag;
    char linkname[100];
    char magic[6];   // "ustar\0" (POSIX) or "ustar " (old GNU tar)
    char version[2]; // "00" (POSIX) or " \0" (old GNU tar)
    char uname[32];
    char gname[32];
    char devmajor[8];
    char devminor[8];
    char prefix[155];
    char padding[12];
};
static_assert(sizeof(Header) == BLOCK_SIZE);
static_assert(__builtin_offsetof(Header, size) == 124);
static_assert(__builtin_offsetof(Header, checksum) == 148);
static_assert(__builtin_offsetof(Header, magic) == 257);

// Where and why validation failed. `reason` is a static string; `offset` is the byte
// offset of the header block in which the problem was found.
struct Problem {
    const char* reason { nullptr };
    uint64_t offset { 0 };
};

// Parses an octal numeric field of `length` bytes: optional leading spaces, at least one
// octal digit, then optionally NUL or space terminators up to the end of the field.
// Fails (Error::BadFormat) on any other character, on a missing digit, and on the
// base-256 encoding GNU tar uses for huge values; Error::Overflow if it exceeds 64 bits.
Result<uint64_t> parse_octal(const char* field, size_t length);

// The header checksum as POSIX defines it: the unsigned sum of all 512 bytes with the
// checksum field itself counted as eight spaces.
uint32_t compute_checksum(const Header& header);

// Checks an archive of `size` bytes at `data`. The archive ends at two consecutive zero
// blocks or exactly at the end of the data; anything after the two zero blocks (tar pads
// to a record size) is ignored. An empty buffer is a valid empty archive.
// On failure returns Error::Corrupt and fills `problem` (which may be null).
Result<void> validate(const uint8_t* data, size_t size, Problem* problem);

} // namespace ts::ustar
