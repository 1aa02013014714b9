// StringView's out-of-line parts: number parsing and bounded copying. Part of kernel/lib.
#include "StringView.hpp"

#include "CString.hpp"
#include "Math.hpp"

namespace ts {

namespace {

// The value of `c` as a digit, or 36 (larger than any base) when it is none.
unsigned digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'z')
        return static_cast<unsigned>(c - 'a') + 10;
    if (c >= 'A' && c <= 'Z')
        return static_cast<unsigned>(c - 'A') + 10;
    return 36;
}

} // namespace

Result<uint64_t> StringView::parse_u64(unsigned base) const
{
    if (base == 1 || base > 36)
        return Error::InvalidArgument;

    StringView digits = *this;
    if (base == 0) {
        base = 10;
        if (digits.size() >= 2 && digits[0] == '0') {
            char marker = digits[1];
            if (marker == 'x' || marker == 'X')
                base = 16;
            else if (marker == 'o' || marker == 'O')
                base = 8;
            else if (marker == 'b' || marker == 'B')
                base = 2;
            if (base != 10)
                digits = digits.drop_front(2);
        }
    }
    if (digits.is_empty())
        return Error::BadFormat;

    // Scanning goes on after an overflow so that a malformed string is always BadFormat,
    // however long its digits run before the bad character.
    uint64_t value = 0;
    bool overflowed = false;
    for (char c : digits) {
        unsigned digit = digit_value(c);
        if (digit >= base)
            return Error::BadFormat;
        if (!checked_mul<uint64_t>(value, base, &value) || !checked_add<uint64_t>(value, digit, &value))
            overflowed = true;
    }
    if (overflowed)
        return Error::Overflow;
    return value;
}

size_t copy_string(char* dest, size_t size, StringView source)
{
    if (size == 0)
        return 0;
    size_t count = source.size() < size - 1 ? source.size() : size - 1;
    if (count > 0)
        memcpy(dest, source.data(), count);
    dest[count] = '\0';
    return count;
}

} // namespace ts
