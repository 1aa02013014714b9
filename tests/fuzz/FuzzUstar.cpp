// fuzz_ustar: libFuzzer target for kernel/lib/Ustar. Part of tests/fuzz (host-only).
//
// The input is an initrd archive. Besides memory safety (ASan sees every read, since
// libFuzzer hands over a heap copy of exactly the input's size), it checks what callers
// rely on: a refusal names a reason and a header offset inside the data, and
// parse_octal agrees with a plain reference implementation of its documented grammar
// on the input's first bytes.
#include <cstddef>
#include <cstdint>

#include "FuzzCheck.hpp"
#include "lib/Ustar.hpp"

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
