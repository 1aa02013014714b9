// Host tests for kernel/lib/Ustar: archives are generated here byte by byte (no tar
// binary, no fixtures on disk), then corrupted one way at a time to check that each
// problem is found, named, and located at the right header.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "lib/Ustar.hpp"

using ts::Error;
namespace ustar = ts::ustar;

namespace {

struct Entry {
    std::string name;
    std::string data;
    char type { '0' };
};

void put_octal(char* field, size_t length, uint64_t value)
{
    // length - 1 digits, zero padded, then a NUL: the form POSIX tar writes.
    std::snprintf(field, length, "%0*llo", static_cast<int>(length - 1), static_cast<unsigned long long>(value));
}

void seal(ustar::Header& header)
{
    std::snprintf(header.checksum, sizeof(header.checksum), "%06o", ustar::compute_checksum(header));
    header.checksum[7] = ' ';
}

ustar::Header make_header(const Entry& entry)
{
    ustar::Header header;
    std::memset(&header, 0, sizeof(header));
    std::memcpy(header.name, entry.name.data(), std::min(entry.name.size(), sizeof(header.name)));
    put_octal(header.mode, sizeof(header.mode), 0644);
    put_octal(header.uid, sizeof(header.uid), 0);
    put_octal(header.gid, sizeof(header.gid), 0);
    put_octal(header.size, sizeof(header.size), entry.data.size());
    put_octal(header.mtime, sizeof(header.mtime), 1700000000);
    header.typeflag = entry.type;
    std::memcpy(header.magic, "ustar", 6);
    std::memcpy(header.version, "00", 2);
    seal(header);
    return header;
}

// A complete archive: headers, data padded to 512 bytes, two zero blocks.
std::vector<uint8_t> make_archive(const std::vector<Entry>& entries, bool end_blocks = true)
{
    std::vector<uint8_t> out;
    for (const Entry& entry : entries) {
        ustar::Header header = make_header(entry);
        auto* bytes = reinterpret_cast<const uint8_t*>(&header);
        out.insert(out.end(), bytes, bytes + sizeof(header));
        out.insert(out.end(), entry.data.begin(), entry.data.end());
        out.resize((out.size() + 511) / 512 * 512, 0);
    }
    if (end_blocks)
        out.resize(out.size() + 1024, 0);
    return out;
}

ustar::Header* header_at(std::vector<uint8_t>& archive, size_t offset)
{
    return reinterpret_cast<ustar::Header*>(archive.data() + offset);
}

const std::vector<Entry> THREE_FILES = {
    { "bin/", "", '5' },
    { "bin/init", std::string(1000, 'x'), '0' },
    { "etc/motd", "hello\n", '0' },
};

// Header offsets in THREE_FILES: 0, 512, 512 + 512 + 1024 = 2048.
constexpr size_t THIRD_HEADER = 2048;

struct Outcome {
    bool ok;
    std::string reason;
    uint64_t offset;
};

Outcome check(const std::vector<uint8_t>& archive)
{
    ustar::Problem problem;
    auto result = ustar::validate(archive.data(), archive.size(), &problem);
    if (result.is_ok())
        return { true, "", 0 };
    EXPECT_EQ(result.error(), Error::Corrupt);
    return { false, problem.reason ? problem.reason : "(null)", problem.offset };
}

} // namespace

TEST(Ustar, HeaderLayoutMatchesPosix)
{
    EXPECT_EQ(sizeof(ustar::Header), 512u);
    EXPECT_EQ(offsetof(ustar::Header, typeflag), 156u);
    EXPECT_EQ(offsetof(ustar::Header, prefix), 345u);
}

TEST(Ustar, ParseOctal)
{
    auto parse = [](const char* text, size_t length) { return ustar::parse_octal(text, length); };
    EXPECT_EQ(parse("00000001750\0", 12).value(), 01750u);
    EXPECT_EQ(parse("  644 \0\0", 8).value(), 0644u);
    EXPECT_EQ(parse("0000644 ", 8).value(), 0644u);
    EXPECT_EQ(parse("7", 1).value(), 7u); // no terminator, digits fill the field
    EXPECT_EQ(parse("\0\0\0\0", 4).error(), Error::BadFormat); // no digit at all
    EXPECT_EQ(parse("0000008\0", 8).error(), Error::BadFormat);
    EXPECT_EQ(parse("00001x0\0", 8).error(), Error::BadFormat);
    EXPECT_EQ(parse("12 3\0", 5).error(), Error::BadFormat); // digits after the terminator
    EXPECT_EQ(parse("\x80\0\0\0\0\0\0\0\0\0\0\x01", 12).error(), Error::BadFormat); // base-256
    // 22 octal digits hold 66 bits: the top digit pushes past 64.
    EXPECT_EQ(parse("1777777777777777777777", 22).value(), UINT64_MAX);
    EXPECT_EQ(parse("2000000000000000000000", 22).error(), Error::Overflow);
    EXPECT_EQ(parse("77777777777777777777777", 23).error(), Error::Overflow);
}

TEST(Ustar, ValidArchives)
{
    EXPECT_TRUE(check({}).ok) << "an empty buffer is an empty archive";
    EXPECT_TRUE(check(std::vector<uint8_t>(1024, 0)).ok) << "just the end marker";
    EXPECT_TRUE(check(make_archive(THREE_FILES)).ok);

    // Without end-of-archive blocks the archive ends with the data.
    EXPECT_TRUE(check(make_archive(THREE_FILES, false)).ok);

    // tar pads to a 10240-byte record; the padding after the end marker is ignored, even
    // if it is not zero.
    auto padded = make_archive(THREE_FILES);
    padded.resize(10240, 0);
    padded.back() = 0x55;
    EXPECT_TRUE(check(padded).ok);

    // A single zero block at the very end is accepted as the end.
    auto single = make_archive(THREE_FILES, false);
    single.resize(single.size() + 512, 0);
    EXPECT_TRUE(check(single).ok);

    // Data exactly filling its blocks, and the last entry's padding cut off.
    auto exact = make_archive({ { "a", std::string(512, 'a') } }, false);
    EXPECT_EQ(exact.size(), 1024u);
    EXPECT_TRUE(check(exact).ok);
    auto cut = make_archive({ { "a", std::string(10, 'a') } }, false);
    cut.resize(512 + 10);
    EXPECT_TRUE(check(cut).ok);
}

TEST(Ustar, OldGnuMagicIsAccepted)
{
    auto archive = make_archive({ { "file", "data" } });
    auto* header = header_at(archive, 0);
    std::memcpy(header->magic, "ustar ", 6);
    std::memcpy(header->version, " \0", 2);
    seal(*header);
    EXPECT_TRUE(check(archive).ok);
}

TEST(Ustar, BadMagic)
{
    auto archive = make_archive(THREE_FILES);
    auto* header = header_at(archive, THIRD_HEADER);
    std::memcpy(header->magic, "ustaR", 5);
    seal(*header); // a correct checksum, so only the magic is wrong
    auto outcome = check(archive);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.reason, "bad magic (expected \"ustar\")");
    EXPECT_EQ(outcome.offset, THIRD_HEADER);
}

TEST(Ustar, GarbageIsNotAnArchive)
{
    std::vector<uint8_t> garbage(4096);
    for (size_t i = 0; i < garbage.size(); ++i)
        garbage[i] = static_cast<uint8_t>(i * 131 + 7);
    auto outcome = check(garbage);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.reason, "bad magic (expected \"ustar\")");
    EXPECT_EQ(outcome.offset, 0u);
}

TEST(Ustar, BadChecksum)
{
    auto archive = make_archive(THREE_FILES);
    header_at(archive, 512)->name[0] ^= 1; // change the header after it was sealed
    auto outcome = check(archive);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.reason, "header checksum mismatch");
    EXPECT_EQ(outcome.offset, 512u);
}

TEST(Ustar, ChecksumIsUnsigned)
{
    // A byte >= 0x80 counts as 128..255; a signed sum would differ.
    auto archive = make_archive({ { "caf\xc3\xa9", "x" } });
    EXPECT_TRUE(check(archive).ok);
    auto* header = header_at(archive, 0);
    uint32_t signed_sum = 0;
    for (size_t i = 0; i < 512; ++i) {
        bool in_field = i >= 148 && i < 156;
        signed_sum += in_field ? ' ' : static_cast<uint32_t>(static_cast<signed char>(archive[i]));
    }
    std::snprintf(header->checksum, 8, "%06o", signed_sum & 0777777);
    EXPECT_EQ(check(archive).reason, "header checksum mismatch");
}

TEST(Ustar, NonOctalChecksum)
{
    auto archive = make_archive(THREE_FILES);
    std::memcpy(header_at(archive, 0)->checksum, "01234z\0 ", 8);
    auto outcome = check(archive);
    EXPECT_EQ(outcome.reason, "checksum field is not an octal number");
    EXPECT_EQ(outcome.offset, 0u);
}

TEST(Ustar, SizePastEnd)
{
    auto archive = make_archive(THREE_FILES);
    auto* header = header_at(archive, THIRD_HEADER);
    // The third entry claims more data than the archive (including its end blocks) holds.
    put_octal(header->size, sizeof(header->size), archive.size());
    seal(*header);
    auto outcome = check(archive);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.reason, "entry data extends past the end of the archive");
    EXPECT_EQ(outcome.offset, THIRD_HEADER);

    // One byte too many, with the archive ending right after the data.
    auto tight = make_archive({ { "a", std::string(512, 'a') } }, false);
    put_octal(header_at(tight, 0)->size, 12, 513);
    seal(*header_at(tight, 0));
    EXPECT_EQ(check(tight).reason, "entry data extends past the end of the archive");

    // The largest 11-digit size: no arithmetic overflow, just "past the end".
    put_octal(header_at(tight, 0)->size, 12, 077777777777ull);
    seal(*header_at(tight, 0));
    EXPECT_EQ(check(tight).reason, "entry data extends past the end of the archive");
}

TEST(Ustar, NonOctalSize)
{
    auto archive = make_archive(THREE_FILES);
    auto* header = header_at(archive, 512);
    std::memcpy(header->size, "0000000175 9", 12);
    seal(*header);
    auto outcome = check(archive);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.reason, "size field is not an octal number");
    EXPECT_EQ(outcome.offset, 512u);

    std::memcpy(header->size, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);
    seal(*header);
    EXPECT_EQ(check(archive).reason, "size field is not an octal number");

    std::memcpy(header->size, "\x80\0\0\0\0\0\0\0\0\0\x01\x00", 12);
    seal(*header);
    EXPECT_EQ(check(archive).reason, "size field is not an octal number");
}

TEST(Ustar, TruncatedHeader)
{
    auto archive = make_archive(THREE_FILES, false);
    const size_t end = archive.size();
    archive.resize(end + 100, 0xaa); // a partial block where the next header would be
    auto outcome = check(archive);
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.reason, "truncated header (fewer than 512 bytes left)");
    EXPECT_EQ(outcome.offset, end);

    // Cut inside the very first header.
    auto first = make_archive(THREE_FILES);
    first.resize(300);
    EXPECT_EQ(check(first).reason, "truncated header (fewer than 512 bytes left)");
    EXPECT_EQ(check(first).offset, 0u);
}

TEST(Ustar, TruncatedData)
{
    auto archive = make_archive(THREE_FILES, false);
    archive.resize(512 + 512 + 600); // inside bin/init's 1000 bytes
    auto outcome = check(archive);
    EXPECT_EQ(outcome.reason, "entry data extends past the end of the archive");
    EXPECT_EQ(outcome.offset, 512u);
}

TEST(Ustar, ZeroBlockFollowedByData)
{
    auto archive = make_archive(THREE_FILES);
    // Overwrite the second header with zeros: one zero block, then more headers.
    std::memset(archive.data() + 512, 0, 512);
    // bin/init's data (1000 x 'x') follows and is not a zero block.
    auto outcome = check(archive);
    EXPECT_EQ(outcome.reason, "zero block followed by more data");
    EXPECT_EQ(outcome.offset, 512u);
}

TEST(Ustar, EmptyName)
{
    auto archive = make_archive(THREE_FILES);
    auto* header = header_at(archive, 0);
    std::memset(header->name, 0, sizeof(header->name));
    seal(*header);
    EXPECT_EQ(check(archive).reason, "entry has an empty name");
}

TEST(Ustar, NullProblemIsAllowed)
{
    std::vector<uint8_t> garbage(512, 0x41);
    EXPECT_TRUE(ustar::validate(garbage.data(), garbage.size(), nullptr).is_error());
}
