// Host tests for kernel/lib/Format: every integer, string and character conversion is
// compared against the host C library's snprintf over a generated table of flags, widths,
// precisions, length modifiers and values. The few places where Format deliberately
// differs from C (%p, unsupported conversions) are checked against expectations built
// from the documented rule with snprintf, not from Format's own output.
#include <lib/Format.hpp>

#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

// Collects mismatches so that one broken case does not print a hundred thousand lines.
class Comparison {
public:
    template<typename... Args>
    void check(const std::string& fmt, Args... args)
    {
        ++m_cases;
        char expected[1024];
        char actual[1024];
        memset(actual, 0x5a, sizeof(actual));
        int expected_length = snprintf(expected, sizeof(expected), fmt.c_str(), args...);
        size_t actual_length = ts::format(actual, sizeof(actual), fmt.c_str(), args...);
        if (expected_length < 0 || actual_length != size_t(expected_length) || strcmp(expected, actual) != 0) {
            if (m_failures++ < 20) {
                ADD_FAILURE() << "format \"" << fmt << "\": expected \"" << expected << "\" (" << expected_length
                              << "), got \"" << actual << "\" (" << actual_length << ")";
            }
        }
    }

    size_t failures() const { return m_failures; }
    size_t cases() const { return m_cases; }

private:
    size_t m_failures { 0 };
    size_t m_cases { 0 };
};

// Values chosen around every boundary a conversion could get wrong, plus random ones.
std::vector<uint64_t> interesting_values()
{
    std::vector<uint64_t> values = {
        0,
        1,
        2,
        7,
        8,
        9,
        10,
        15,
        16,
        17,
        100,
        127,
        128,
        255,
        256,
        0x7fff,
        0x8000,
        0xffff,
        0x10000,
        uint64_t(INT_MAX),
        uint64_t(INT_MIN),
        uint64_t(UINT_MAX),
        uint64_t(INT64_MAX),
        uint64_t(INT64_MIN),
        UINT64_MAX,
        uint64_t(-1),
        uint64_t(-2),
        uint64_t(-128),
        uint64_t(-129),
        1234567890,
        0xdeadbeefcafebabe,
    };
    std::mt19937_64 rng(0x7e55e7a);
    for (int i = 0; i < 6; ++i)
        values.push_back(rng());
    for (int i = 0; i < 4; ++i)
        values.push_back(rng() >> (rng() % 64));
    return values;
}

const char* const LENGTHS[] = { "hh", "h", "", "l", "ll", "z", "t", "j" };

// Passes `raw` as the argument type printf expects for this length modifier.
template<typename Check>
void with_typed_argument(const std::string& length, bool is_signed, uint64_t raw, Check check)
{
    if (length == "l")
        is_signed ? check(static_cast<long>(raw)) : check(static_cast<unsigned long>(raw));
    else if (length == "ll")
        is_signed ? check(static_cast<long long>(raw)) : check(static_cast<unsigned long long>(raw));
    else if (length == "z")
        is_signed ? check(static_cast<ptrdiff_t>(raw)) : check(static_cast<size_t>(raw));
    else if (length == "t")
        check(static_cast<ptrdiff_t>(raw));
    else if (length == "j")
        is_signed ? check(static_cast<intmax_t>(raw)) : check(static_cast<uintmax_t>(raw));
    else
        is_signed ? check(static_cast<int>(raw)) : check(static_cast<unsigned>(raw));
}

std::string flags_from_mask(unsigned mask)
{
    std::string flags;
    const char all[] = { '-', '0', '+', ' ', '#' };
    for (unsigned i = 0; i < 5; ++i) {
        if (mask & (1u << i))
            flags += all[i];
    }
    return flags;
}

TEST(Format, IntegerConversionsMatchSnprintf)
{
    const char conversions[] = { 'd', 'i', 'u', 'x', 'X', 'o', 'b' };
    const char* const widths[] = { "", "1", "5", "12", "30" };
    const char* const precisions[] = { "", ".", ".0", ".1", ".3", ".22" };
    std::vector<uint64_t> values = interesting_values();

    Comparison comparison;
    for (char conversion : conversions) {
        bool is_signed = conversion == 'd' || conversion == 'i';
        for (unsigned mask = 0; mask < 32; ++mask) {
            for (const char* width : widths) {
                for (const char* precision : precisions) {
                    for (const char* length : LENGTHS) {
                        std::string fmt = "<%" + flags_from_mask(mask) + width + precision + length + conversion + ">";
                        for (uint64_t value : values)
                            with_typed_argument(length, is_signed, value, [&](auto v) { comparison.check(fmt, v); });
                    }
                }
            }
        }
    }
    EXPECT_EQ(comparison.failures(), 0u) << "of " << comparison.cases() << " cases";
    EXPECT_GT(comparison.cases(), 100000u);
}

TEST(Format, StarWidthAndPrecisionMatchSnprintf)
{
    const int widths[] = { -20, -5, -1, 0, 1, 6, 19 };
    const int precisions[] = { -3, -1, 0, 1, 4, 17 };
    const char* const formats[] = { "%*.*d", "%-*.*d", "%0*.*d", "%+*.*i", "%#*.*x", "%0*.*X", "%#*.*o", "%*.*u", "%#0*.*b" };
    Comparison comparison;
    for (const char* fmt : formats) {
        for (int width : widths) {
            for (int precision : precisions) {
                for (uint64_t value : interesting_values())
                    comparison.check(fmt, width, precision, static_cast<int>(value));
            }
        }
    }
    // A star width without a precision, and a star precision alone.
    for (int width : widths) {
        for (uint64_t value : interesting_values()) {
            comparison.check("[%*d]", width, static_cast<int>(value));
            comparison.check("[%0*llx]", width, static_cast<unsigned long long>(value));
            comparison.check("[%.*d]", width, static_cast<int>(value));
        }
    }
    EXPECT_EQ(comparison.failures(), 0u) << "of " << comparison.cases() << " cases";
}

TEST(Format, StringsAndCharactersMatchSnprintf)
{
    std::string long_text(300, 'q');
    for (size_t i = 0; i < long_text.size(); ++i)
        long_text[i] = static_cast<char>('a' + i % 26);
    const char* const texts[] = { "", "a", "hello", "hello, world", "tab\there", long_text.c_str() };
    const char* const specs[] = { "%s", "%-s", "%1s", "%8s", "%-8s", "%40s", "%-40s", "%.0s", "%.1s",
        "%.5s", "%.50s", "%10.3s", "%-10.3s", "%.s", "%0s" };
    Comparison comparison;
    for (const char* spec : specs) {
        for (const char* text : texts)
            comparison.check(std::string("[") + spec + "]", text);
        comparison.check(std::string("[") + spec + "|" + spec + "]", "first", "second");
    }
    const char* const char_specs[] = { "%c", "%3c", "%-3c", "%1c", "%-1c", "%03c" };
    for (const char* spec : char_specs) {
        for (int c : { int('A'), int('z'), int(' '), int('%'), 0x7f })
            comparison.check(std::string("[") + spec + "]", c);
    }
    // %% in every position, with its neighbours consuming arguments.
    comparison.check("100%% of %d%%", 5);
    comparison.check("%%%d%%%s%%", 1, "x");
    comparison.check("%s", "no conversions inside: %d");
    EXPECT_EQ(comparison.failures(), 0u) << "of " << comparison.cases() << " cases";
}

TEST(Format, MixedArgumentListsMatchSnprintf)
{
    // Arguments of different widths in one call: each must be read with the right type.
    std::mt19937_64 rng(42);
    Comparison comparison;
    for (int i = 0; i < 2000; ++i) {
        uint64_t a = rng(), b = rng(), c = rng();
        comparison.check("%hhd %lld %s %hu %c %zx %d %jd %tx|%lu", static_cast<int>(a), static_cast<long long>(b), "mid",
            static_cast<unsigned>(c), 'k', static_cast<size_t>(a ^ b), static_cast<int>(c >> 32), static_cast<intmax_t>(c),
            static_cast<ptrdiff_t>(b), static_cast<unsigned long>(a));
    }
    EXPECT_EQ(comparison.failures(), 0u);
}

std::string host_format(const char* fmt, auto... args)
{
    int length = snprintf(nullptr, 0, fmt, args...);
    std::string text(size_t(length), '\0');
    snprintf(text.data(), text.size() + 1, fmt, args...);
    return text;
}

std::string ts_format(const char* fmt, auto... args)
{
    char buffer[256];
    size_t length = ts::format(buffer, sizeof(buffer), fmt, args...);
    EXPECT_EQ(length, strlen(buffer));
    return buffer;
}

TEST(Format, PointerIsZeroXAndSixteenDigits)
{
    // The documented rule: "0x" then 16 lower-case hex digits, also for null. Width pads
    // with spaces (left with '-'); the 0 flag pads with zeros after the "0x".
    for (uint64_t value : interesting_values()) {
        void* pointer = reinterpret_cast<void*>(static_cast<uintptr_t>(value));
        unsigned long bits = static_cast<unsigned long>(value);
        std::string expected = host_format("0x%016lx", bits);
        EXPECT_EQ(ts_format("%p", pointer), expected);
        EXPECT_EQ(ts_format("[%24p]", pointer), host_format("[%24s]", expected.c_str()));
        EXPECT_EQ(ts_format("[%-24p]", pointer), host_format("[%-24s]", expected.c_str()));
        EXPECT_EQ(ts_format("[%10p]", pointer), "[" + expected + "]");
        EXPECT_EQ(ts_format("[%024p]", pointer), host_format("[0x%022lx]", bits));
        EXPECT_EQ(ts_format("[%.20p]", pointer), host_format("[0x%020lx]", bits));
    }
}

TEST(Format, NullStringPrintsNull)
{
    const char* null_text = nullptr;
    EXPECT_EQ(ts_format("%s", null_text), "(null)");
    EXPECT_EQ(ts_format("[%8s]", null_text), "[  (null)]");
    EXPECT_EQ(ts_format("[%-8s]", null_text), "[(null)  ]");
    // Cut to the precision like any other string.
    EXPECT_EQ(ts_format("[%.3s]", null_text), "[(nu]");
}

TEST(Format, PrecisionBoundsTheStringRead)
{
    // Not NUL-terminated: the precision must stop the read (ASan catches an overrun).
    auto* raw = new char[4] { 'a', 'b', 'c', 'd' };
    EXPECT_EQ(ts_format("%.4s", raw), "abcd");
    EXPECT_EQ(ts_format("%.2s", raw), "ab");
    delete[] raw;
}

// Format strings held in std::string so that the compiler's format check, which rightly
// rejects them, does not see them.
std::string ts_format_dynamic(const std::string& fmt, auto... args) { return ts_format(fmt.c_str(), args...); }

TEST(Format, UnsupportedConversionsAreCopiedAsWritten)
{
    EXPECT_EQ(ts_format_dynamic("a%yb", 0), "a%yb");
    EXPECT_EQ(ts_format_dynamic("[%-5.3y]", 0), "[%-5.3y]");
    EXPECT_EQ(ts_format_dynamic("%lly|%d", 7), "%lly|7");
    // The format ends inside a conversion.
    EXPECT_EQ(ts_format_dynamic("abc%", 0), "abc%");
    EXPECT_EQ(ts_format_dynamic("abc%-08.3l", 0), "abc%-08.3l");
    // %n is shown, never written through, and its argument is skipped.
    int target = 1234;
    EXPECT_EQ(ts_format_dynamic("x%ny%d", &target, 99), "x%ny99");
    EXPECT_EQ(target, 1234);
    // Wide text is not supported; the argument is skipped all the same.
    EXPECT_EQ(ts_format_dynamic("%ls|%d", L"wide", 5), "%ls|5");
    EXPECT_EQ(ts_format_dynamic("%lc|%d", 65, 6), "%lc|6");
}

TEST(Format, TruncationMatchesSnprintf)
{
    const char* fmt = "value=%d name=%-8s hex=%#x";
    char expected_full[128];
    int full = snprintf(expected_full, sizeof(expected_full), fmt, -42, "tessera", 0xbeef);
    ASSERT_GT(full, 0);
    for (size_t size = 0; size <= size_t(full) + 3; ++size) {
        // Guard bytes on both sides catch any write outside [0, size).
        std::vector<char> expected(size + 16, '#');
        std::vector<char> actual(size + 16, '#');
        int expected_length = snprintf(expected.data() + 8, size, fmt, -42, "tessera", 0xbeef);
        size_t actual_length = ts::format(actual.data() + 8, size, fmt, -42, "tessera", 0xbeef);
        EXPECT_EQ(actual_length, size_t(expected_length)) << "size " << size;
        EXPECT_EQ(actual, expected) << "size " << size;
    }
    // A null buffer of size 0 only measures.
    EXPECT_EQ(ts::format(nullptr, 0, "%d-%s", 12345, "abc"), 9u);
}

struct Collected {
    std::string text;
    size_t calls { 0 };
};

void collect(void* context, const char* text, size_t length)
{
    auto* collected = static_cast<Collected*>(context);
    collected->text.append(text, length);
    ++collected->calls;
}

TEST(Format, SinkReceivesEverythingAndCountIsExact)
{
    Collected collected;
    size_t count = ts::format_to(collect, &collected, "%s=%5d, %-4x|%c%%", "key", -17, 0xab, '!');
    EXPECT_EQ(collected.text, host_format("%s=%5d, %-4x|%c%%", "key", -17, 0xab, '!'));
    EXPECT_EQ(count, collected.text.size());

    // A wide field goes out in runs, not one call per character.
    Collected wide;
    count = ts::format_to(collect, &wide, "%1000d", 7);
    EXPECT_EQ(count, 1000u);
    EXPECT_EQ(wide.text, host_format("%1000d", 7));
    EXPECT_LT(wide.calls, 50u);

    // An empty format emits nothing and never calls the sink.
    Collected empty;
    std::string nothing;
    EXPECT_EQ(ts::format_to(collect, &empty, nothing.c_str(), 0), 0u);
    EXPECT_EQ(empty.calls, 0u);
}

size_t forward_v(char* buffer, size_t size, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
size_t forward_v(char* buffer, size_t size, const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    size_t length = ts::vformat(buffer, size, fmt, args);
    va_end(args);
    return length;
}

TEST(Format, VformatForwardsArgumentLists)
{
    char buffer[64];
    size_t length = forward_v(buffer, sizeof(buffer), "%s-%llu-%c", "id", 18446744073709551615ull, 'z');
    EXPECT_EQ(std::string(buffer), host_format("%s-%llu-%c", "id", 18446744073709551615ull, 'z'));
    EXPECT_EQ(length, strlen(buffer));
}

} // namespace
