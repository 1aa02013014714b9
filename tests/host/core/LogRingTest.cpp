// Host tests for core/LogRing: wrap-around, whole-line reads, readers falling behind.
#include <core/LogRing.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

using ts::LogRing;

namespace {

std::string read_all(const LogRing& ring, uint64_t& position, uint64_t* skipped = nullptr)
{
    std::string out;
    char buffer[64];
    for (;;) {
        auto r = ring.read(position, buffer, sizeof(buffer));
        if (skipped)
            *skipped += r.skipped;
        position = r.next;
        if (r.bytes == 0)
            return out;
        out.append(buffer, r.bytes);
    }
}

} // namespace

TEST(LogRing, ReadsBackWhatWasWritten)
{
    std::vector<char> storage(1024);
    LogRing ring(storage.data(), storage.size());
    ring.append("one\n", 4);
    ring.append("two\n", 4);
    uint64_t position = 0;
    EXPECT_EQ(read_all(ring, position), "one\ntwo\n");
    EXPECT_EQ(position, 8u);
    ring.append("three\n", 6);
    EXPECT_EQ(read_all(ring, position), "three\n");
}

TEST(LogRing, SlowReaderSkipsToOldestWholeLine)
{
    std::vector<char> storage(100);
    LogRing ring(storage.data(), storage.size());
    std::string all;
    for (int i = 0; i < 50; ++i) {
        std::string line = "line " + std::to_string(i) + "\n";
        ring.append(line.data(), line.size());
        all += line;
    }
    uint64_t position = 0, skipped = 0;
    std::string got = read_all(ring, position, &skipped);
    // What we got is a suffix of everything written, starting at a line boundary.
    ASSERT_FALSE(got.empty());
    EXPECT_LE(got.size(), 100u);
    EXPECT_EQ(all.substr(all.size() - got.size()), got);
    EXPECT_EQ(all[all.size() - got.size() - 1], '\n');
    EXPECT_EQ(skipped + got.size(), all.size());
}

TEST(LogRing, WholeLinesOnlyWhenBufferIsSmall)
{
    std::vector<char> storage(256);
    LogRing ring(storage.data(), storage.size());
    ring.append("aaaaaaaaaa\n", 11);
    ring.append("bbbbbbbbbb\n", 11);
    char buffer[16];
    auto r = ring.read(0, buffer, sizeof(buffer));
    EXPECT_EQ(std::string(buffer, r.bytes), "aaaaaaaaaa\n");
    EXPECT_EQ(r.next, 11u);
    // A line longer than the buffer is cut, not skipped.
    char tiny[4];
    auto cut = ring.read(0, tiny, sizeof(tiny));
    EXPECT_EQ(cut.bytes, 4u);
    EXPECT_EQ(cut.next, 4u);
}

TEST(LogRing, OversizedLineIsTruncatedToCapacity)
{
    std::vector<char> storage(16);
    LogRing ring(storage.data(), storage.size());
    std::string big(40, 'x');
    ring.append(big.data(), big.size());
    EXPECT_EQ(ring.write_position(), 16u);
}
