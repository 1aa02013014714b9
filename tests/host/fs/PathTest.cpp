// Host tests for fs/Path: component iteration (repeated and trailing slashes, "." and
// ".." passed through, is_last), name validation at the MAX_NAME_LENGTH edge, and split_last's
// documented cases, including that its views point into the input.
#include <fs/Path.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

using ts::Error;
using ts::StringView;
using namespace ts::fs;

namespace {

std::string text_of(StringView view) { return std::string(view.data(), view.size()); }

struct Walk {
    std::vector<std::string> components;
    std::vector<bool> last; // is_last() after each component
};

Walk walk(const char* path)
{
    PathComponents components { StringView(path) };
    Walk out;
    StringView name;
    while (components.next(name)) {
        out.components.push_back(text_of(name));
        out.last.push_back(components.is_last());
    }
    // The end stays the end.
    EXPECT_FALSE(components.next(name));
    EXPECT_TRUE(components.is_last());
    return out;
}

using Strings = std::vector<std::string>;

} // namespace

TEST(PathComponents, SimplePaths)
{
    EXPECT_EQ(walk("/a/b/c").components, (Strings { "a", "b", "c" }));
    EXPECT_EQ(walk("a/b").components, (Strings { "a", "b" }));
    EXPECT_EQ(walk("name").components, (Strings { "name" }));
}

TEST(PathComponents, RepeatedAndTrailingSlashes)
{
    EXPECT_EQ(walk("//a///b//").components, (Strings { "a", "b" }));
    EXPECT_EQ(walk("/").components, Strings {});
    EXPECT_EQ(walk("///").components, Strings {});
    EXPECT_EQ(walk("").components, Strings {});
}

TEST(PathComponents, DotsArePassedThrough)
{
    EXPECT_EQ(walk("/a/./../b/..").components, (Strings { "a", ".", "..", "b", ".." }));
    EXPECT_EQ(walk("...").components, (Strings { "..." }));
}

TEST(PathComponents, IsLast)
{
    EXPECT_EQ(walk("/a/b/c").last, (std::vector<bool> { false, false, true }));
    // Trailing slashes do not make another component.
    EXPECT_EQ(walk("a/b//").last, (std::vector<bool> { false, true }));
    EXPECT_EQ(walk("x").last, (std::vector<bool> { true }));

    // Before the first next(): true only for a path without components.
    EXPECT_TRUE(PathComponents(StringView("/")).is_last());
    EXPECT_FALSE(PathComponents(StringView("/a")).is_last());
}

TEST(PathComponents, AbsoluteAndTrailingSlash)
{
    EXPECT_TRUE(PathComponents(StringView("/a")).is_absolute());
    EXPECT_TRUE(PathComponents(StringView("/")).is_absolute());
    EXPECT_FALSE(PathComponents(StringView("a/b")).is_absolute());
    EXPECT_FALSE(PathComponents(StringView("")).is_absolute());

    EXPECT_TRUE(PathComponents(StringView("a/b/")).has_trailing_slash());
    EXPECT_TRUE(PathComponents(StringView("/a//")).has_trailing_slash());
    EXPECT_TRUE(PathComponents(StringView("./")).has_trailing_slash());
    EXPECT_FALSE(PathComponents(StringView("a/b")).has_trailing_slash());
    EXPECT_FALSE(PathComponents(StringView("/")).has_trailing_slash()) << "the root alone has no component";
    EXPECT_FALSE(PathComponents(StringView("//")).has_trailing_slash());
    EXPECT_FALSE(PathComponents(StringView("")).has_trailing_slash());
}

TEST(PathComponents, ComponentsPointIntoThePath)
{
    std::string path = "/usr//lib";
    PathComponents components { StringView(path.data(), path.size()) };
    StringView name;
    ASSERT_TRUE(components.next(name));
    EXPECT_EQ(name.data(), path.data() + 1);
    ASSERT_TRUE(components.next(name));
    EXPECT_EQ(name.data(), path.data() + 6);
    EXPECT_EQ(name.size(), 3u);
}

TEST(ValidateName, GoodNames)
{
    EXPECT_TRUE(validate_name("motd").is_ok());
    EXPECT_TRUE(validate_name("...").is_ok());
    EXPECT_TRUE(validate_name(".hidden").is_ok());
    EXPECT_TRUE(validate_name("a b\tc").is_ok());
    EXPECT_TRUE(validate_name("caf\xc3\xa9").is_ok());
    const std::string at_limit(MAX_NAME_LENGTH, 'n');
    EXPECT_TRUE(validate_name(StringView(at_limit.data(), at_limit.size())).is_ok());
}

TEST(ValidateName, BadNames)
{
    EXPECT_EQ(validate_name("").error(), Error::InvalidArgument);
    EXPECT_EQ(validate_name(".").error(), Error::InvalidArgument);
    EXPECT_EQ(validate_name("..").error(), Error::InvalidArgument);
    EXPECT_EQ(validate_name("a/b").error(), Error::InvalidArgument);
    EXPECT_EQ(validate_name("/").error(), Error::InvalidArgument);
    EXPECT_EQ(validate_name("a:create").error(), Error::InvalidArgument);
    EXPECT_EQ(validate_name(StringView("a\0b", 3)).error(), Error::InvalidArgument);
    const std::string over(MAX_NAME_LENGTH + 1, 'n');
    EXPECT_EQ(validate_name(StringView(over.data(), over.size())).error(), Error::TooBig);
}

TEST(SplitLast, DocumentedCases)
{
    struct Case {
        const char* path;
        const char* parent;
        const char* name;
    };
    const Case cases[] = {
        { "a/b/c", "a/b", "c" },
        { "/c", "/", "c" },
        { "c", "", "c" },
        { "a/b/", "a", "b" },
        { "a/b//", "a", "b" },
        { "a//b", "a", "b" },
        { "//c", "/", "c" },
        { "/a/b", "/a", "b" },
        { "/", "/", "" },
        { "///", "/", "" },
        { "", "", "" },
        { "./x", ".", "x" },
        { "a/..", "a", ".." },
    };
    for (const Case& c : cases) {
        SplitPath split = split_last(c.path);
        EXPECT_EQ(text_of(split.parent), c.parent) << c.path;
        EXPECT_EQ(text_of(split.name), c.name) << c.path;
    }
}

TEST(SplitLast, ViewsPointIntoTheInput)
{
    std::string path = "/usr/lib/";
    SplitPath split = split_last(StringView(path.data(), path.size()));
    EXPECT_EQ(split.parent.data(), path.data());
    EXPECT_EQ(split.name.data(), path.data() + 5);
    std::string root = "//";
    split = split_last(StringView(root.data(), root.size()));
    EXPECT_EQ(split.parent.data(), root.data());
    EXPECT_EQ(split.parent.size(), 1u);
}
