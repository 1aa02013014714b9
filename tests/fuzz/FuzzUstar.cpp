// fuzz_ustar: libFuzzer target for kernel/lib/Ustar and kernel/lib/UstarReader. Part of
// tests/fuzz (host-only).
//
// The input is an initrd archive. Besides memory safety (ASan sees every read, since
// libFuzzer hands over a heap copy of exactly the input's size), it checks what callers
// rely on: a refusal names a reason and a header offset inside the data, and
// parse_octal agrees with a plain reference implementation of its documented grammar
// on the input's first bytes. The entry reader walks the same input: every entry's
// header and data lie inside the archive, its path is normalised (no empty, "." or ".."
// component, no leading or trailing '/'), links have targets, errors and the end stick;
// and since the reader checks a superset of what validate() checks, whatever validate()
// refuses the reader refuses at the same header or an earlier one, and a reader refusal
// for one of validate()'s reasons is validate()'s refusal too.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "FuzzCheck.hpp"
#include "lib/Ustar.hpp"
#include "lib/UstarReader.hpp"

namespace ustar = ts::ustar;

namespace {

// What Ustar.hpp documents: optional leading spaces, at least one octal digit, then only
// NULs or spaces; a first byte with the top bit set (base-256) is refused. Overflow is
// detected with a 128-bit accumulator instead of the library's pre-shift test.
enum class Octal { Ok, BadFormat, Overflow };

Octal reference_octal(const char* field, size_t length, uint64_t* value)
{
    if (length > 0 && (static_cast<unsigned char>(field[0]) & 0x80))
        return Octal::BadFormat;
    size_t i = 0;
    while (i < length && field[i] == ' ')
        ++i;
    unsigned __int128 wide = 0;
    size_t digits = 0;
    bool overflow = false;
    for (; i < length && field[i] >= '0' && field[i] <= '7'; ++i, ++digits) {
        wide = wide * 8 + static_cast<unsigned>(field[i] - '0');
        if (wide > UINT64_MAX)
            overflow = true;
    }
    // The library reports overflow as soon as it sees it, before looking at what
    // follows the digits.
    if (overflow)
        return Octal::Overflow;
    if (digits == 0)
        return Octal::BadFormat;
    for (; i < length; ++i) {
        if (field[i] != ' ' && field[i] != '\0')
            return Octal::BadFormat;
    }
    *value = static_cast<uint64_t>(wide);
    return Octal::Ok;
}

// A normalised archive path: components separated by single '/', none empty, "." or
// "..", no '/' at either end. `allow_empty` for the archive root.
bool is_normalised(const char* path, size_t capacity, bool allow_empty)
{
    const size_t length = strnlen(path, capacity);
    if (length == capacity)
        return false; // no NUL
    if (length == 0)
        return allow_empty;
    size_t start = 0;
    while (start <= length) {
        size_t end = start;
        while (end < length && path[end] != '/')
            ++end;
        const size_t n = end - start;
        if (n == 0 || (n == 1 && path[start] == '.') || (n == 2 && path[start] == '.' && path[start + 1] == '.'))
            return false;
        start = end + 1;
    }
    return true;
}

bool is_validator_reason(const char* reason)
{
    for (const char* known : { "truncated header (fewer than 512 bytes left)", "zero block followed by more data",
             "bad magic (expected \"ustar\")", "checksum field is not an octal number", "header checksum mismatch",
             "size field is not an octal number", "size field overflows 64 bits",
             "entry data extends past the end of the archive", "entry has an empty name" }) {
        if (std::strcmp(reason, known) == 0)
            return true;
    }
    return false;
}

void check_reader(const uint8_t* data, size_t size, bool valid, const ustar::Problem& validator_problem)
{
    ustar::Reader reader(data, size);
    ustar::Entry entry;
    ustar::Problem problem;
    uint64_t previous = 0;
    size_t count = 0;
    for (;;) {
        auto next = reader.next(entry, &problem);
        if (next.is_error()) {
            FUZZ_CHECK(next.error() == ts::Error::Corrupt);
            FUZZ_CHECK(problem.reason != nullptr);
            FUZZ_CHECK(problem.offset % ustar::BLOCK_SIZE == 0 && problem.offset < size);
            FUZZ_CHECK(count == 0 || problem.offset > previous);
            if (!valid)
                FUZZ_CHECK(problem.offset <= validator_problem.offset);
            if (is_validator_reason(problem.reason)) {
                FUZZ_CHECK(!valid && problem.offset == validator_problem.offset);
                FUZZ_CHECK(std::strcmp(problem.reason, validator_problem.reason) == 0);
            }
            ustar::Problem again;
            auto repeat = reader.next(entry, &again);
            FUZZ_CHECK(repeat.is_error() && again.reason == problem.reason && again.offset == problem.offset);
            return;
        }
        if (!next.value()) {
            FUZZ_CHECK(valid); // the reader finished, so every header passed its checks
            auto after = reader.next(entry, &problem);
            FUZZ_CHECK(after.is_ok() && !after.value());
            return;
        }
        // The header and the data inside the input, headers in order.
        FUZZ_CHECK(entry.offset % ustar::BLOCK_SIZE == 0);
        FUZZ_CHECK(entry.offset + ustar::BLOCK_SIZE <= size);
        FUZZ_CHECK(count == 0 || entry.offset > previous);
        previous = entry.offset;
        ++count;
        FUZZ_CHECK(count <= size / ustar::BLOCK_SIZE);
        FUZZ_CHECK(entry.data == data + entry.offset + ustar::BLOCK_SIZE);
        FUZZ_CHECK(entry.size <= size - (entry.offset + ustar::BLOCK_SIZE));
        if (entry.size > 0) {
            // Touch the first and last byte, so ASan sees a bad pointer.
            volatile uint8_t first = entry.data[0];
            volatile uint8_t last = entry.data[entry.size - 1];
            (void)first;
            (void)last;
        }

        FUZZ_CHECK(entry.mode <= 07777);
        FUZZ_CHECK(is_normalised(entry.path, sizeof(entry.path), entry.type == ustar::EntryType::Directory));
        FUZZ_CHECK(strnlen(entry.path, sizeof(entry.path)) <= ustar::PATH_LIMIT);
        const size_t link_length = strnlen(entry.link_target, sizeof(entry.link_target));
        FUZZ_CHECK(link_length < sizeof(entry.link_target));
        switch (entry.type) {
        case ustar::EntryType::File:
        case ustar::EntryType::Other:
            FUZZ_CHECK(link_length == 0);
            break;
        case ustar::EntryType::Directory:
            FUZZ_CHECK(link_length == 0 && entry.size == 0);
            break;
        case ustar::EntryType::Symlink:
            FUZZ_CHECK(link_length > 0 && entry.size == 0);
            break;
        case ustar::EntryType::HardLink:
            FUZZ_CHECK(entry.size == 0);
            FUZZ_CHECK(is_normalised(entry.link_target, sizeof(entry.link_target), false));
            break;
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    ustar::Problem problem;
    auto result = ustar::validate(data, size, &problem);
    if (result.is_error()) {
        FUZZ_CHECK(result.error() == ts::Error::Corrupt);
        FUZZ_CHECK(problem.reason != nullptr);
        FUZZ_CHECK(problem.offset % ustar::BLOCK_SIZE == 0);
        FUZZ_CHECK(problem.offset < size);
    }
    check_reader(data, size, result.is_ok(), problem);

    // The numeric-field parser, on up to 24 bytes (a size field is 12, but longer
    // inputs exercise the overflow path).
    const size_t length = size < 24 ? size : 24;
    const char* field = reinterpret_cast<const char*>(data);
    uint64_t expected = 0;
    Octal want = reference_octal(field, length, &expected);
    auto got = ustar::parse_octal(field, length);
    switch (want) {
    case Octal::Ok:
        FUZZ_CHECK(!got.is_error() && got.value() == expected);
        break;
    case Octal::BadFormat:
        FUZZ_CHECK(got.is_error() && got.error() == ts::Error::BadFormat);
        break;
    case Octal::Overflow:
        FUZZ_CHECK(got.is_error() && got.error() == ts::Error::Overflow);
        break;
    }
    return 0;
}
