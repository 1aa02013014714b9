// Host tests for core/SymbolTable over nm-style text.
#include <core/SymbolTable.hpp>
#include <gtest/gtest.h>

#include <string>

using ts::SymbolMatch;
using ts::SymbolTable;

namespace {
const std::string TEXT = "ffffffff80000000 T _start\n"
                         "ffffffff80000040 t ts::(anonymous namespace)::helper(int)\n"
                         "ffffffff80000100 D some_data\n"
                         "ffffffff80000200 T kernel_entry\n"
                         "garbage line without shape\n"
                         "ffffffff80000300 W weak_function\n";

std::string name_of(const SymbolMatch& m) { return std::string(m.name, m.name_length); }
} // namespace

TEST(SymbolTable, FindsEnclosingFunction)
{
    SymbolTable table(TEXT.data(), TEXT.size());
    SymbolMatch m;
    ASSERT_TRUE(table.lookup(0xffffffff80000010, m));
    EXPECT_EQ(name_of(m), "_start");
    EXPECT_EQ(m.offset, 0x10u);
    ASSERT_TRUE(table.lookup(0xffffffff80000041, m));
    EXPECT_EQ(name_of(m), "ts::(anonymous namespace)::helper(int)");
    // Data symbols are skipped: 0x150 still belongs to helper.
    ASSERT_TRUE(table.lookup(0xffffffff80000150, m));
    EXPECT_EQ(name_of(m), "ts::(anonymous namespace)::helper(int)");
    ASSERT_TRUE(table.lookup(0xffffffff80000305, m));
    EXPECT_EQ(name_of(m), "weak_function");
}

TEST(SymbolTable, RejectsAddressesOutsideTheTable)
{
    SymbolTable table(TEXT.data(), TEXT.size());
    SymbolMatch m;
    EXPECT_FALSE(table.lookup(0xffffffff7fffffff, m));
    EXPECT_FALSE(table.lookup(0xffffffff80000300 + (2 << 20), m)); // beyond the limit
}

TEST(SymbolTable, CountsOnlyWellFormedLines)
{
    SymbolTable table(TEXT.data(), TEXT.size());
    EXPECT_EQ(table.count(), 5u);
    SymbolTable empty;
    SymbolMatch m;
    EXPECT_FALSE(empty.lookup(0x1000, m));
}

TEST(SymbolTable, SurvivesTruncatedText)
{
    for (size_t cut = 0; cut < TEXT.size(); ++cut) {
        SymbolTable table(TEXT.data(), cut);
        SymbolMatch m;
        // Must not read past `cut` (ASan checks) and never invents symbols.
        if (table.lookup(0xffffffff80000250, m)) {
            EXPECT_LE(m.name - TEXT.data() + m.name_length, cut);
        }
        EXPECT_LE(table.count(), 5u);
    }
}
