// Host tests for kernel/lib/StringView: the searches and slices are checked against
// std::string_view on random strings over a small alphabet (so that matches are common),
// parse_u64 against a 128-bit reference and strtoull, copy_string with guard bytes.
#include <lib/StringView.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

using ts::StringView;

std::string_view std_view(StringView view) { return std::string_view(view.data(), view.size()); }

std::string random_text(std::mt19937_64& rng, size_t max_length, std::string_view alphabet)
{
    std::string text(rng() % (max_length + 1), ' ');
    for (char& c : text)
        c = alphabet[rng() % alphabet.size()];
    return text;
}

TEST(StringView, ConstructionAndAccess)
{
    StringView empty;
    EXPECT_TRUE(empty.is_empty());
    EXPECT_EQ(empty.size(), 0u);

    StringView from_null(static_cast<const char*>(nullptr));
    EXPECT_TRUE(from_null.is_empty());

    const char* text = "kernel";
    StringView view(text);
    EXPECT_EQ(view.size(), 6u);
    EXPECT_EQ(view.length(), 6u);
    EXPECT_EQ(view.data(), text);
    EXPECT_EQ(view[0], 'k');
    EXPECT_EQ(view[5], 'l');

    // A (pointer, length) view need not stop at a NUL, nor reach one.
    const char bytes[] = { 'a', '\0', 'b' };
    StringView with_nul(bytes, 3);
    EXPECT_EQ(with_nul.size(), 3u);
    EXPECT_EQ(with_nul[2], 'b');

    std::string collected;
    for (char c : view)
        collected += c;
    EXPECT_EQ(collected, "kernel");

    static_assert(StringView("abc").size() == 3, "usable in constant expressions");
    static_assert(StringView("abc") == "abc");
}

TEST(StringView, EqualityComparesContentNotPointers)
{
    std::string a = "same", b = "same", c = "samf", d = "sam";
    EXPECT_TRUE(StringView(a.c_str()) == StringView(b.c_str()));
    EXPECT_FALSE(StringView(a.c_str()) == StringView(c.c_str()));
    EXPECT_FALSE(StringView(a.c_str()) == StringView(d.c_str()));
    EXPECT_TRUE(StringView(a.c_str()) != StringView(d.c_str()));
    EXPECT_TRUE(StringView() == StringView(""));
    EXPECT_TRUE(StringView(a.c_str()) == "same");
    EXPECT_TRUE("same" == StringView(a.c_str()));
}

TEST(StringView, RandomizedAgainstStdStringView)
{
    std::mt19937_64 rng(20240601);
    for (int round = 0; round < 20000; ++round) {
        std::string text = random_text(rng, 12, "abc ");
        std::string other = random_text(rng, 4, "abc ");
        StringView view(text.data(), text.size());
        StringView needle(other.data(), other.size());
        std::string_view ref(text);
        std::string_view ref_needle(other);
        char c = "abcd "[rng() % 5];
        size_t from = rng() % (text.size() + 3);

        ASSERT_EQ(view == needle, ref == ref_needle);
        ASSERT_EQ(view.starts_with(needle), ref.starts_with(ref_needle)) << text << "|" << other;
        ASSERT_EQ(view.ends_with(needle), ref.ends_with(ref_needle)) << text << "|" << other;
        ASSERT_EQ(view.starts_with(c), ref.starts_with(c));
        ASSERT_EQ(view.ends_with(c), ref.ends_with(c));
        ASSERT_EQ(view.find(c, from), ref.find(c, from)) << text << " " << c << " " << from;
        ASSERT_EQ(view.find(needle, from), ref.find(ref_needle, from)) << text << "|" << other << " " << from;
        ASSERT_EQ(view.find_last(c), ref.rfind(c));
        ASSERT_EQ(view.contains(c), ref.find(c) != std::string_view::npos);
        ASSERT_EQ(view.contains(needle), ref.find(ref_needle) != std::string_view::npos);

        // substr clamps where std::string_view would throw.
        size_t start = rng() % (text.size() + 3);
        size_t count = rng() % 2 ? StringView::npos : rng() % 8;
        size_t clamped_start = std::min(start, text.size());
        ASSERT_EQ(std_view(view.substr(start, count)), ref.substr(clamped_start, count));
        ASSERT_EQ(std_view(view.drop_front(start)), ref.substr(clamped_start));
        ASSERT_EQ(std_view(view.drop_back(start)), ref.substr(0, text.size() - clamped_start));
    }
}

TEST(StringView, NposIsTheStandardValue)
{
    EXPECT_EQ(StringView::npos, std::string_view::npos);
    EXPECT_EQ(StringView("abc").find('z'), StringView::npos);
    EXPECT_EQ(StringView().find('a'), StringView::npos);
    EXPECT_EQ(StringView().find_last('a'), StringView::npos);
    EXPECT_EQ(StringView("abc").find(StringView(""), 3), 3u);
    EXPECT_EQ(StringView("abc").find(StringView(""), 4), StringView::npos);
}

TEST(StringView, TrimAgainstIsspace)
{
    std::mt19937_64 rng(7);
    for (int round = 0; round < 5000; ++round) {
        std::string text = random_text(rng, 10, std::string_view(" \t\n\r\v\fxy\0", 9));
        std::string_view ref(text);
        size_t first = 0;
        while (first < ref.size() && isspace(static_cast<unsigned char>(ref[first])))
            ++first;
        size_t last = ref.size();
        while (last > first && isspace(static_cast<unsigned char>(ref[last - 1])))
            --last;
        size_t last_only = ref.size();
        while (last_only > 0 && isspace(static_cast<unsigned char>(ref[last_only - 1])))
            --last_only;

        StringView view(text.data(), text.size());
        ASSERT_EQ(std_view(view.trim()), ref.substr(first, last - first));
        ASSERT_EQ(std_view(view.trim_left()), ref.substr(first));
        ASSERT_EQ(std_view(view.trim_right()), ref.substr(0, last_only));
    }
    for (int c = 0; c < 256; ++c)
        EXPECT_EQ(StringView::is_whitespace(static_cast<char>(c)), isspace(c) != 0) << c;
}

TEST(StringView, SplitOnceWalksFields)
{
    // Reassembling the fields with the separator must give back the original text, and
    // there is one more field than separators.
    std::mt19937_64 rng(99);
    for (int round = 0; round < 5000; ++round) {
        std::string text = random_text(rng, 12, "ab,");
        StringView rest(text.data(), text.size());
        std::vector<std::string> fields;
        while (true) {
            auto split = rest.split_once(',');
            fields.emplace_back(std_view(split.before));
            if (!split.found) {
                ASSERT_TRUE(split.after.is_empty());
                break;
            }
            rest = split.after;
        }
        ASSERT_EQ(fields.size(), size_t(std::count(text.begin(), text.end(), ',')) + 1);
        std::string joined;
        for (size_t i = 0; i < fields.size(); ++i)
            joined += (i ? "," : "") + fields[i];
        ASSERT_EQ(joined, text);
        for (auto& field : fields)
            ASSERT_EQ(field.find(','), std::string::npos);
    }
    auto split = StringView("key=value=more").split_once('=');
    EXPECT_TRUE(split.found);
    EXPECT_TRUE(split.before == "key");
    EXPECT_TRUE(split.after == "value=more");
}

// Reference: digits checked one by one, value kept in 128 bits so overflow is visible.
ts::Result<uint64_t> reference_parse(std::string_view text, unsigned base)
{
    if (text.empty())
        return ts::Error::BadFormat;
    unsigned __int128 value = 0;
    bool overflow = false;
    for (char c : text) {
        const char* all = "0123456789abcdefghijklmnopqrstuvwxyz";
        const char* at = strchr(all, tolower(static_cast<unsigned char>(c)));
        if (c == '\0' || !at || unsigned(at - all) >= base)
            return ts::Error::BadFormat;
        value = value * base + unsigned(at - all);
        if (value > UINT64_MAX) {
            overflow = true;
            value = 0;
        }
    }
    if (overflow)
        return ts::Error::Overflow;
    return static_cast<uint64_t>(value);
}

TEST(StringView, ParseU64RandomizedAgainstReference)
{
    std::mt19937_64 rng(12345);
    const std::string alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFXYZ_ -+";
    for (int round = 0; round < 50000; ++round) {
        unsigned base = 2 + unsigned(rng() % 35);
        // Mostly valid digits, sometimes long enough to overflow, sometimes a stray character.
        std::string text(rng() % 70, '0');
        for (char& c : text)
            c = rng() % 40 == 0 ? alphabet[rng() % alphabet.size()] : alphabet[rng() % std::min<size_t>(base, 36)];
        auto expected = reference_parse(text, base);
        auto actual = StringView(text.data(), text.size()).parse_u64(base);
        ASSERT_EQ(actual.is_ok(), expected.is_ok()) << text << " base " << base;
        if (expected.is_ok()) {
            ASSERT_EQ(actual.value(), expected.value()) << text << " base " << base;
            // A string both accept holds only digits of the base (a "0x" in base 16 is
            // rejected above), so the C library must agree on its value.
            char* end = nullptr;
            unsigned long long c_value = strtoull(text.c_str(), &end, int(base));
            ASSERT_EQ(end, text.c_str() + text.size());
            ASSERT_EQ(c_value, actual.value()) << text << " base " << base;
        } else {
            ASSERT_EQ(actual.error(), expected.error()) << text << " base " << base;
        }
    }
}

TEST(StringView, ParseU64Boundaries)
{
    auto max = StringView("18446744073709551615").parse_u64();
    ASSERT_TRUE(max.is_ok());
    EXPECT_EQ(max.value(), UINT64_MAX);
    auto over = StringView("18446744073709551616").parse_u64();
    ASSERT_TRUE(over.is_error());
    EXPECT_EQ(over.error(), ts::Error::Overflow);
    EXPECT_EQ(StringView("ffffffffffffffff").parse_u64(16).value(), UINT64_MAX);
    EXPECT_EQ(StringView("10000000000000000").parse_u64(16).error(), ts::Error::Overflow);
    // Overflow first, bad character later: the malformed string is BadFormat.
    EXPECT_EQ(StringView("99999999999999999999999x").parse_u64().error(), ts::Error::BadFormat);

    EXPECT_EQ(StringView("").parse_u64().error(), ts::Error::BadFormat);
    EXPECT_EQ(StringView("+1").parse_u64().error(), ts::Error::BadFormat);
    EXPECT_EQ(StringView(" 1").parse_u64().error(), ts::Error::BadFormat);
    EXPECT_EQ(StringView("1 ").parse_u64().error(), ts::Error::BadFormat);
    EXPECT_EQ(StringView("12").parse_u64(1).error(), ts::Error::InvalidArgument);
    EXPECT_EQ(StringView("12").parse_u64(37).error(), ts::Error::InvalidArgument);
    EXPECT_EQ(StringView("Zz").parse_u64(36).value(), 35u * 36u + 35u);
    EXPECT_EQ(StringView("0x10").parse_u64(16).error(), ts::Error::BadFormat);
}

TEST(StringView, ParseU64AutoBase)
{
    EXPECT_EQ(StringView("0x1F").parse_u64(0).value(), 31u);
    EXPECT_EQ(StringView("0XfF").parse_u64(0).value(), 255u);
    EXPECT_EQ(StringView("0b101").parse_u64(0).value(), 5u);
    EXPECT_EQ(StringView("0o17").parse_u64(0).value(), 15u);
    EXPECT_EQ(StringView("010").parse_u64(0).value(), 10u);
    EXPECT_EQ(StringView("0").parse_u64(0).value(), 0u);
    EXPECT_EQ(StringView("0x").parse_u64(0).error(), ts::Error::BadFormat);
    EXPECT_EQ(StringView("0b2").parse_u64(0).error(), ts::Error::BadFormat);
    EXPECT_EQ(StringView("0xffffffffffffffff").parse_u64(0).value(), UINT64_MAX);
    EXPECT_EQ(StringView("0x1ffffffffffffffff").parse_u64(0).error(), ts::Error::Overflow);
}

TEST(StringView, CopyStringTruncatesAndTerminates)
{
    std::mt19937_64 rng(5);
    for (int round = 0; round < 2000; ++round) {
        std::string source = random_text(rng, 20, "xyz");
        size_t size = rng() % 25;
        std::vector<char> buffer(size + 16, '#');
        size_t copied = ts::copy_string(buffer.data() + 8, size, StringView(source.data(), source.size()));

        size_t expected_copied = size == 0 ? 0 : std::min(source.size(), size - 1);
        ASSERT_EQ(copied, expected_copied);
        if (size > 0) {
            ASSERT_EQ(std::string(buffer.data() + 8), source.substr(0, expected_copied));
            ASSERT_EQ(buffer[8 + expected_copied], '\0');
        }
        // Nothing written outside [0, size).
        for (size_t i = 0; i < 8; ++i)
            ASSERT_EQ(buffer[i], '#');
        for (size_t i = 8 + size; i < buffer.size(); ++i)
            ASSERT_EQ(buffer[i], '#');
        for (size_t i = 8 + expected_copied + 1; i < 8 + size; ++i)
            ASSERT_EQ(buffer[i], '#');
    }
}

} // namespace
