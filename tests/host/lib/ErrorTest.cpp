// Host tests for kernel/lib/Error: every enumerator gets the description written next to
// it in the one list (so a mis-ordered case shows), the descriptions are distinct and
// non-empty, and out-of-range values still get a string.
#include <lib/Error.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

using ts::Error;

std::vector<std::pair<Error, std::string>> declared_errors()
{
    std::vector<std::pair<Error, std::string>> all;
#define TS_TEST_ERROR(name, text) all.emplace_back(Error::name, text);
    TS_ENUMERATE_ERRORS(TS_TEST_ERROR)
#undef TS_TEST_ERROR
    return all;
}

TEST(Error, EveryErrorHasItsDeclaredName)
{
    auto all = declared_errors();
    ASSERT_FALSE(all.empty());
    for (auto& [error, text] : all)
        EXPECT_EQ(std::string(ts::error_name(error)), text) << "error " << int(error);
}

TEST(Error, NamesAreDistinctAndNonEmpty)
{
    std::set<std::string> names;
    std::set<int> values;
    for (auto& [error, text] : declared_errors()) {
        const char* name = ts::error_name(error);
        ASSERT_NE(name, nullptr);
        EXPECT_GT(std::string(name).size(), 0u);
        names.insert(name);
        values.insert(int(error));
    }
    EXPECT_EQ(names.size(), declared_errors().size());
    EXPECT_EQ(values.size(), declared_errors().size());
}

TEST(Error, OutOfRangeValuesStillHaveAName)
{
    // Garbage from a corrupted or foreign source must not crash logging.
    for (int raw : { -1, int(declared_errors().size()), 1000 }) {
        const char* name = ts::error_name(static_cast<Error>(raw));
        ASSERT_NE(name, nullptr);
        EXPECT_GT(std::string(name).size(), 0u);
    }
}

} // namespace
