// Host tests for lib/UstarReader: archives written header by header in the test (with
// the prefix, link name, mode and magic under the test's control), then broken one way
// at a time; and three archives written by GNU tar (tests/host/data/ustar) to check the
// reader against a real tool's ustar, old GNU and pax output.
#include <gtest/gtest.h>

#include <lib/Ustar.hpp>
#include <lib/UstarReader.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/support/UstarArchive.hpp"

using ts::Error;
namespace ustar = ts::ustar;
using ustar::EntryType;

namespace {

struct Spec {
    std::string name {};
    std::string data {};
    char type { '0' };
    std::string link {};
    std::string prefix {};
    uint32_t mode { 0644 };
    bool old_gnu { false };
};

ustar::Header make_header(const Spec& spec)
{
    ustar::Header header;
    std::memset(&header, 0, sizeof(header));
    // Text fields may be full, without a NUL, as POSIX allows.
    std::memcpy(header.name, spec.name.data(), std::min(spec.name.size(), sizeof(header.name)));
    std::memcpy(header.linkname, spec.link.data(), std::min(spec.link.size(), sizeof(header.linkname)));
    // (Masked to the field's seven digits, which also tells the compiler it fits.)
    ts::test::put_octal(header.mode, sizeof(header.mode), spec.mode & 07777777);
    ts::test::put_octal(header.uid, sizeof(header.uid), 0);
    ts::test::put_octal(header.gid, sizeof(header.gid), 0);
    ts::test::put_octal(header.size, sizeof(header.size), spec.data.size());
    ts::test::put_octal(header.mtime, sizeof(header.mtime), 0);
    header.typeflag = spec.type;
    if (spec.old_gnu) {
        std::memcpy(header.magic, "ustar ", 6);
        std::memcpy(header.version, " \0", 2);
    } else {
        std::memcpy(header.magic, "ustar", 6);
        std::memcpy(header.version, "00", 2);
    }
    std::memcpy(header.prefix, spec.prefix.data(), std::min(spec.prefix.size(), sizeof(header.prefix)));
    ts::test::seal(header);
    return header;
}

std::vector<uint8_t> build(const std::vector<Spec>& specs, bool end_blocks = true)
{
    std::vector<uint8_t> out;
    for (const Spec& spec : specs) {
        ustar::Header header = make_header(spec);
        auto* bytes = reinterpret_cast<const uint8_t*>(&header);
        out.insert(out.end(), bytes, bytes + sizeof(header));
        out.insert(out.end(), spec.data.begin(), spec.data.end());
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

// What the reader made of an entry, in comparable form.
struct Seen {
    std::string path;
    EntryType type;
    uint32_t mode;
    std::string data;
    std::string link;
    uint64_t offset;
};

struct Walk {
    std::vector<Seen> entries;
    bool ok { true };
    std::string reason;
    uint64_t offset { 0 };
};

Walk walk(const uint8_t* data, size_t size)
{
    ustar::Reader reader(data, size);
    Walk out;
    for (;;) {
        ustar::Entry entry;
        ustar::Problem problem;
        auto next = reader.next(entry, &problem);
        if (next.is_error()) {
            EXPECT_EQ(next.error(), Error::Corrupt);
            out.ok = false;
            out.reason = problem.reason ? problem.reason : "(null)";
            out.offset = problem.offset;
            // The error sticks, with the same problem.
            ustar::Problem again;
            auto repeat = reader.next(entry, &again);
            EXPECT_TRUE(repeat.is_error());
            EXPECT_EQ(std::string(again.reason ? again.reason : "(null)"), out.reason);
            EXPECT_EQ(again.offset, out.offset);
            return out;
        }
        if (!next.value()) {
            // The end stays the end.
            auto after = reader.next(entry, &problem);
            EXPECT_TRUE(after.is_ok() && !after.value());
            return out;
        }
        // Data lies inside the archive.
        EXPECT_GE(entry.data, data);
        EXPECT_LE(entry.size, static_cast<uint64_t>(data + size - entry.data));
        EXPECT_LT(std::strlen(entry.path), sizeof(entry.path));
        out.entries.push_back({ entry.path, entry.type, entry.mode,
            std::string(reinterpret_cast<const char*>(entry.data), entry.size), entry.link_target, entry.offset });
    }
}

Walk walk(const std::vector<uint8_t>& archive) { return walk(archive.data(), archive.size()); }

// The reason a one-entry archive of `spec` is refused ("" if it is accepted).
std::string refusal(const Spec& spec)
{
    Walk result = walk(build({ spec }));
    return result.ok ? "" : result.reason;
}

std::vector<uint8_t> read_file(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    EXPECT_TRUE(file.good()) << "cannot open " << path;
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

} // namespace

TEST(UstarReader, EmptyArchives)
{
    EXPECT_TRUE(walk(nullptr, 0).ok);
    EXPECT_TRUE(walk(nullptr, 0).entries.empty());
    std::vector<uint8_t> end(1024, 0);
    EXPECT_TRUE(walk(end).ok);
    EXPECT_TRUE(walk(end).entries.empty());
}

TEST(UstarReader, FilesDirectoriesAndLinks)
{
    const std::string big(1300, 'x');
    auto archive = build({
        { "etc/", "", '5', "", "", 0755 },
        { "etc/motd", "hello\n" },
        { "bin/init", big, '0', "", "", 0755 },
        { "bin/sh", "", '2', "init", "", 0777 },
        { "etc/motd.hard", "", '1', "etc/motd" },
        { "old", "v7", '\0' },
    });
    Walk result = walk(archive);
    ASSERT_TRUE(result.ok) << result.reason;
    ASSERT_EQ(result.entries.size(), 6u);

    const auto& e = result.entries;
    EXPECT_EQ(e[0].path, "etc");
    EXPECT_EQ(e[0].type, EntryType::Directory);
    EXPECT_EQ(e[0].mode, 0755u);
    EXPECT_EQ(e[0].offset, 0u);

    EXPECT_EQ(e[1].path, "etc/motd");
    EXPECT_EQ(e[1].type, EntryType::File);
    EXPECT_EQ(e[1].mode, 0644u);
    EXPECT_EQ(e[1].data, "hello\n");
    EXPECT_EQ(e[1].offset, 512u);

    EXPECT_EQ(e[2].path, "bin/init");
    EXPECT_EQ(e[2].data, big);
    EXPECT_EQ(e[2].offset, 1536u);

    EXPECT_EQ(e[3].path, "bin/sh");
    EXPECT_EQ(e[3].type, EntryType::Symlink);
    EXPECT_EQ(e[3].link, "init");
    EXPECT_EQ(e[3].data, "");
    EXPECT_EQ(e[3].mode, 0777u);
    EXPECT_EQ(e[3].offset, 1536u + 512 + 1536);

    EXPECT_EQ(e[4].type, EntryType::HardLink);
    EXPECT_EQ(e[4].link, "etc/motd");

    // Old tar's '\0' type is a regular file.
    EXPECT_EQ(e[5].type, EntryType::File);
    EXPECT_EQ(e[5].data, "v7");
}

TEST(UstarReader, DataPointsIntoTheArchive)
{
    auto archive = build({ { "a", "first" }, { "b", std::string(600, 'b') } });
    ustar::Reader reader(archive.data(), archive.size());
    ustar::Entry entry;
    ASSERT_TRUE(reader.next(entry).value());
    EXPECT_EQ(entry.data, archive.data() + 512);
    EXPECT_EQ(entry.size, 5u);
    ASSERT_TRUE(reader.next(entry).value());
    EXPECT_EQ(entry.data, archive.data() + 1536);
    EXPECT_EQ(entry.size, 600u);
    EXPECT_FALSE(reader.next(entry).value());
}

TEST(UstarReader, UnalignedArchive)
{
    auto archive = build({ { "a/b", "data" }, { "c", "", '5' } });
    std::vector<uint8_t> shifted(archive.size() + 3);
    std::copy(archive.begin(), archive.end(), shifted.begin() + 3);
    Walk result = walk(shifted.data() + 3, archive.size());
    ASSERT_TRUE(result.ok) << result.reason;
    ASSERT_EQ(result.entries.size(), 2u);
    EXPECT_EQ(result.entries[0].data, "data");
}

TEST(UstarReader, PrefixField)
{
    auto archive = build({ { "file.txt", "x", '0', "", "usr/share/doc" } });
    Walk result = walk(archive);
    ASSERT_TRUE(result.ok) << result.reason;
    EXPECT_EQ(result.entries[0].path, "usr/share/doc/file.txt");

    // Both fields full, neither NUL-terminated: the longest path, 256 bytes.
    const std::string prefix(155, 'p');
    const std::string name(100, 'n');
    archive = build({ { name, "", '0', "", prefix } });
    result = walk(archive);
    ASSERT_TRUE(result.ok) << result.reason;
    EXPECT_EQ(result.entries[0].path, prefix + "/" + name);
    EXPECT_EQ(result.entries[0].path.size(), ustar::PATH_LIMIT);

    // A prefix ending in '/' does not double it.
    archive = build({ { "f", "", '0', "", "dir/" } });
    EXPECT_EQ(walk(archive).entries[0].path, "dir/f");
}

TEST(UstarReader, OldGnuMagicIgnoresThePrefixArea)
{
    // Old GNU tar keeps other fields (access and change times...) where POSIX has the
    // prefix; reading them as a path would prepend garbage.
    auto archive = build({ { "file", "x", '0', "", "01234567", 0644, true } });
    Walk result = walk(archive);
    ASSERT_TRUE(result.ok) << result.reason;
    EXPECT_EQ(result.entries[0].path, "file");
}

TEST(UstarReader, PathsAreNormalised)
{
    auto path_of = [](const Spec& spec) {
        Walk result = walk(build({ spec }));
        EXPECT_TRUE(result.ok) << spec.name << ": " << result.reason;
        return result.ok && !result.entries.empty() ? result.entries[0].path : "(refused)";
    };
    EXPECT_EQ(path_of({ "./etc/motd" }), "etc/motd");
    EXPECT_EQ(path_of({ "/etc/motd" }), "etc/motd");
    EXPECT_EQ(path_of({ "//a//b/./c" }), "a/b/c");
    EXPECT_EQ(path_of({ "a/b/", "", '5' }), "a/b");
    EXPECT_EQ(path_of({ "./././x" }), "x");
    EXPECT_EQ(path_of({ "b", "", '0', "", "./a/." }), "a/b");
    // Dots that are not "." or ".." are names.
    EXPECT_EQ(path_of({ ".../..a/a..", "" }), ".../..a/a..");
    EXPECT_EQ(path_of({ ".hidden" }), ".hidden");
    // The archive's root: a directory with the empty path.
    EXPECT_EQ(path_of({ "./", "", '5' }), "");
    EXPECT_EQ(path_of({ ".", "", '5' }), "");
    EXPECT_EQ(path_of({ "/", "", '5' }), "");
}

TEST(UstarReader, DotDotIsRefused)
{
    EXPECT_EQ(refusal({ "../etc/passwd" }), "path has a \"..\" component");
    EXPECT_EQ(refusal({ "a/../../b" }), "path has a \"..\" component");
    EXPECT_EQ(refusal({ "a/..", "", '5' }), "path has a \"..\" component");
    EXPECT_EQ(refusal({ "..", "", '5' }), "path has a \"..\" component");
    EXPECT_EQ(refusal({ "x", "", '0', "", ".." }), "path has a \"..\" component");
    EXPECT_EQ(refusal({ "x", "", '0', "", "a/../.." }), "path has a \"..\" component");
}

TEST(UstarReader, EmptyPaths)
{
    Spec empty { "" };
    EXPECT_EQ(refusal(empty), "entry has an empty name");
    // A prefix does not make up for an empty name.
    EXPECT_EQ(refusal({ "", "", '0', "", "dir" }), "entry has an empty name");
    // Only a directory may be the root.
    EXPECT_EQ(refusal({ "./" }), "entry path is empty");
    EXPECT_EQ(refusal({ "/", "", '2', "x" }), "entry path is empty");
}

TEST(UstarReader, LinkTargets)
{
    // A symbolic link's target is kept as written: it is resolved from the link's
    // directory later, where ".." is meaningful.
    Walk result = walk(build({ { "bin/motd", "", '2', "../etc/motd" } }));
    ASSERT_TRUE(result.ok) << result.reason;
    EXPECT_EQ(result.entries[0].link, "../etc/motd");
    result = walk(build({ { "abs", "", '2', "/etc//motd" } }));
    EXPECT_EQ(result.entries[0].link, "/etc//motd");

    // A full 100-byte link name without a NUL.
    const std::string long_target(100, 't');
    result = walk(build({ { "l", "", '2', long_target } }));
    ASSERT_TRUE(result.ok) << result.reason;
    EXPECT_EQ(result.entries[0].link, long_target);

    // A hard link names an archive member, normalised like a path.
    result = walk(build({ { "b", "", '1', "./dir//a" } }));
    ASSERT_TRUE(result.ok) << result.reason;
    EXPECT_EQ(result.entries[0].link, "dir/a");

    EXPECT_EQ(refusal({ "s", "", '2', "" }), "symbolic link has an empty target");
    EXPECT_EQ(refusal({ "h", "", '1', "" }), "hard link has an empty target");
    EXPECT_EQ(refusal({ "h", "", '1', "./" }), "hard link has an empty target");
    EXPECT_EQ(refusal({ "h", "", '1', "../outside" }), "hard link target has a \"..\" component");

    // Other types carry no target, whatever the field holds.
    result = walk(build({ { "f", "x", '0', "ignored" }, { "d", "", '5', "ignored" } }));
    ASSERT_TRUE(result.ok);
    EXPECT_EQ(result.entries[0].link, "");
    EXPECT_EQ(result.entries[1].link, "");
}

TEST(UstarReader, Modes)
{
    auto mode_of = [](uint32_t mode) {
        Walk result = walk(build({ { "f", "", '0', "", "", mode } }));
        return result.ok ? result.entries[0].mode : 0xffffffffu;
    };
    EXPECT_EQ(mode_of(0), 0u);
    EXPECT_EQ(mode_of(04755), 04755u);
    EXPECT_EQ(mode_of(07777), 07777u);
    // File type bits that some writers add are dropped.
    EXPECT_EQ(mode_of(0100644), 0644u);

    auto archive = build({ { "f" } });
    std::memcpy(header_at(archive, 0)->mode, "00006x4", 8);
    ts::test::seal(*header_at(archive, 0));
    EXPECT_EQ(walk(archive).reason, "mode field is not an octal number");
    std::memset(header_at(archive, 0)->mode, 0, 8);
    ts::test::seal(*header_at(archive, 0));
    EXPECT_EQ(walk(archive).reason, "mode field is not an octal number");
}

TEST(UstarReader, OtherTypesAreReturnedAndSkipped)
{
    const std::string pax_records = "30 mtime=1700000000.123456789\n";
    const std::string long_name = std::string(150, 'L');
    auto archive = build({
        { "PaxHeaders/x", pax_records, 'x' },
        { "a", "after pax" },
        { "././@LongLink", long_name + '\0', 'L' },
        { "b", "after long name" },
        { "global", std::string(700, 'g'), 'g' },
        { "K", "target", 'K' },
        { "dev/tty", "", '3' },
        { "dev/sda", "", '4' },
        { "fifo", "", '6' },
        { "contiguous", "data", '7' },
        { "weird", "", 'Z' },
        { "c", "last" },
    });
    Walk result = walk(archive);
    ASSERT_TRUE(result.ok) << result.reason;
    ASSERT_EQ(result.entries.size(), 12u);
    const auto& e = result.entries;
    EXPECT_EQ(e[0].type, EntryType::Other);
    EXPECT_EQ(e[0].data, pax_records) << "an extension's payload is available";
    EXPECT_EQ(e[1].path, "a");
    EXPECT_EQ(e[1].data, "after pax");
    EXPECT_EQ(e[2].type, EntryType::Other);
    EXPECT_EQ(e[2].path, "@LongLink");
    EXPECT_EQ(e[2].data, long_name + '\0');
    EXPECT_EQ(e[3].path, "b") << "long names are not applied";
    for (size_t i : { 4, 5, 6, 7, 8, 9, 10 })
        EXPECT_EQ(e[i].type, EntryType::Other) << i;
    EXPECT_EQ(e[4].data.size(), 700u);
    EXPECT_EQ(e[11].path, "c");
    EXPECT_EQ(e[11].data, "last");
}

TEST(UstarReader, DirectoriesAndLinksHaveNoData)
{
    // A (non-standard) size on a directory or link is skipped, not exposed.
    auto archive = build({ { "d", std::string(600, 'd'), '5' }, { "s", "zz", '2', "t" }, { "f", "data" } });
    Walk result = walk(archive);
    ASSERT_TRUE(result.ok) << result.reason;
    ASSERT_EQ(result.entries.size(), 3u);
    EXPECT_EQ(result.entries[0].data, "");
    EXPECT_EQ(result.entries[1].data, "");
    EXPECT_EQ(result.entries[2].data, "data");
    EXPECT_EQ(result.entries[2].offset, 512u + 1024 + 1024);
}

TEST(UstarReader, EndOfArchive)
{
    const std::vector<Spec> two = { { "a", "1" }, { "b", std::string(512, '2') } };
    // Exactly at the end of the data, without end blocks.
    EXPECT_EQ(walk(build(two, false)).entries.size(), 2u);
    EXPECT_TRUE(walk(build(two, false)).ok);
    // One zero block, then the end.
    auto single = build(two, false);
    single.resize(single.size() + 512, 0);
    EXPECT_TRUE(walk(single).ok);
    EXPECT_EQ(walk(single).entries.size(), 2u);
    // Record padding after the end blocks is ignored, whatever it holds.
    auto padded = build(two);
    padded.resize(10240, 0);
    padded.back() = 0x55;
    EXPECT_TRUE(walk(padded).ok);
    EXPECT_EQ(walk(padded).entries.size(), 2u);
    // The last entry's padding cut off.
    auto cut = build({ { "a", std::string(10, 'a') } }, false);
    cut.resize(512 + 10);
    Walk result = walk(cut);
    ASSERT_TRUE(result.ok) << result.reason;
    EXPECT_EQ(result.entries[0].data, std::string(10, 'a'));
}

TEST(UstarReader, CorruptHeaders)
{
    const std::vector<Spec> three = { { "a", "1" }, { "b", std::string(1000, 'b') }, { "c", "3" } };
    // Headers at 0 (a), 1024 (b, two blocks of data), 2560 (c).
    constexpr size_t THIRD = 2560;

    auto check = [&](auto&& damage, const std::string& reason, uint64_t offset, size_t before) {
        auto archive = build(three);
        damage(archive);
        Walk result = walk(archive);
        EXPECT_FALSE(result.ok);
        EXPECT_EQ(result.reason, reason);
        EXPECT_EQ(result.offset, offset);
        EXPECT_EQ(result.entries.size(), before) << "the entries before the damage are read";
    };

    check([](auto& a) { header_at(a, 1024)->name[0] ^= 1; }, "header checksum mismatch", 1024, 1);
    check(
        [](auto& a) {
            std::memcpy(header_at(a, 0)->magic, "ustaR", 5);
            ts::test::seal(*header_at(a, 0));
        },
        "bad magic (expected \"ustar\")", 0, 0);
    check(
        [&](auto& a) {
            std::memcpy(header_at(a, THIRD)->checksum, "0123z5\0 ", 8);
        },
        "checksum field is not an octal number", THIRD, 2);
    check(
        [](auto& a) {
            std::memcpy(header_at(a, 1024)->size, "0000000175 9", 12);
            ts::test::seal(*header_at(a, 1024));
        },
        "size field is not an octal number", 1024, 1);
    check(
        [](auto& a) {
            std::memcpy(header_at(a, 0)->size, "\x80\0\0\0\0\0\0\0\0\0\x01\x00", 12);
            ts::test::seal(*header_at(a, 0));
        },
        "size field is not an octal number", 0, 0);
    check(
        [&](auto& a) {
            ts::test::put_octal(header_at(a, THIRD)->size, 12, a.size());
            ts::test::seal(*header_at(a, THIRD));
        },
        "entry data extends past the end of the archive", THIRD, 2);
    check([](auto& a) { std::memset(a.data() + 1024, 0, 512); }, "zero block followed by more data", 1024, 1);
}

TEST(UstarReader, SizeOverflowAndLimits)
{
    // A 12-byte field without terminator holds at most 12 octal digits (36 bits): the
    // reader must not overflow when adding it to the offset.
    auto archive = build({ { "a", std::string(512, 'a') } }, false);
    std::memcpy(header_at(archive, 0)->size, "777777777777", 12);
    ts::test::seal(*header_at(archive, 0));
    EXPECT_EQ(walk(archive).reason, "entry data extends past the end of the archive");
    // One byte more than the archive holds.
    ts::test::put_octal(header_at(archive, 0)->size, 12, 513);
    ts::test::seal(*header_at(archive, 0));
    EXPECT_EQ(walk(archive).reason, "entry data extends past the end of the archive");
    // Exactly what it holds.
    ts::test::put_octal(header_at(archive, 0)->size, 12, 512);
    ts::test::seal(*header_at(archive, 0));
    EXPECT_TRUE(walk(archive).ok);
}

TEST(UstarReader, Truncation)
{
    auto archive = build({ { "a", "1" }, { "b", std::string(1000, 'b') } }, false);
    const size_t end = archive.size();
    archive.resize(end + 100, 0xaa);
    Walk result = walk(archive);
    EXPECT_EQ(result.reason, "truncated header (fewer than 512 bytes left)");
    EXPECT_EQ(result.offset, end);
    EXPECT_EQ(result.entries.size(), 2u);

    // Every cut inside the first header or the second entry's data.
    auto full = build({ { "a", "1" }, { "b", std::string(1000, 'b') } }, false);
    for (size_t size : { size_t(1), size_t(511), size_t(1024 + 300), size_t(1024 + 512 + 999) }) {
        Walk cut = walk(full.data(), size);
        EXPECT_FALSE(cut.ok) << size;
    }
    EXPECT_EQ(walk(full.data(), 300).reason, "truncated header (fewer than 512 bytes left)");
    EXPECT_EQ(walk(full.data(), 1024 + 600).reason, "entry data extends past the end of the archive");
    EXPECT_EQ(walk(full.data(), 1024 + 600).offset, 1024u);
}

TEST(UstarReader, NullProblemIsAllowed)
{
    std::vector<uint8_t> garbage(512, 0x41);
    ustar::Reader reader(garbage.data(), garbage.size());
    ustar::Entry entry;
    EXPECT_EQ(reader.next(entry).error(), Error::Corrupt);
    EXPECT_EQ(reader.next(entry).error(), Error::Corrupt);
    ustar::Problem problem;
    EXPECT_TRUE(reader.next(entry, &problem).is_error());
    EXPECT_STREQ(problem.reason, "bad magic (expected \"ustar\")");
}

TEST(UstarReader, AgreesWithTheValidatorOnWellFormedArchives)
{
    // Everything validate() refuses, the reader refuses too (it checks a superset).
    auto archive = build({ { "a", "1" }, { "b", std::string(1000, 'b') }, { "c", "3" } });
    for (size_t byte = 0; byte < archive.size(); byte += 7) {
        auto damaged = archive;
        damaged[byte] ^= 0x5a;
        ustar::Problem problem;
        const bool valid = ustar::validate(damaged.data(), damaged.size(), &problem).is_ok();
        const bool readable = walk(damaged).ok;
        if (!valid) {
            EXPECT_FALSE(readable) << "byte " << byte << ": " << problem.reason;
        }
    }
}

// The same tree from GNU tar in three formats (see tests/host/data/ustar/README.md).
namespace {

const std::string DEEP = "deep/" + std::string(60, 'd') + "/" + std::string(60, 'e');
const std::string DEEP_FILE = DEEP + "/" + std::string(90, 'f');

void expect_sample_tree(const std::vector<Seen>& entries)
{
    auto find = [&](const std::string& path) -> const Seen* {
        for (const Seen& seen : entries) {
            if (seen.path == path && seen.type != EntryType::Other)
                return &seen;
        }
        return nullptr;
    };
    const Seen* root = find("");
    ASSERT_NE(root, nullptr) << "the \"./\" entry";
    EXPECT_EQ(root->type, EntryType::Directory);
    EXPECT_EQ(root->mode, 0755u);

    const Seen* motd = find("etc/motd");
    ASSERT_NE(motd, nullptr);
    EXPECT_EQ(motd->type, EntryType::File);
    EXPECT_EQ(motd->data, "Welcome to Tessera.\n");
    EXPECT_EQ(motd->mode, 0644u);

    const Seen* version = find("etc/version");
    ASSERT_NE(version, nullptr);
    EXPECT_EQ(version->data, "Tessera 0.1\n");

    const Seen* init = find("bin/init");
    ASSERT_NE(init, nullptr);
    EXPECT_EQ(init->data, std::string(1300, 'x'));
    EXPECT_EQ(init->mode, 0755u);

    const Seen* sh = find("bin/sh");
    ASSERT_NE(sh, nullptr);
    EXPECT_EQ(sh->type, EntryType::Symlink);
    EXPECT_EQ(sh->link, "init");
    const Seen* motd_link = find("bin/motd-link");
    ASSERT_NE(motd_link, nullptr);
    EXPECT_EQ(motd_link->link, "../etc/motd");

    const Seen* hard = find("etc/motd.hard");
    ASSERT_NE(hard, nullptr);
    EXPECT_EQ(hard->type, EntryType::HardLink);
    EXPECT_EQ(hard->link, "etc/motd") << "GNU tar writes \"./etc/motd\"";

    for (const char* dir : { "bin", "etc", "deep" }) {
        const Seen* seen = find(dir);
        ASSERT_NE(seen, nullptr) << dir;
        EXPECT_EQ(seen->type, EntryType::Directory) << dir;
    }
}

std::vector<uint8_t> sample(const char* format)
{
    return read_file(std::string(TS_TEST_DATA_DIR) + "/ustar/sample-" + format + ".tar");
}

} // namespace

TEST(UstarReader, GnuTarUstarFormat)
{
    auto archive = sample("ustar");
    ASSERT_FALSE(archive.empty());
    Walk result = walk(archive);
    ASSERT_TRUE(result.ok) << result.reason << " at " << result.offset;
    expect_sample_tree(result.entries);
    // The deep file's path is split over prefix and name, and comes back whole.
    bool found = false;
    for (const Seen& seen : result.entries)
        found |= seen.path == DEEP_FILE && seen.data == "deep\n";
    EXPECT_TRUE(found);
    for (const Seen& seen : result.entries)
        EXPECT_NE(seen.type, EntryType::Other) << seen.path;
    EXPECT_EQ(result.entries.size(), 13u);
    EXPECT_TRUE(ustar::validate(archive.data(), archive.size(), nullptr).is_ok());
}

TEST(UstarReader, GnuTarPaxFormat)
{
    auto archive = sample("pax");
    ASSERT_FALSE(archive.empty());
    Walk result = walk(archive);
    ASSERT_TRUE(result.ok) << result.reason << " at " << result.offset;
    expect_sample_tree(result.entries);
    // An extended header before each of the 13 entries, with its records (access and
    // change times) as data.
    size_t extended = 0;
    for (const Seen& seen : result.entries) {
        if (seen.type == EntryType::Other) {
            ++extended;
            EXPECT_NE(seen.data.find("time="), std::string::npos) << seen.path;
        }
    }
    EXPECT_EQ(extended, 13u);
}

TEST(UstarReader, GnuTarGnuFormat)
{
    auto archive = sample("gnu");
    ASSERT_FALSE(archive.empty());
    Walk result = walk(archive);
    ASSERT_TRUE(result.ok) << result.reason << " at " << result.offset;
    expect_sample_tree(result.entries);
    // Two long-name entries carry the names that did not fit, NUL-terminated.
    std::vector<std::string> long_names;
    for (const Seen& seen : result.entries) {
        if (seen.type == EntryType::Other) {
            EXPECT_EQ(seen.path, "@LongLink");
            long_names.push_back(seen.data.substr(0, seen.data.find('\0')));
        }
    }
    EXPECT_EQ(long_names, (std::vector<std::string> { "./" + DEEP + "/", "./" + DEEP_FILE }));
}
