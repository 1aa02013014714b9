// StringView: a borrowed, immutable run of characters (pointer and length), not
// necessarily NUL-terminated. Part of kernel/lib (depends on nothing; never allocates).
//
// It is how the kernel passes text around: command-line options, path components, names
// from firmware tables. A view does not own its characters, so the text must outlive it.
//
//     StringView rest = "root=/dev/nvme0 loglevel=7";
//     while (!rest.is_empty()) {
//         StringView option = rest.split_once(' ').before; ...
//     }
#pragma once

#include <cstddef>
#include <cstdint>

#include "Result.hpp"

namespace ts {

class StringView {
public:
    static constexpr size_t npos = ~size_t(0);

    constexpr StringView() = default;
    // A null pointer gives the empty view, so optional C strings need no special case.
    constexpr StringView(const char* text) : m_data(text), m_length(text ? __builtin_strlen(text) : 0) {}
    constexpr StringView(const char* data, size_t length) : m_data(data), m_length(length) {}

    constexpr const char* data() const { return m_data; }
    constexpr size_t size() const { return m_length; }
    constexpr size_t length() const { return m_length; }
    constexpr bool is_empty() const { return m_length == 0; }

    // index < size().
    constexpr char operator[](size_t index) const { return m_data[index]; }
    constexpr const char* begin() const { return m_data; }
    constexpr const char* end() const { return m_data + m_length; }

    constexpr bool operator==(StringView other) const
    {
        if (m_length != other.m_length)
            return false;
        for (size_t i = 0; i < m_length; ++i) {
            if (m_data[i] != other.m_data[i])
                return false;
        }
        return true;
    }

    constexpr bool starts_with(StringView prefix) const
    {
        return prefix.m_length <= m_length && substr(0, prefix.m_length) == prefix;
    }
    constexpr bool starts_with(char c) const { return m_length > 0 && m_data[0] == c; }
    constexpr bool ends_with(StringView suffix) const
    {
        return suffix.m_length <= m_length && substr(m_length - suffix.m_length) == suffix;
    }
    constexpr bool ends_with(char c) const { return m_length > 0 && m_data[m_length - 1] == c; }

    // Index of the first `c` at or after `from`, or npos.
    constexpr size_t find(char c, size_t from = 0) const
    {
        for (size_t i = from; i < m_length; ++i) {
            if (m_data[i] == c)
                return i;
        }
        return npos;
    }
    // Index of the first occurrence of `needle` at or after `from`, or npos. An empty
    // needle is found at `from` (when from <= size()). Quadratic in the worst case, which
    // is fine for the short strings the kernel handles.
    constexpr size_t find(StringView needle, size_t from = 0) const
    {
        if (from > m_length || needle.m_length > m_length - from)
            return npos;
        for (size_t i = from; i + needle.m_length <= m_length; ++i) {
            if (StringView(m_data + i, needle.m_length) == needle)
                return i;
        }
        return npos;
    }
    // Index of the last `c`, or npos.
    constexpr size_t find_last(char c) const
    {
        for (size_t i = m_length; i > 0; --i) {
            if (m_data[i - 1] == c)
                return i - 1;
        }
        return npos;
    }
    constexpr bool contains(char c) const { return find(c) != npos; }
    constexpr bool contains(StringView needle) const { return find(needle) != npos; }

    // The characters from `start`, at most `count` of them. Both are clamped to the view,
    // so substr(size()) is empty and never out of bounds.
    constexpr StringView substr(size_t start, size_t count = npos) const
    {
        if (start > m_length)
            start = m_length;
        size_t available = m_length - start;
        return StringView(m_data + start, count < available ? count : available);
    }

    // Without the first/last `count` characters (clamped).
    constexpr StringView drop_front(size_t count) const { return substr(count); }
    constexpr StringView drop_back(size_t count) const
    {
        return StringView(m_data, count < m_length ? m_length - count : 0);
    }

    // Whitespace here is ASCII space, tab, newline, carriage return, vertical tab and form
    // feed, as C's isspace() in the "C" locale.
    static constexpr bool is_whitespace(char c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    }
    constexpr StringView trim_left() const
    {
        size_t start = 0;
        while (start < m_length && is_whitespace(m_data[start]))
            ++start;
        return substr(start);
    }
    constexpr StringView trim_right() const
    {
        size_t length = m_length;
        while (length > 0 && is_whitespace(m_data[length - 1]))
            --length;
        return StringView(m_data, length);
    }
    constexpr StringView trim() const { return trim_left().trim_right(); }

    // Splits around the first `separator`. Without one, `before` is the whole view,
    // `after` is empty and `found` is false, so a loop over fields needs no special last
    // case: "a,b" gives "a" then "b"; "a," gives "a" then "".
    struct Split;
    constexpr Split split_once(char separator) const;

    // Parses the whole view as an unsigned number in `base` (2 to 36; letters in either
    // case). Base 0 picks the base from a prefix: "0x" hex, "0o" octal, "0b" binary,
    // otherwise decimal. A leading zero alone does not mean octal, because "010" reading
    // as 8 surprises everyone who did not write the C standard.
    // Errors: BadFormat for an empty view, a bare prefix, or any character that is not a
    // digit of the base (no sign, no spaces); Overflow beyond 2^64 - 1;
    // InvalidArgument for a base outside 0 and 2..36.
    Result<uint64_t> parse_u64(unsigned base = 10) const;

private:
    const char* m_data { nullptr };
    size_t m_length { 0 };
};

// Defined out here because its members are views, complete only after the class.
struct StringView::Split {
    StringView before;
    StringView after;
    bool found;
};

constexpr StringView::Split StringView::split_once(char separator) const
{
    size_t at = find(separator);
    if (at == npos)
        return { *this, StringView(m_data + m_length, 0), false };
    return { substr(0, at), substr(at + 1), true };
}

// Copies `source` into `dest` (a buffer of `size` bytes), truncating when needed, and
// always NUL-terminates when size > 0. Returns the number of characters copied (not
// counting the NUL), so the copy was cut short exactly when the result < source.size().
size_t copy_string(char* dest, size_t size, StringView source);

} // namespace ts
