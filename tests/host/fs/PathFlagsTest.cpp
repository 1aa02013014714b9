// Host tests for fs/PathFlags: every flag in its long and short form, runs of letters,
// every contradiction with the offset it reports, unknown and empty flags, the path
// length limits at and just past their edges, and format_flags() round trips.
#include <fs/PathFlags.hpp>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

using ts::Error;
using ts::StringView;
using namespace ts::fs;

namespace {

struct Named {
    const char* long_name;
    char letter;
    Perm perm;
    OpenFlag flag;
};

const std::vector<Named> ALL_NAMES = {
    { "read", 'r', Perm::Read, OpenFlag::None },
    { "write", 'w', Perm::Write, OpenFlag::None },
    { "execute", 'x', Perm::Execute, OpenFlag::None },
    { "nonblock", 'n', Perm::None, OpenFlag::Nonblock },
    { "append", 'a', Perm::None, OpenFlag::Append },
    { "create", 'c', Perm::None, OpenFlag::Create },
    { "exclusive", 'e', Perm::None, OpenFlag::Exclusive },
    { "truncate", 't', Perm::None, OpenFlag::Truncate },
    { "directory", 'd', Perm::None, OpenFlag::Directory },
    { "parents", 'p', Perm::None, OpenFlag::Parents },
    { "recursive", 'R', Perm::None, OpenFlag::Recursive },
    { "nofollow", 'l', Perm::None, OpenFlag::Nofollow },
};

// What a flag needs besides itself to be valid (exclusive and parents need create).
bool needs_create(OpenFlag flag) { return flag == OpenFlag::Exclusive || flag == OpenFlag::Parents; }

std::string text_of(StringView view) { return std::string(view.data(), view.size()); }

// The parse of `text`, with the path copied out (the view would dangle once a temporary
// `text` is gone).
struct Parsed {
    std::string path;
    OpenFlag flags { OpenFlag::None };
    Perm perms { Perm::None };
    bool perms_given { false };
};

Parsed parse_ok(const std::string& text)
{
    PathProblem problem;
    auto result = parse_path(StringView(text.data(), text.size()), &problem);
    EXPECT_TRUE(result.is_ok()) << '"' << text << "\": " << (problem.reason ? problem.reason : "?");
    if (result.is_error())
        return {};
    const ParsedPath& parsed = result.value();
    return { text_of(parsed.path), parsed.flags, parsed.perms, parsed.perms_given };
}

struct Refusal {
    Error error;
    std::string reason;
    size_t offset;
    size_t length;
};

Refusal refuse(const std::string& text)
{
    PathProblem problem;
    auto result = parse_path(StringView(text.data(), text.size()), &problem);
    EXPECT_TRUE(result.is_error()) << '"' << text << "\" was accepted";
    if (result.is_ok())
        return { Error::NotFound, "(accepted)", 0, 0 };
    return { result.error(), problem.reason ? problem.reason : "(null)", problem.offset, problem.length };
}

void expect_refusal(const std::string& text, Error error, const std::string& reason, size_t offset, size_t length)
{
    Refusal got = refuse(text);
    EXPECT_EQ(got.error, error) << text;
    EXPECT_EQ(got.reason, reason) << text;
    EXPECT_EQ(got.offset, offset) << text;
    EXPECT_EQ(got.length, length) << text;
}

std::string formatted(OpenFlag flags, Perm perms)
{
    char buf[FLAGS_TEXT_MAX];
    size_t length = format_flags(flags, perms, buf, sizeof(buf));
    EXPECT_LT(length, sizeof(buf));
    EXPECT_EQ(std::string(buf).size(), length);
    return std::string(buf, length);
}

} // namespace

TEST(PathFlags, Operators)
{
    EXPECT_EQ(Perm::Read | Perm::Write | Perm::Execute, Perm::All);
    EXPECT_EQ(Perm::All & Perm::Write, Perm::Write);
    EXPECT_EQ(~Perm::Write, Perm::Read | Perm::Execute);
    EXPECT_EQ(~Perm::None, Perm::All);
    EXPECT_EQ(~Perm::All, Perm::None);
    EXPECT_TRUE(has(Perm::Read | Perm::Write, Perm::Write));
    EXPECT_FALSE(has(Perm::Read, Perm::Write));
    EXPECT_FALSE(has(Perm::Read, Perm::Read | Perm::Write)) << "has() wants every bit";
    EXPECT_TRUE(is_subset(Perm::Read, Perm::Read | Perm::Execute));
    EXPECT_TRUE(is_subset(Perm::None, Perm::None));
    EXPECT_FALSE(is_subset(Perm::Read | Perm::Write, Perm::Read));

    OpenFlag flags = OpenFlag::Create;
    flags |= OpenFlag::Exclusive;
    EXPECT_TRUE(has(flags, OpenFlag::Create));
    EXPECT_TRUE(has(flags, OpenFlag::Create | OpenFlag::Exclusive));
    EXPECT_FALSE(has(flags, OpenFlag::Truncate));
    EXPECT_EQ(flags & ~OpenFlag::Create, OpenFlag::Exclusive);
    EXPECT_EQ(static_cast<uint16_t>(~OpenFlag::None), OPEN_FLAG_MASK);
    EXPECT_EQ(static_cast<uint16_t>(~OpenFlag::Nofollow), OPEN_FLAG_MASK & ~(1u << 8));
}

TEST(PathFlags, PlainPathHasNoFlags)
{
    auto parsed = parse_ok("/etc/motd");
    EXPECT_EQ(parsed.path, "/etc/motd");
    EXPECT_EQ(parsed.flags, OpenFlag::None);
    EXPECT_EQ(parsed.perms, Perm::None);
    EXPECT_FALSE(parsed.perms_given);

    EXPECT_EQ(parse_ok("relative/file").path, "relative/file");
    EXPECT_EQ(parse_ok("/").path, "/");
    EXPECT_EQ(parse_ok(".").path, ".");
}

TEST(PathFlags, PathPointsIntoTheInput)
{
    std::string text = "/net/local/seqpacket:nonblock";
    auto result = parse_path(StringView(text.data(), text.size()));
    ASSERT_TRUE(result.is_ok());
    const ParsedPath& parsed = result.value();
    EXPECT_EQ(parsed.path.data(), text.data());
    EXPECT_EQ(parsed.path.size(), 20u);
    EXPECT_EQ(parsed.flags, OpenFlag::Nonblock);
}

TEST(PathFlags, EveryLongName)
{
    for (const Named& name : ALL_NAMES) {
        std::string text = std::string("/x:") + name.long_name + (needs_create(name.flag) ? ":create" : "");
        auto parsed = parse_ok(text);
        EXPECT_EQ(parsed.perms, name.perm) << text;
        EXPECT_EQ(parsed.perms_given, name.perm != Perm::None) << text;
        EXPECT_EQ(parsed.flags, name.flag | (needs_create(name.flag) ? OpenFlag::Create : OpenFlag::None)) << text;
    }
}

TEST(PathFlags, EveryLetter)
{
    for (const Named& name : ALL_NAMES) {
        std::string text = std::string("/x:") + name.letter + (needs_create(name.flag) ? ":c" : "");
        auto parsed = parse_ok(text);
        EXPECT_EQ(parsed.perms, name.perm) << text;
        EXPECT_EQ(parsed.perms_given, name.perm != Perm::None) << text;
        EXPECT_EQ(parsed.flags, name.flag | (needs_create(name.flag) ? OpenFlag::Create : OpenFlag::None)) << text;
    }
}

TEST(PathFlags, LettersAreCaseSensitive)
{
    // 'R' is recursive, 'r' is read; no other capital is a flag.
    EXPECT_EQ(parse_ok("/x:R").flags, OpenFlag::Recursive);
    EXPECT_EQ(parse_ok("/x:r").perms, Perm::Read);
    expect_refusal("/x:W", Error::InvalidArgument, "unknown flag", 3, 1);
    expect_refusal("/x:READ", Error::InvalidArgument, "unknown flag", 3, 4);
}

TEST(PathFlags, LettersRunTogether)
{
    auto parsed = parse_ok("/tmp/x:ce");
    EXPECT_EQ(parsed.flags, OpenFlag::Create | OpenFlag::Exclusive);
    EXPECT_FALSE(parsed.perms_given);

    parsed = parse_ok("/tmp/x:rw");
    EXPECT_EQ(parsed.perms, Perm::Read | Perm::Write);
    EXPECT_TRUE(parsed.perms_given);
    EXPECT_EQ(parsed.flags, OpenFlag::None);

    parsed = parse_ok("/tmp/x:rwxnacetpl");
    EXPECT_EQ(parsed.perms, Perm::All);
    EXPECT_EQ(parsed.flags,
        OpenFlag::Nonblock | OpenFlag::Append | OpenFlag::Create | OpenFlag::Exclusive | OpenFlag::Truncate
            | OpenFlag::Parents | OpenFlag::Nofollow);

    // Long names and letters mix freely across segments, in any order.
    parsed = parse_ok("/tmp/a:exclusive:rw:create");
    EXPECT_EQ(parsed.flags, OpenFlag::Create | OpenFlag::Exclusive);
    EXPECT_EQ(parsed.perms, Perm::Read | Perm::Write);
    parsed = parse_ok("/tmp/a:cd:parents:l:read");
    EXPECT_EQ(parsed.flags, OpenFlag::Create | OpenFlag::Directory | OpenFlag::Parents | OpenFlag::Nofollow);
    EXPECT_EQ(parsed.perms, Perm::Read);
    parsed = parse_ok("/tmp/old:Rdl");
    EXPECT_EQ(parsed.flags, OpenFlag::Recursive | OpenFlag::Directory | OpenFlag::Nofollow);
}

TEST(PathFlags, LongNameWinsOverLetters)
{
    // As letters, "read" would be read + exclusive + append + directory, which is refused
    // (exclusive without create): the long name must be taken first.
    auto parsed = parse_ok("/x:read");
    EXPECT_EQ(parsed.perms, Perm::Read);
    EXPECT_EQ(parsed.flags, OpenFlag::None);
    // "create" is all letters too (c r e a t e).
    parsed = parse_ok("/x:create");
    EXPECT_EQ(parsed.flags, OpenFlag::Create);
    EXPECT_EQ(parsed.perms, Perm::None);
    EXPECT_FALSE(parsed.perms_given);
    // The same letters in another order are letters: e+r+a+d... is refused, showing the
    // letter reading is real.
    expect_refusal("/x:eard", Error::InvalidArgument, "exclusive without create", 3, 1);
    // "tac" = truncate + append + create.
    EXPECT_EQ(parse_ok("/x:tac").flags, OpenFlag::Truncate | OpenFlag::Append | OpenFlag::Create);
}

TEST(PathFlags, RepeatsAreHarmless)
{
    auto parsed = parse_ok("/x:create:c:cc:create:rr:read");
    EXPECT_EQ(parsed.flags, OpenFlag::Create);
    EXPECT_EQ(parsed.perms, Perm::Read);
}

TEST(PathFlags, UnknownFlags)
{
    // The whole segment is reported, so a message can name it.
    expect_refusal("/tmp/x:bogus", Error::InvalidArgument, "unknown flag", 7, 5);
    expect_refusal("/tmp/x:create:reads", Error::InvalidArgument, "unknown flag", 14, 5);
    expect_refusal("/tmp/x:rwz", Error::InvalidArgument, "unknown flag", 7, 3);
    expect_refusal("/tmp/x:c:Create", Error::InvalidArgument, "unknown flag", 9, 6);
    expect_refusal("/x:r w", Error::InvalidArgument, "unknown flag", 3, 3);
    // A second ':' does not start a second path: everything after the first is flags.
    expect_refusal("a:b:c", Error::InvalidArgument, "unknown flag", 2, 1);
    expect_refusal("/x:/y", Error::InvalidArgument, "unknown flag", 3, 2);

    char message[96];
    std::string text = "/tmp/x:create:bogus";
    PathProblem problem;
    ASSERT_TRUE(parse_path(StringView(text.data(), text.size()), &problem).is_error());
    describe_problem(StringView(text.data(), text.size()), problem, message, sizeof(message));
    EXPECT_STREQ(message, "unknown flag \"bogus\" at byte 14");
}

TEST(PathFlags, DescribeProblemIsSafe)
{
    std::string text = std::string("/x:a\x1b[2Jb");
    PathProblem problem;
    ASSERT_TRUE(parse_path(StringView(text.data(), text.size()), &problem).is_error());
    char message[96];
    describe_problem(StringView(text.data(), text.size()), problem, message, sizeof(message));
    EXPECT_STREQ(message, "unknown flag \"a?[2Jb\" at byte 3");

    // Long parts are cut with "...", empty ones are not quoted, and a small buffer is
    // NUL-terminated.
    std::string long_flag = "/x:" + std::string(100, 'z');
    ASSERT_TRUE(parse_path(StringView(long_flag.data(), long_flag.size()), &problem).is_error());
    describe_problem(StringView(long_flag.data(), long_flag.size()), problem, message, sizeof(message));
    EXPECT_EQ(std::string(message), "unknown flag \"" + std::string(48, 'z') + "...\" at byte 3");
    ASSERT_TRUE(parse_path("/x::c", &problem).is_error());
    describe_problem("/x::c", problem, message, sizeof(message));
    EXPECT_STREQ(message, "empty flag at byte 3");
    char tiny[8];
    EXPECT_EQ(describe_problem("/x::c", problem, tiny, sizeof(tiny)), 20u);
    EXPECT_STREQ(tiny, "empty f");
}

TEST(PathFlags, EmptySegments)
{
    expect_refusal("/x:", Error::InvalidArgument, "empty flag", 3, 0);
    expect_refusal("/x:create:", Error::InvalidArgument, "empty flag", 10, 0);
    expect_refusal("/x::create", Error::InvalidArgument, "empty flag", 3, 0);
    expect_refusal("/x:c::e", Error::InvalidArgument, "empty flag", 5, 0);
}

TEST(PathFlags, Contradictions)
{
    // Each reports the flag that is wrong, where it was first named.
    expect_refusal("/x:exclusive", Error::InvalidArgument, "exclusive without create", 3, 9);
    expect_refusal("/x:e", Error::InvalidArgument, "exclusive without create", 3, 1);
    expect_refusal("/x:rwe", Error::InvalidArgument, "exclusive without create", 5, 1);
    expect_refusal("/x:parents", Error::InvalidArgument, "parents without create", 3, 7);
    expect_refusal("/x:dp", Error::InvalidArgument, "parents without create", 4, 1);
    expect_refusal("/x:truncate:directory", Error::InvalidArgument, "truncate with directory", 3, 8);
    expect_refusal("/x:cdt", Error::InvalidArgument, "truncate with directory", 5, 1);
    expect_refusal("/x:append:directory", Error::InvalidArgument, "append with directory", 3, 6);
    expect_refusal("/x:d:a", Error::InvalidArgument, "append with directory", 5, 1);
    expect_refusal("/x:truncate:read", Error::InvalidArgument, "truncate without write permission", 3, 8);
    expect_refusal("/x:rt", Error::InvalidArgument, "truncate without write permission", 4, 1);
    expect_refusal("/x:append:rx", Error::InvalidArgument, "append without write permission", 3, 6);
    expect_refusal("/x:execute:a", Error::InvalidArgument, "append without write permission", 11, 1);
    expect_refusal("/x:recursive:create", Error::InvalidArgument, "recursive with create (recursive is for removal)", 3, 9);
    expect_refusal("/x:cR", Error::InvalidArgument, "recursive with create (recursive is for removal)", 4, 1);
    // The offset is where the flag was first named, even when repeated.
    expect_refusal("/x:e:exclusive", Error::InvalidArgument, "exclusive without create", 3, 1);

    // The valid neighbours of each rule.
    EXPECT_EQ(parse_ok("/x:exclusive:create").flags, OpenFlag::Exclusive | OpenFlag::Create);
    EXPECT_EQ(parse_ok("/x:parents:create").flags, OpenFlag::Parents | OpenFlag::Create);
    EXPECT_EQ(parse_ok("/x:truncate").flags, OpenFlag::Truncate) << "no permissions named: fine";
    EXPECT_EQ(parse_ok("/x:append").flags, OpenFlag::Append);
    EXPECT_EQ(parse_ok("/x:truncate:write").perms, Perm::Write);
    EXPECT_EQ(parse_ok("/x:append:rw").perms, Perm::Read | Perm::Write);
    EXPECT_EQ(parse_ok("/x:directory:create").flags, OpenFlag::Directory | OpenFlag::Create);
    EXPECT_EQ(parse_ok("/x:recursive:directory").flags, OpenFlag::Recursive | OpenFlag::Directory);
}

TEST(PathFlags, BadPaths)
{
    expect_refusal("", Error::BadFormat, "empty path", 0, 0);
    expect_refusal(":create", Error::BadFormat, "empty path", 0, 0);
    expect_refusal(std::string("/tmp/a\0b", 8), Error::BadFormat, "NUL byte in path", 6, 1);
    // A NUL in the flags is refused the same way (nothing after it would be seen by C).
    expect_refusal(std::string("/tmp/a:c\0", 9), Error::BadFormat, "NUL byte in path", 8, 1);
}

TEST(PathFlags, NameMaxExactlyAndOneOver)
{
    const std::string at_limit(MAX_NAME_LENGTH, 'n');
    const std::string over(MAX_NAME_LENGTH + 1, 'n');
    EXPECT_EQ(parse_ok("/a/" + at_limit + "/b").path.size(), MAX_NAME_LENGTH + 5);
    EXPECT_EQ(parse_ok(at_limit).path.size(), MAX_NAME_LENGTH);
    expect_refusal("/a/" + over + "/b", Error::TooBig, "component longer than MAX_NAME_LENGTH", 3, MAX_NAME_LENGTH + 1);
    expect_refusal(over, Error::TooBig, "component longer than MAX_NAME_LENGTH", 0, MAX_NAME_LENGTH + 1);
    expect_refusal("/a/" + over, Error::TooBig, "component longer than MAX_NAME_LENGTH", 3, MAX_NAME_LENGTH + 1);
    // The flags do not count towards the component.
    EXPECT_EQ(parse_ok("/a/" + at_limit + ":create:truncate").flags, OpenFlag::Create | OpenFlag::Truncate);
}

TEST(PathFlags, PathMaxExactlyAndOneOver)
{
    // Components of 200 bytes, so only the total limit applies.
    std::string path;
    while (path.size() + 201 <= MAX_PATH_LENGTH)
        path += "/" + std::string(200, 'p');
    path += "/" + std::string(MAX_PATH_LENGTH - path.size() - 1, 'q');
    ASSERT_EQ(path.size(), MAX_PATH_LENGTH);
    EXPECT_EQ(parse_ok(path).path.size(), MAX_PATH_LENGTH);
    // Flags do not count towards MAX_PATH_LENGTH.
    EXPECT_EQ(parse_ok(path + ":create:write").flags, OpenFlag::Create);
    expect_refusal(path + "q", Error::TooBig, "path longer than MAX_PATH_LENGTH", 0, MAX_PATH_LENGTH + 1);
    expect_refusal(path + "q:create", Error::TooBig, "path longer than MAX_PATH_LENGTH", 0, MAX_PATH_LENGTH + 1);
}

TEST(PathFlags, FormatFlags)
{
    EXPECT_EQ(formatted(OpenFlag::None, Perm::None), "");
    EXPECT_EQ(formatted(OpenFlag::Create, Perm::Read | Perm::Write), ":read:write:create");
    EXPECT_EQ(formatted(OpenFlag::Exclusive | OpenFlag::Create, Perm::None), ":create:exclusive");
    EXPECT_EQ(formatted(static_cast<OpenFlag>(OPEN_FLAG_MASK), Perm::All),
        ":read:write:execute:nonblock:append:create:exclusive:truncate:directory:parents:recursive:nofollow");
    // Undefined bits are ignored.
    EXPECT_EQ(formatted(static_cast<OpenFlag>(0xfe00), static_cast<Perm>(0xf8)), "");

    // snprintf semantics: cut to the buffer, NUL-terminated, full length returned.
    char small[8];
    std::memset(small, 'X', sizeof(small));
    EXPECT_EQ(format_flags(OpenFlag::Create, Perm::Read, small, sizeof(small)), 12u);
    EXPECT_STREQ(small, ":read:c");
    EXPECT_EQ(format_flags(OpenFlag::Create, Perm::Read, nullptr, 0), 12u);
    char one[1] = { 'X' };
    EXPECT_EQ(format_flags(OpenFlag::Create, Perm::Read, one, 1), 12u);
    EXPECT_EQ(one[0], '\0');
}

TEST(PathFlags, FormatThenParseRoundTrips)
{
    // Every combination of the nine flags and three permissions: a combination the parser
    // accepts when written as letters must come back the same from its canonical text,
    // and vice versa.
    size_t accepted = 0;
    for (uint16_t bits = 0; bits <= OPEN_FLAG_MASK; ++bits) {
        for (uint8_t perm_bits = 0; perm_bits <= 7; ++perm_bits) {
            const auto flags = static_cast<OpenFlag>(bits);
            const auto perms = static_cast<Perm>(perm_bits);
            std::string letters;
            for (const Named& name : ALL_NAMES) {
                if (name.perm != Perm::None ? has(perms, name.perm) : has(flags, name.flag))
                    letters += name.letter;
            }
            const std::string canonical = formatted(flags, perms);
            const std::string short_text = letters.empty() ? "/p" : "/p:" + letters;
            const std::string long_text = "/p" + canonical;
            auto by_letters = parse_path(StringView(short_text.data(), short_text.size()));
            auto by_names = parse_path(StringView(long_text.data(), long_text.size()));
            ASSERT_EQ(by_letters.is_ok(), by_names.is_ok()) << short_text << " vs " << long_text;
            if (by_names.is_error())
                continue;
            ++accepted;
            EXPECT_EQ(by_names.value().flags, flags) << long_text;
            EXPECT_EQ(by_names.value().perms, perms) << long_text;
            EXPECT_EQ(by_names.value().perms_given, perms != Perm::None) << long_text;
            EXPECT_EQ(by_letters.value().flags, flags) << short_text;
            EXPECT_EQ(by_letters.value().perms, perms) << short_text;
        }
    }
    // Sanity: some but not all combinations are valid.
    EXPECT_GT(accepted, 100u);
    EXPECT_LT(accepted, size_t(OPEN_FLAG_MASK + 1) * 8);
}
