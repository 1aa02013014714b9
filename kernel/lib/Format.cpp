// Format implementation: one pass over the format string. Part of kernel/lib.
//
// Each conversion is parsed into a Spec (flags, width, precision), its argument is fetched
// with the type the length modifier names, and a small emitter lays out the field:
//
//     [spaces] [sign] [prefix] [zeros] digits [spaces]
//
// Literal text and padding go to the sink in runs, not a character at a time, because a
// sink such as a serial port may take a lock per call.
#include "Format.hpp"

#include <cstdint>

#include "CString.hpp"

namespace ts {

namespace {

enum class Length { Default, Char, Short, Long, LongLong, Size, PtrDiff, Max };

struct Spec {
    bool left_align { false }; // '-'
    bool zero_pad { false };   // '0'
    bool plus_sign { false };  // '+'
    bool space_sign { false }; // ' '
    bool alternate { false };  // '#'
    size_t width { 0 };
    bool has_precision { false };
    size_t precision { 0 };
};

// Widths and precisions beyond this are clamped. C's printf fails on values above INT_MAX;
// clamping keeps the count meaningful instead of wrapping a size_t.
constexpr size_t MAX_FIELD = 0x7fffffff;

class Output {
public:
    Output(FormatSink sink, void* context) : m_sink(sink), m_context(context) {}

    void write(const char* text, size_t length)
    {
        if (length == 0)
            return;
        m_sink(m_context, text, length);
        m_count += length;
    }

    void repeat(char c, size_t count)
    {
        char run[32];
        for (char& slot : run)
            slot = c;
        while (count > 0) {
            size_t chunk = count < sizeof(run) ? count : sizeof(run);
            write(run, chunk);
            count -= chunk;
        }
    }

    size_t count() const { return m_count; }

private:
    FormatSink m_sink;
    void* m_context;
    size_t m_count { 0 };
};

bool apply_flag(char c, Spec& spec)
{
    switch (c) {
    case '-':
        spec.left_align = true;
        return true;
    case '0':
        spec.zero_pad = true;
        return true;
    case '+':
        spec.plus_sign = true;
        return true;
    case ' ':
        spec.space_sign = true;
        return true;
    case '#':
        spec.alternate = true;
        return true;
    default:
        return false;
    }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses a decimal field at *cursor (possibly empty, which yields 0), saturating.
size_t parse_field(const char*& cursor)
{
    size_t value = 0;
    while (is_digit(*cursor)) {
        value = value * 10 + static_cast<size_t>(*cursor - '0');
        if (value > MAX_FIELD)
            value = MAX_FIELD;
        ++cursor;
    }
    return value;
}

Length parse_length(const char*& cursor)
{
    switch (*cursor) {
    case 'h':
        ++cursor;
        if (*cursor == 'h') {
            ++cursor;
            return Length::Char;
        }
        return Length::Short;
    case 'l':
        ++cursor;
        if (*cursor == 'l') {
            ++cursor;
            return Length::LongLong;
        }
        return Length::Long;
    case 'z':
        ++cursor;
        return Length::Size;
    case 't':
        ++cursor;
        return Length::PtrDiff;
    case 'j':
        ++cursor;
        return Length::Max;
    default:
        return Length::Default;
    }
}

// Arguments narrower than int arrive promoted to int (C's default argument promotions),
// so hh and h read an int and then truncate, as printf does.
int64_t fetch_signed(va_list* args, Length length)
{
    static_assert(sizeof(ptrdiff_t) == sizeof(size_t), "%zd reads the signed size type");
    switch (length) {
    case Length::Char:
        return static_cast<signed char>(va_arg(*args, int));
    case Length::Short:
        return static_cast<short>(va_arg(*args, int));
    case Length::Long:
        return va_arg(*args, long);
    case Length::LongLong:
        return va_arg(*args, long long);
    case Length::Size:
    case Length::PtrDiff:
        return va_arg(*args, ptrdiff_t);
    case Length::Max:
        return va_arg(*args, intmax_t);
    case Length::Default:
        break;
    }
    return va_arg(*args, int);
}

uint64_t fetch_unsigned(va_list* args, Length length)
{
    switch (length) {
    case Length::Char:
        return static_cast<unsigned char>(va_arg(*args, unsigned));
    case Length::Short:
        return static_cast<unsigned short>(va_arg(*args, unsigned));
    case Length::Long:
        return va_arg(*args, unsigned long);
    case Length::LongLong:
        return va_arg(*args, unsigned long long);
    case Length::Size:
        return va_arg(*args, size_t);
    case Length::PtrDiff:
        return static_cast<size_t>(va_arg(*args, ptrdiff_t));
    case Length::Max:
        return va_arg(*args, uintmax_t);
    case Length::Default:
        break;
    }
    return va_arg(*args, unsigned);
}

struct Integer {
    uint64_t magnitude;
    char sign;          // '-', '+', ' ' or 0 for none
    unsigned base;      // 2, 8, 10 or 16
    bool upper;         // %X
    const char* prefix; // "0x", "0X", "0b" or ""
    size_t min_digits;  // the precision: leading zeros are added up to this many digits
};

void emit_integer(Output& out, const Spec& spec, const Integer& number)
{
    // 64 binary digits is the longest a 64-bit value can get.
    char digits[64];
    char* end = digits + sizeof(digits);
    char* first = end;
    const char* alphabet = number.upper ? "0123456789ABCDEF" : "0123456789abcdef";
    for (uint64_t value = number.magnitude; value != 0; value /= number.base)
        *--first = alphabet[value % number.base];
    size_t digit_count = static_cast<size_t>(end - first);

    // Zero needs no digits of its own: the default precision of 1 supplies its "0", and
    // an explicit precision of 0 prints nothing at all, as C specifies.
    size_t zeros = number.min_digits > digit_count ? number.min_digits - digit_count : 0;
    // "%#o" guarantees a leading 0, by raising the precision only when needed.
    if (number.base == 8 && spec.alternate && zeros == 0)
        zeros = 1;

    size_t prefix_length = strlen(number.prefix);
    size_t sign_length = number.sign ? 1 : 0;
    size_t body = sign_length + prefix_length + zeros + digit_count;
    size_t padding = spec.width > body ? spec.width - body : 0;

    // The 0 flag pads between the sign/prefix and the digits; '-' or a precision turn it off.
    bool pad_with_zeros = spec.zero_pad && !spec.left_align && !spec.has_precision;
    if (!spec.left_align && !pad_with_zeros)
        out.repeat(' ', padding);
    if (number.sign)
        out.write(&number.sign, 1);
    out.write(number.prefix, prefix_length);
    if (pad_with_zeros)
        out.repeat('0', padding);
    out.repeat('0', zeros);
    out.write(first, digit_count);
    if (spec.left_align)
        out.repeat(' ', padding);
}

// Strings and characters pad with spaces only; C leaves the 0 flag undefined for them and
// common C libraries ignore it.
void emit_text(Output& out, const Spec& spec, const char* text, size_t length)
{
    size_t padding = spec.width > length ? spec.width - length : 0;
    if (!spec.left_align)
        out.repeat(' ', padding);
    out.write(text, length);
    if (spec.left_align)
        out.repeat(' ', padding);
}

void emit_string(Output& out, const Spec& spec, const char* text)
{
    if (!text)
        text = "(null)";
    // Never read past the precision: the string need not be terminated within it.
    size_t limit = spec.has_precision ? spec.precision : ~size_t(0);
    size_t length = 0;
    while (length < limit && text[length] != '\0')
        ++length;
    emit_text(out, spec, text, length);
}

struct BufferContext {
    char* buffer;
    size_t capacity; // characters that fit before the terminating NUL
    size_t used;
};

void buffer_sink(void* context, const char* text, size_t length)
{
    auto* target = static_cast<BufferContext*>(context);
    size_t room = target->capacity - target->used;
    size_t n = length < room ? length : room;
    if (n > 0) {
        memcpy(target->buffer + target->used, text, n);
        target->used += n;
    }
}

} // namespace

size_t vformat_to(FormatSink sink, void* context, const char* fmt, va_list args)
{
    Output out(sink, context);
    // A local copy so that the argument list can be handed to helpers by pointer: on
    // x86_64 a va_list parameter has decayed to a pointer and &args has the wrong type.
    va_list ap;
    va_copy(ap, args);

    const char* cursor = fmt;
    while (*cursor != '\0') {
        const char* literal = cursor;
        while (*cursor != '\0' && *cursor != '%')
            ++cursor;
        out.write(literal, static_cast<size_t>(cursor - literal));
        if (*cursor == '\0')
            break;

        const char* spec_start = cursor++;
        Spec spec;
        while (apply_flag(*cursor, spec))
            ++cursor;

        if (*cursor == '*') {
            ++cursor;
            int width = va_arg(ap, int);
            // A negative width argument means the '-' flag and its absolute value.
            if (width < 0)
                spec.left_align = true;
            uint64_t magnitude = width < 0 ? 0 - static_cast<uint64_t>(width) : static_cast<uint64_t>(width);
            spec.width = magnitude > MAX_FIELD ? MAX_FIELD : magnitude;
        } else {
            spec.width = parse_field(cursor);
        }

        if (*cursor == '.') {
            ++cursor;
            spec.has_precision = true;
            if (*cursor == '*') {
                ++cursor;
                int precision = va_arg(ap, int);
                // A negative precision argument counts as no precision at all.
                if (precision < 0)
                    spec.has_precision = false;
                else
                    spec.precision = static_cast<size_t>(precision);
            } else {
                spec.precision = parse_field(cursor);
            }
        }

        Length length = parse_length(cursor);
        char conversion = *cursor;
        if (conversion == '\0') {
            // The format ends inside a conversion: show what is there.
            out.write(spec_start, static_cast<size_t>(cursor - spec_start));
            break;
        }
        ++cursor;

        size_t min_digits = spec.has_precision ? spec.precision : 1;
        switch (conversion) {
        case 'd':
        case 'i': {
            int64_t value = fetch_signed(&ap, length);
            uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
            char sign = value < 0 ? '-' : spec.plus_sign ? '+' : spec.space_sign ? ' ' : 0;
            emit_integer(out, spec, { magnitude, sign, 10, false, "", min_digits });
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o':
        case 'b': {
            uint64_t value = fetch_unsigned(&ap, length);
            unsigned base = conversion == 'u' ? 10 : conversion == 'o' ? 8 : conversion == 'b' ? 2 : 16;
            const char* prefix = "";
            if (spec.alternate && value != 0) {
                if (conversion == 'x')
                    prefix = "0x";
                else if (conversion == 'X')
                    prefix = "0X";
                else if (conversion == 'b')
                    prefix = "0b";
            }
            emit_integer(out, spec, { value, 0, base, conversion == 'X', prefix, min_digits });
            break;
        }
        case 'p': {
            auto value = reinterpret_cast<uintptr_t>(va_arg(ap, void*));
            size_t digits = spec.has_precision && spec.precision > 16 ? spec.precision : 16;
            emit_integer(out, spec, { value, 0, 16, false, "0x", digits });
            break;
        }
        case 's':
            if (length != Length::Default) {
                // %ls is wide text, which the kernel has none of. Skip its argument so the
                // conversions after it still read the right ones.
                (void)va_arg(ap, void*);
                out.write(spec_start, static_cast<size_t>(cursor - spec_start));
                break;
            }
            emit_string(out, spec, va_arg(ap, const char*));
            break;
        case 'c': {
            // A wint_t for %lc arrives as an int as well; it is shown as written.
            char c = static_cast<char>(va_arg(ap, int));
            if (length != Length::Default)
                out.write(spec_start, static_cast<size_t>(cursor - spec_start));
            else
                emit_text(out, spec, &c, 1);
            break;
        }
        case '%':
            out.write("%", 1);
            break;
        case 'n':
            // Writing through %n's pointer is how format-string attacks turn into memory
            // writes, so it is not supported. Its argument is still consumed so that the
            // conversions after it read the right ones.
            (void)va_arg(ap, void*);
            out.write(spec_start, static_cast<size_t>(cursor - spec_start));
            break;
        default:
            out.write(spec_start, static_cast<size_t>(cursor - spec_start));
            break;
        }
    }

    va_end(ap);
    return out.count();
}

size_t format_to(FormatSink sink, void* context, const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    size_t count = vformat_to(sink, context, fmt, args);
    va_end(args);
    return count;
}

size_t vformat(char* buffer, size_t size, const char* fmt, va_list args)
{
    BufferContext target { buffer, size > 0 ? size - 1 : 0, 0 };
    size_t count = vformat_to(buffer_sink, &target, fmt, args);
    if (size > 0)
        buffer[target.used] = '\0';
    return count;
}

size_t format(char* buffer, size_t size, const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    size_t count = vformat(buffer, size, fmt, args);
    va_end(args);
    return count;
}

} // namespace ts
