// Host tests for bootloader/BootConfig: the boot.cfg syntax (comments, blank lines, CRLF,
// a byte order mark, '#' and '=' inside values), the keys and their limits, and the
// warnings for everything the parser ignores. The text is always handed over in a heap
// buffer of exactly its length, without a terminating NUL, as the loader does, so that
// AddressSanitizer catches any read past the end.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <bootloader/BootConfig.hpp>

using namespace std::string_literals;
namespace loader = ts::loader;

namespace {

struct Parsed {
    loader::BootConfig config;
    std::vector<std::string> warnings;
};

void collect(void* context, const char* message)
{
    static_cast<std::vector<std::string>*>(context)->push_back(message);
}

std::unique_ptr<Parsed> parse(const std::string& text)
{
    auto parsed = std::make_unique<Parsed>(); // BootConfig is 4.6 KiB; keep it off the stack
    loader::set_config_defaults(parsed->config);
    std::unique_ptr<char[]> exact(new char[text.size() ? text.size() : 1]);
    std::memcpy(exact.get(), text.data(), text.size());
    loader::parse_boot_config(exact.get(), text.size(), parsed->config, collect, &parsed->warnings);
    return parsed;
}

std::string cmdline(const Parsed& parsed)
{
    EXPECT_EQ(std::strlen(parsed.config.cmdline), parsed.config.cmdline_length);
    return std::string(parsed.config.cmdline, parsed.config.cmdline_length);
}

// Expects exactly one warning, equal to `expected`.
void expect_warning(const Parsed& parsed, const std::string& expected)
{
    ASSERT_EQ(parsed.warnings.size(), 1u) << (parsed.warnings.empty() ? "no warnings" : parsed.warnings[0]);
    EXPECT_EQ(parsed.warnings[0], expected);
}

} // namespace

TEST(BootConfig, Defaults)
{
    auto parsed = parse("");
    EXPECT_TRUE(parsed->warnings.empty());
    EXPECT_EQ(cmdline(*parsed), "");
    EXPECT_STREQ(parsed->config.kernel_path, "\\tessera\\kernel.elf");
    EXPECT_STREQ(parsed->config.initrd_path, "\\tessera\\initrd.tar");
    EXPECT_FALSE(parsed->config.has_resolution);
    EXPECT_FALSE(parsed->config.debug_exit);
}

TEST(BootConfig, AllKeys)
{
    auto parsed = parse("cmdline = console=serial test\n"
                        "kernel = /tessera/other.elf\n"
                        "initrd = \\boot\\root.tar\n"
                        "resolution = 1280x720\n"
                        "debug_exit = yes\n");
    EXPECT_TRUE(parsed->warnings.empty()) << parsed->warnings[0];
    EXPECT_EQ(cmdline(*parsed), "console=serial test") << "the value is everything after the first '='";
    EXPECT_STREQ(parsed->config.kernel_path, "/tessera/other.elf");
    EXPECT_STREQ(parsed->config.initrd_path, "\\boot\\root.tar");
    EXPECT_TRUE(parsed->config.has_resolution);
    EXPECT_EQ(parsed->config.width, 1280u);
    EXPECT_EQ(parsed->config.height, 720u);
    EXPECT_TRUE(parsed->config.debug_exit);
}

TEST(BootConfig, CommentsAndBlankLines)
{
    auto parsed = parse("# a comment\n"
                        "   \t# an indented comment = with an equals sign\n"
                        "\n"
                        "  \t \n"
                        "cmdline = a#b # not a comment\n"
                        "#cmdline = ignored\n");
    EXPECT_TRUE(parsed->warnings.empty());
    EXPECT_EQ(cmdline(*parsed), "a#b # not a comment");
}

TEST(BootConfig, BlanksAroundKeyAndValueAreTrimmed)
{
    auto parsed = parse("\t cmdline\t=\t  quiet  debug \t\n");
    EXPECT_TRUE(parsed->warnings.empty());
    EXPECT_EQ(cmdline(*parsed), "quiet  debug") << "inner blanks are kept";

    parsed = parse("cmdline=tight\n");
    EXPECT_EQ(cmdline(*parsed), "tight");
}

TEST(BootConfig, CrlfLineEnds)
{
    auto parsed = parse("# comment\r\ncmdline = a b\r\n\r\nresolution = 800x600\r\ndebug_exit = yes\r\n");
    EXPECT_TRUE(parsed->warnings.empty()) << parsed->warnings[0];
    EXPECT_EQ(cmdline(*parsed), "a b");
    EXPECT_EQ(parsed->config.width, 800u);
    EXPECT_TRUE(parsed->config.debug_exit) << "'yes\\r' must read as 'yes'";
}

TEST(BootConfig, LoneCarriageReturnIsNotALineEnd)
{
    // Classic Mac line ends: the whole file is one line, and the CR inside the value is a
    // control character, so the line is refused rather than half applied.
    auto parsed = parse("cmdline = a\rdebug_exit = yes\r");
    expect_warning(*parsed, "line 1: value of 'cmdline' contains control characters (ignored)");
    EXPECT_EQ(cmdline(*parsed), "");
    EXPECT_FALSE(parsed->config.debug_exit);
}

TEST(BootConfig, ByteOrderMark)
{
    auto parsed = parse("\xef\xbb\xbf" "cmdline = bom\n");
    EXPECT_TRUE(parsed->warnings.empty());
    EXPECT_EQ(cmdline(*parsed), "bom");

    EXPECT_TRUE(parse("\xef\xbb\xbf")->warnings.empty()) << "a file holding only a BOM is empty";

    // Only at the very start: later it is part of the key.
    parsed = parse("debug_exit = yes\n\xef\xbb\xbf" "cmdline = x\n");
    ASSERT_EQ(parsed->warnings.size(), 1u);
    EXPECT_EQ(parsed->warnings[0].rfind("line 2: unknown key '", 0), 0u) << parsed->warnings[0];
    EXPECT_EQ(cmdline(*parsed), "");
}

TEST(BootConfig, LastLineWithoutNewline)
{
    auto parsed = parse("debug_exit = no\ncmdline = last");
    EXPECT_TRUE(parsed->warnings.empty());
    EXPECT_EQ(cmdline(*parsed), "last");
}

TEST(BootConfig, UnknownKeysAreWarnings)
{
    auto parsed = parse("cmdline = kept\n\nfoo = bar\nCMDLINE = keys are case-sensitive\n");
    ASSERT_EQ(parsed->warnings.size(), 2u);
    EXPECT_EQ(parsed->warnings[0], "line 3: unknown key 'foo' (ignored)");
    EXPECT_EQ(parsed->warnings[1], "line 4: unknown key 'CMDLINE' (ignored)");
    EXPECT_EQ(cmdline(*parsed), "kept") << "an unknown key changes nothing";
}

TEST(BootConfig, MalformedLines)
{
    auto parsed = parse("just some words\n= value\n  =\n");
    ASSERT_EQ(parsed->warnings.size(), 3u);
    EXPECT_EQ(parsed->warnings[0], "line 1: expected 'key = value' (ignored)");
    EXPECT_EQ(parsed->warnings[1], "line 2: missing key before '=' (ignored)");
    EXPECT_EQ(parsed->warnings[2], "line 3: missing key before '=' (ignored)");
}

TEST(BootConfig, ControlCharactersInValues)
{
    auto parsed = parse("cmdline = a\x01" "b\n");
    expect_warning(*parsed, "line 1: value of 'cmdline' contains control characters (ignored)");
    EXPECT_EQ(cmdline(*parsed), "");

    parsed = parse("cmdline = a\x7f\n");
    expect_warning(*parsed, "line 1: value of 'cmdline' contains control characters (ignored)");

    parsed = parse("cmdline = a\0b\n"s);
    expect_warning(*parsed, "line 1: value of 'cmdline' contains control characters (ignored)");

    parsed = parse("cmdline = a\tb\n");
    EXPECT_TRUE(parsed->warnings.empty()) << "a tab is a blank, not a control character";
    EXPECT_EQ(cmdline(*parsed), "a\tb");
}

TEST(BootConfig, ControlCharactersInKeysAreNotEchoed)
{
    // Warnings go to the screen and serial; an escape sequence in a key must not.
    auto parsed = parse("\x1b[2Jclear = x\nke\0y = 1\n"s);
    ASSERT_EQ(parsed->warnings.size(), 2u);
    EXPECT_EQ(parsed->warnings[0], "line 1: key contains control characters (ignored)");
    EXPECT_EQ(parsed->warnings[1], "line 2: key contains control characters (ignored)");
}

TEST(BootConfig, LaterLineWins)
{
    auto parsed = parse("cmdline = first\nresolution = 800x600\ncmdline = second\nresolution = 1024x768\n"
                        "debug_exit = yes\ndebug_exit = no\nkernel = a.elf\nkernel = b.elf\n");
    EXPECT_TRUE(parsed->warnings.empty());
    EXPECT_EQ(cmdline(*parsed), "second");
    EXPECT_EQ(parsed->config.width, 1024u);
    EXPECT_EQ(parsed->config.height, 768u);
    EXPECT_FALSE(parsed->config.debug_exit);
    EXPECT_STREQ(parsed->config.kernel_path, "b.elf");

    // An empty cmdline is a value like any other and clears an earlier one.
    parsed = parse("cmdline = something\ncmdline =\n");
    EXPECT_TRUE(parsed->warnings.empty());
    EXPECT_EQ(cmdline(*parsed), "");
}

TEST(BootConfig, IgnoredLineKeepsEarlierValue)
{
    auto parsed = parse("resolution = 800x600\nresolution = big\ndebug_exit = yes\ndebug_exit = Yes\n");
    ASSERT_EQ(parsed->warnings.size(), 2u);
    EXPECT_EQ(parsed->warnings[0], "line 2: resolution 'big' is not WIDTHxHEIGHT, e.g. 1280x720 (ignored)");
    EXPECT_EQ(parsed->warnings[1], "line 4: debug_exit must be 'yes' or 'no', not 'Yes' (ignored)");
    EXPECT_EQ(parsed->config.width, 800u);
    EXPECT_TRUE(parsed->config.debug_exit);
}

TEST(BootConfig, AppliesOnTopOfTheCallersValues)
{
    auto parsed = std::make_unique<Parsed>();
    loader::set_config_defaults(parsed->config);
    const std::string first = "cmdline = one\n";
    const std::string second = "debug_exit = yes\n";
    loader::parse_boot_config(first.data(), first.size(), parsed->config, collect, &parsed->warnings);
    loader::parse_boot_config(second.data(), second.size(), parsed->config, collect, &parsed->warnings);
    EXPECT_EQ(cmdline(*parsed), "one");
    EXPECT_TRUE(parsed->config.debug_exit);
}

TEST(BootConfig, OverlongValues)
{
    const std::string longest(loader::CMDLINE_CAPACITY - 1, 'c');
    auto parsed = parse("cmdline = " + longest + "\n");
    EXPECT_TRUE(parsed->warnings.empty());
    EXPECT_EQ(cmdline(*parsed), longest);

    parsed = parse("cmdline = short\ncmdline = " + longest + "c\n");
    expect_warning(*parsed, "line 2: cmdline is longer than 4095 bytes (ignored)");
    EXPECT_EQ(cmdline(*parsed), "short");

    const std::string longest_path(loader::PATH_CAPACITY - 1, 'p');
    parsed = parse("kernel = " + longest_path + "\n");
    EXPECT_TRUE(parsed->warnings.empty());
    EXPECT_EQ(std::string(parsed->config.kernel_path), longest_path);

    parsed = parse("initrd = " + longest_path + "p\n");
    expect_warning(*parsed, "line 1: 'initrd' path is longer than 255 bytes (ignored)");
    EXPECT_STREQ(parsed->config.initrd_path, "\\tessera\\initrd.tar");
}

TEST(BootConfig, LongTextInWarningsIsCut)
{
    // A warning quotes at most 60 bytes of a key or value, so it stays one line.
    const std::string key(100, 'k');
    auto parsed = parse(key + " = 1\n");
    expect_warning(*parsed, "line 1: unknown key '" + key.substr(0, 60) + "' (ignored)");

    const std::string value(5000, 'v');
    parsed = parse("resolution = " + value + "\n");
    expect_warning(*parsed, "line 1: resolution '" + value.substr(0,
        60) + "' is not WIDTHxHEIGHT, e.g. 1280x720 (ignored)");
}

TEST(BootConfig, Paths)
{
    auto parsed = parse("kernel =\ninitrd = /boot/caf\xc3\xa9.tar\n");
    ASSERT_EQ(parsed->warnings.size(), 2u);
    EXPECT_EQ(parsed->warnings[0], "line 1: 'kernel' needs a file path (ignored)");
    EXPECT_EQ(parsed->warnings[1], "line 2: 'initrd' path must be ASCII (ignored)");
    EXPECT_STREQ(parsed->config.kernel_path, "\\tessera\\kernel.elf");
    EXPECT_STREQ(parsed->config.initrd_path, "\\tessera\\initrd.tar");

    parsed = parse("kernel = \\tessera\\kernel with spaces.elf\n");
    EXPECT_STREQ(parsed->config.kernel_path, "\\tessera\\kernel with spaces.elf");
}

TEST(BootConfig, Resolutions)
{
    struct Case {
        const char* text;
        uint32_t width;
        uint32_t height;
    };
    const Case good[] = {
        { "1280x720", 1280, 720 },
        { "1024X768", 1024, 768 },
        { "800 x 600", 800, 600 },
        { "1x1", 1, 1 },
        { "65535x65535", 65535, 65535 },
        { "00640x00480", 640, 480 },
    };
    for (const Case& c : good) {
        auto parsed = parse("resolution = "s + c.text + "\n");
        EXPECT_TRUE(parsed->warnings.empty()) << c.text;
        EXPECT_TRUE(parsed->config.has_resolution) << c.text;
        EXPECT_EQ(parsed->config.width, c.width) << c.text;
        EXPECT_EQ(parsed->config.height, c.height) << c.text;
    }

    const char* bad[] = {
        "1280", "x720", "1280x", "x", "", "0x600", "800x0", "65536x1", "1x65536", "123456x1", "99999x1",
        "12a4x768", "-1x5", "+800x600", "1280x720x3", "1e3x5", "0x", "1280*720", "1280 720", "１２８０x720",
    };
    for (const char* text : bad) {
        auto parsed = parse("resolution = "s + text + "\n");
        ASSERT_EQ(parsed->warnings.size(), 1u) << "'" << text << "' was accepted";
        EXPECT_NE(parsed->warnings[0].find("is not WIDTHxHEIGHT"), std::string::npos) << parsed->warnings[0];
        EXPECT_FALSE(parsed->config.has_resolution) << text;
    }
}

TEST(BootConfig, LineNumbersCountEveryLine)
{
    auto parsed = parse("\n# one\r\n\r\n   \nbogus\n");
    expect_warning(*parsed, "line 5: expected 'key = value' (ignored)");

    std::string many;
    for (int i = 0; i < 9999; ++i)
        many += "# filler\n";
    many += "nope\n";
    parsed = parse(many);
    expect_warning(*parsed, "line 10000: expected 'key = value' (ignored)");
}
