// Host tests for kernel/ipc/LocalSocketNames.hpp, the table of local socket names: a name
// is bound once, only its owner's removal takes it away, bad names are refused, and
// random binds and removals mirrored in a std::map (with names sharing prefixes and
// bytes above 0x7f, to exercise the byte order).
#include <ipc/LocalSocketNames.hpp>

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace {

using ts::Error;
using ts::StringView;
using ts::ipc::LOCAL_NAME_MAX;
using ts::ipc::NameTable;

struct Owner {
    int id;
};

StringView view(const std::string& text)
{
    return StringView(text.data(), text.size());
}

TEST(LocalSocketNames, NameIsBoundOnce)
{
    NameTable<Owner> table;
    Owner a { 1 }, b { 2 };
    EXPECT_TRUE(table.add("server", a).is_ok());
    auto again = table.add("server", b);
    ASSERT_TRUE(again.is_error());
    EXPECT_EQ(again.error(), Error::Exists);
    EXPECT_EQ(table.find("server"), &a);
    EXPECT_EQ(table.find("serve"), nullptr);
    EXPECT_EQ(table.find("server2"), nullptr);
    // Only the owner's removal takes the name.
    EXPECT_FALSE(table.remove("server", b));
    EXPECT_EQ(table.find("server"), &a);
    EXPECT_TRUE(table.remove("server", a));
    EXPECT_FALSE(table.remove("server", a));
    EXPECT_TRUE(table.add("server", b).is_ok());
    EXPECT_EQ(table.find("server"), &b);
    EXPECT_EQ(table.size(), 1u);
}

TEST(LocalSocketNames, BadNamesAreRefused)
{
    NameTable<Owner> table;
    Owner a { 1 };
    std::string longest(LOCAL_NAME_MAX, 'n');
    std::string too_long(LOCAL_NAME_MAX + 1, 'n');
    EXPECT_TRUE(table.add(view(longest), a).is_ok());
    EXPECT_EQ(table.add(view(too_long), a).error(), Error::InvalidArgument);
    EXPECT_EQ(table.add("", a).error(), Error::InvalidArgument);
    EXPECT_EQ(table.add("tab\there", a).error(), Error::InvalidArgument);
    EXPECT_EQ(table.add("del\x7f", a).error(), Error::InvalidArgument);
    EXPECT_TRUE(table.add("with space", a).is_ok());
    EXPECT_TRUE(table.add("caf\xc3\xa9", a).is_ok());
    EXPECT_EQ(table.size(), 3u);
}

TEST(LocalSocketNames, RandomBindsMatchAMap)
{
    std::mt19937 random(99);
    NameTable<Owner> table;
    std::map<std::string, Owner*> model;
    Owner owners[8];
    for (int i = 0; i < 8; ++i)
        owners[i].id = i;
    const char alphabet[] = { 'a', 'b', '\x80', '\xff' };
    for (int step = 0; step < 30000; ++step) {
        std::string name(1 + random() % 4, 'a');
        for (auto& c : name)
            c = alphabet[random() % 4];
        Owner& owner = owners[random() % 8];
        auto found = model.find(name);
        if (random() % 2) {
            auto added = table.add(view(name), owner);
            if (found != model.end()) {
                ASSERT_TRUE(added.is_error());
                ASSERT_EQ(added.error(), Error::Exists);
            } else {
                ASSERT_TRUE(added.is_ok());
                model[name] = &owner;
            }
        } else {
            bool removed = table.remove(view(name), owner);
            bool should = found != model.end() && found->second == &owner;
            ASSERT_EQ(removed, should);
            if (should)
                model.erase(found);
        }
        ASSERT_EQ(table.size(), model.size());
        if (step % 1000 == 0) {
            for (auto& [key, value] : model)
                ASSERT_EQ(table.find(view(key)), value);
        }
    }
}

} // namespace
