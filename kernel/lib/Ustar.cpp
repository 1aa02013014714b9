// Ustar: validation of an in-memory ustar archive. Part of kernel/lib (freestanding, no
// allocation). See Ustar.hpp for what is checked and why.
#include "Ustar.hpp"

#include "CString.hpp"
#include "Math.hpp"

namespace ts::ustar {

namespace {

bool is_zero_block(const uint8_t* block, size_t length)
{
    for (size_t i = 0; i < length; ++i) {
        if (block[i] != 0)
            return false;
    }
    return true;
}

Result<void> fail(Problem* problem, const char* reason, uint64_t offset)
{
    if (problem) {
        problem->reason = reason;
        problem->offset = offset;
    }
    return Error::Corrupt;
}

} // namespace

Result<uint64_t> parse_octal(const char* field, size_t length)
{
    size_t i = 0;
    // GNU tar stores values that do not fit in octal as big-endian base-256 with the top
    // bit of the first byte set. No initrd needs entries that large, so refuse them
    // rather than guess.
    if (length > 0 && (static_cast<unsigned char>(field[0]) & 0x80))
        return Error::BadFormat;

    while (i < length && field[i] == ' ')
        ++i;

    uint64_t value = 0;
    size_t digits = 0;
    for (; i < length && field[i] >= '0' && field[i] <= '7'; ++i, ++digits) {
        if (value > (UINT64_MAX >> 3))
            return Error::Overflow;
        value = (value << 3) | static_cast<uint64_t>(field[i] - '0');
    }
    if (digits == 0)
        return Error::BadFormat;

    // Whatever follows the digits must be terminators only.
    for (; i < length; ++i) {
        if (field[i] != ' ' && field[i] != '\0')
            return Error::BadFormat;
    }
    return value;
}

uint32_t compute_checksum(const Header& header)
{
    auto* bytes = reinterpret_cast<const unsigned char*>(&header);
    constexpr size_t begin = __builtin_offsetof(Header, checksum);
    constexpr size_t end = begin + sizeof(Header::checksum);
    uint32_t sum = 0;
    for (size_t i = 0; i < sizeof(Header); ++i)
        sum += (i >= begin && i < end) ? static_cast<unsigned char>(' ') : bytes[i];
    return sum;
}

Result<void> validate(const uint8_t* data, size_t size, Problem* problem)
{
    uint64_t offset = 0;
    for (;;) {
        const uint64_t remaining = size - offset;
        if (remaining == 0)
            return {}; // the archive simply ends after its last entry
        if (remaining < BLOCK_SIZE)
            return fail(problem, "truncated header (fewer than 512 bytes left)", offset);

        const uint8_t* block = data + offset;
        if (is_zero_block(block, BLOCK_SIZE)) {
            // End of archive: a second zero block, or the end of the data. A zero block
            // followed by more headers would hide those entries from any reader that
            // stops at the first zero block, so it is rejected rather than skipped.
            const uint64_t after = remaining - BLOCK_SIZE;
            const size_t look = static_cast<size_t>(min<uint64_t>(after, BLOCK_SIZE));
            if (is_zero_block(block + BLOCK_SIZE, look))
                return {};
            return fail(problem, "zero block followed by more data", offset);
        }

        Header header;
        memcpy(&header, block, sizeof(header));

        if (memcmp(header.magic, "ustar", 5) != 0 || (header.magic[5] != '\0' && header.magic[5] != ' '))
            return fail(problem, "bad magic (expected \"ustar\")", offset);

        auto stored_checksum = parse_octal(header.checksum, sizeof(header.checksum));
        if (stored_checksum.is_error())
            return fail(problem, "checksum field is not an octal number", offset);
        if (stored_checksum.value() != compute_checksum(header))
            return fail(problem, "header checksum mismatch", offset);

        auto entry_size = parse_octal(header.size, sizeof(header.size));
        if (entry_size.is_error()) {
            return fail(problem,
                entry_size.error() == Error::Overflow ? "size field overflows 64 bits"
                                                      : "size field is not an octal number",
                offset);
        }

        if (header.name[0] == '\0')
            return fail(problem, "entry has an empty name", offset);

        // Every entry type is walked by its size field: POSIX gives links, directories
        // and devices a size of zero, and pax/GNU extension headers carry their payload
        // the same way a regular file does.
        const uint64_t data_start = offset + BLOCK_SIZE;
        const uint64_t data_size = entry_size.value();
        if (data_size > size - data_start)
            return fail(problem, "entry data extends past the end of the archive", offset);

        // data_size <= size here, so rounding up cannot overflow.
        const uint64_t next = data_start + align_up(data_size, BLOCK_SIZE);
        if (next >= size)
            return {}; // the last entry's padding may be cut off; its data is complete
        offset = next;
    }
}

} // namespace ts::ustar
