// Host tests for core/CommandLine.
#include <core/CommandLine.hpp>
#include <gtest/gtest.h>

#include <string>

using ts::CommandLine;

TEST(CommandLine, FindsWordsAndValues)
{
    std::string text = "  test=mm. test.expect_panic quiet ";
    CommandLine cmdline(text.data(), text.size());
    EXPECT_TRUE(cmdline.has("test"));
    EXPECT_TRUE(cmdline.has("test.expect_panic"));
    EXPECT_TRUE(cmdline.has("quiet"));
    EXPECT_FALSE(cmdline.has("tes"));
    EXPECT_FALSE(cmdline.has("test.expect"));
    size_t length = 0;
    const char* value = cmdline.value("test", &length);
    ASSERT_NE(value, nullptr);
    EXPECT_EQ(std::string(value, length), "mm.");
    EXPECT_EQ(cmdline.value("quiet", &length), nullptr);
    EXPECT_EQ(cmdline.value("missing", &length), nullptr);
}

TEST(CommandLine, EmptyValueAndEmptyLine)
{
    std::string text = "root=";
    CommandLine cmdline(text.data(), text.size());
    size_t length = 99;
    const char* value = cmdline.value("root", &length);
    ASSERT_NE(value, nullptr);
    EXPECT_EQ(length, 0u);
    CommandLine empty;
    EXPECT_FALSE(empty.has("anything"));
}
