// Host tests of the share/claim table: one use per key, expiry, capacity, bad keys.
#include <gtest/gtest.h>

#include "fs/ShareTable.hpp"
#include "fs/Tmpfs.hpp"
#include "fs/Vfs.hpp"

using namespace ts;
using namespace ts::fs;

namespace {

ShareKey key_from(uint8_t seed)
{
    uint8_t bytes[16];
    for (int i = 0; i < 16; ++i)
        bytes[i] = static_cast<uint8_t>(seed * 31 + i);
    return make_share_key(bytes);
}

NonnullRefPtr<File> some_file()
{
    auto root = tmpfs::create().release_value();
    auto ns = Namespace::create(root).release_value();
    PathContext ctx { ns.ptr(), {}, Perm::All };
    return open(ctx, "/f:c").release_value();
}

} // namespace

TEST(ShareTable, KeysAreHexOfTheBytes)
{
    uint8_t bytes[16] = { 0x00, 0x01, 0xab, 0xff };
    auto key = make_share_key(bytes);
    EXPECT_EQ(std::string(key.text), "0001abff000000000000000000000000");
}

TEST(ShareTable, ClaimWorksOnceAndHoldsAReference)
{
    ShareTable table;
    auto file = some_file();
    uint32_t before = file->ref_count();
    ASSERT_TRUE(table.insert(key_from(1), *file, 100, 0).is_ok());
    EXPECT_EQ(file->ref_count(), before + 1);
    EXPECT_EQ(table.insert(key_from(1), *file, 100, 0).error(), Error::Exists);
    auto claimed = table.claim(key_from(1).view(), 50);
    ASSERT_TRUE(claimed.is_ok());
    EXPECT_EQ(claimed.value().ptr(), file.ptr());
    EXPECT_EQ(table.claim(key_from(1).view(), 50).error(), Error::NotFound);
    EXPECT_EQ(table.size(), 0u);
}

TEST(ShareTable, ExpiredKeysFailAndReleaseTheFile)
{
    ShareTable table;
    auto file = some_file();
    uint32_t before = file->ref_count();
    ASSERT_TRUE(table.insert(key_from(2), *file, 100, 0).is_ok());
    EXPECT_EQ(table.claim(key_from(2).view(), 100).error(), Error::Timeout);
    EXPECT_EQ(file->ref_count(), before);
    EXPECT_EQ(table.claim(key_from(2).view(), 100).error(), Error::NotFound);
    // Expired entries are also swept by the next insert.
    ASSERT_TRUE(table.insert(key_from(3), *file, 10, 0).is_ok());
    ASSERT_TRUE(table.insert(key_from(4), *file, 1000, 20).is_ok());
    EXPECT_EQ(table.size(), 1u);
}

TEST(ShareTable, MalformedKeysAndCapacity)
{
    ShareTable table;
    auto file = some_file();
    EXPECT_EQ(table.claim("short", 0).error(), Error::BadFormat);
    EXPECT_EQ(table.claim("ABCDEF0000000000000000000000000000", 0).error(), Error::BadFormat);
    EXPECT_EQ(table.claim("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 0).error(), Error::BadFormat);
    for (size_t i = 0; i < ShareTable::CAPACITY; ++i) {
        uint8_t bytes[16] = {};
        bytes[0] = static_cast<uint8_t>(i);
        bytes[1] = static_cast<uint8_t>(i >> 8);
        ASSERT_TRUE(table.insert(make_share_key(bytes), *file, 1000, 0).is_ok()) << i;
    }
    EXPECT_EQ(table.insert(key_from(200), *file, 1000, 0).error(), Error::NoSpace);
    // Once they expire there is room again.
    EXPECT_TRUE(table.insert(key_from(200), *file, 5000, 1000).is_ok());
}
