// Host tests for kernel/lib/ElfRelocations and the position-independent path of
// kernel/lib/ElfValidator: static PIE images written field by field (tests/support).
#include <gtest/gtest.h>

#include <cstring>
#include <array>
#include <map>
#include <string>

#include "lib/ElfRelocations.hpp"
#include "lib/ElfValidator.hpp"
#include "tests/support/ElfImage.hpp"

using namespace ts;
using namespace ts::elf;
using ts::test::build_elf;
using ts::test::ElfImageSpec;
using ts::test::ElfSegment;
using ts::test::detail::put_le;

namespace {

constexpr ImageRules USER_RULES { 0x1000, 0x7000'0000'0000, true };

// A static PIE linked at 0: text at 0x1000 (file 0x1000), data at 0x2000 (file 0x2000,
// 0x1000 bytes of file, 0x2000 of memory), PT_DYNAMIC at file 0x2800 (inside data),
// relocations at vaddr 0x2100 (file 0x2100).
struct Pie {
    ElfImageSpec spec;
    std::vector<uint8_t> bytes;
    std::vector<std::pair<int64_t, uint64_t>> dynamic;
    std::vector<std::array<uint64_t, 3>> relocations; // offset, info, addend

    Pie()
    {
        spec.type = 3; // ET_DYN
        spec.entry = 0x1010;
        spec.file_size = 0x3000;
        spec.segments = {
            { .type = 1, .flags = 4 | 1, .offset = 0x1000, .vaddr = 0x1000, .filesz = 0x1000, .memsz = 0x1000 },
            { .type = 1, .flags = 4 | 2, .offset = 0x2000, .vaddr = 0x2000, .filesz = 0x1000, .memsz = 0x2000 },
            { .type = 2, .flags = 4 | 2, .offset = 0x2800, .vaddr = 0x2800, .filesz = 0x100, .memsz = 0x100, .align = 8 },
        };
        relocations = { { 0x2000, 8, 0x1234 }, { 0x3ff8, 8, 0x2000 }, { 0x2008, 0, 0 } };
        dynamic = { { 7, 0x2100 }, { 8, 0 }, { 9, 24 }, { 0x6ffffff9, 2 }, { 0, 0 } };
    }
    const uint8_t* build()
    {
        bytes = build_elf(spec);
        for (size_t i = 0; i < dynamic.size(); ++i) {
            uint64_t value = dynamic[i].first == 8 && dynamic[i].second == 0 ? relocations.size() * 24 : dynamic[i].second;
            put_le(bytes, 0x2800 + i * 16, static_cast<uint64_t>(dynamic[i].first), 8);
            put_le(bytes, 0x2800 + i * 16 + 8, value, 8);
        }
        for (size_t i = 0; i < relocations.size(); ++i)
            for (size_t j = 0; j < 3; ++j)
                put_le(bytes, 0x2100 + i * 24 + j * 8, relocations[i][j], 8);
        return bytes.data();
    }
};

struct Applied {
    std::map<uint64_t, uint64_t> writes;
    static Result<void> sink(void* context, uint64_t offset, uint64_t value)
    {
        static_cast<Applied*>(context)->writes[offset] = value;
        return {};
    }
};

Result<size_t> relocate(Pie& pie, ImageLayout& layout, Applied& applied, std::string* why, uint64_t base = 0x5555'0000'0000)
{
    const uint8_t* data = pie.build();
    Problem problem;
    auto valid = validate_kernel_image(data, pie.bytes.size(), USER_RULES, layout, problem);
    EXPECT_TRUE(valid.is_ok()) << problem.message;
    char message[160];
    auto result = apply_relocations(data, pie.bytes.size(), layout, base, Applied::sink, &applied, message);
    *why = message;
    return result;
}

} // namespace

TEST(ElfRelocations, ValidatorAcceptsAStaticPieOnlyWhenAllowed)
{
    Pie pie;
    const uint8_t* data = pie.build();
    ImageLayout layout;
    Problem problem;
    ASSERT_TRUE(validate_kernel_image(data, pie.bytes.size(), USER_RULES, layout, problem).is_ok()) << problem.message;
    EXPECT_TRUE(layout.position_independent);
    EXPECT_EQ(layout.dynamic_offset, 0x2800u);
    EXPECT_EQ(layout.dynamic_size, 0x100u);
    ImageRules strict = USER_RULES;
    strict.allow_position_independent = false;
    EXPECT_EQ(validate_kernel_image(data, pie.bytes.size(), strict, layout, problem).error(), Error::BadFormat);
    EXPECT_EQ(problem.reason, Refusal::BadType);
}

TEST(ElfRelocations, DynamicSegmentOutsideTheFileIsRefused)
{
    Pie pie;
    pie.spec.segments[2].filesz = 0x1000; // 0x2800 + 0x1000 > 0x3000
    const uint8_t* data = pie.build();
    ImageLayout layout;
    Problem problem;
    EXPECT_TRUE(validate_kernel_image(data, pie.bytes.size(), USER_RULES, layout, problem).is_error());
    EXPECT_EQ(problem.reason, Refusal::DynamicOutsideFile);
}

TEST(ElfRelocations, RelativeRelocationsAreAppliedAtTheBase)
{
    Pie pie;
    ImageLayout layout;
    Applied applied;
    std::string why;
    auto result = relocate(pie, layout, applied, &why);
    ASSERT_TRUE(result.is_ok()) << why;
    EXPECT_EQ(result.value(), 2u); // the R_X86_64_NONE entry is skipped
    ASSERT_EQ(applied.writes.size(), 2u);
    EXPECT_EQ(applied.writes[0x2000], 0x5555'0000'1234u);
    EXPECT_EQ(applied.writes[0x3ff8], 0x5555'0000'2000u); // in .bss, still inside memory
}

TEST(ElfRelocations, HostileTablesAreRefusedWithAReason)
{
    struct Case {
        const char* name;
        void (*edit)(Pie&);
        const char* expect;
    };
    const Case cases[] = {
        { "other type", [](Pie& p) { p.relocations[0][1] = 1; }, "has type 1" },
        { "outside the image", [](Pie& p) { p.relocations[0][0] = 0x4000; }, "outside the image" },
        { "straddling the end", [](Pie& p) { p.relocations[0][0] = 0x3ffc; }, "outside the image" },
        { "huge offset", [](Pie& p) { p.relocations[0][0] = ~0ull - 3; }, "outside the image" },
        { "needed library", [](Pie& p) { p.dynamic.insert(p.dynamic.begin(), { 1, 5 }); }, "DT_NEEDED" },
        { "REL", [](Pie& p) { p.dynamic.insert(p.dynamic.begin(), { 17, 5 }); }, "DT_REL" },
        { "text relocations", [](Pie& p) { p.dynamic.insert(p.dynamic.begin(), { 22, 0 }); }, "DT_TEXTREL" },
        { "entry size", [](Pie& p) { p.dynamic[2].second = 16; }, "of 16 bytes" },
        { "table not in the file", [](Pie& p) { p.dynamic[0].second = 0x3800; }, "not in the file" },
        { "table size not whole", [](Pie& p) { p.dynamic[1].second = 25; }, "not a whole number" },
        { "table past its segment", [](Pie& p) { p.dynamic[1].second = 0x24 * 24 * 100; }, "not in the file" },
    };
    for (const Case& c : cases) {
        Pie pie;
        c.edit(pie);
        ImageLayout layout;
        Applied applied;
        std::string why;
        auto result = relocate(pie, layout, applied, &why);
        ASSERT_TRUE(result.is_error()) << c.name;
        EXPECT_EQ(result.error(), Error::BadFormat) << c.name;
        EXPECT_NE(why.find(c.expect), std::string::npos) << c.name << ": " << why;
    }
}

TEST(ElfRelocations, NoDynamicSegmentMeansNothingToDo)
{
    Pie pie;
    pie.spec.segments.pop_back();
    ImageLayout layout;
    Applied applied;
    std::string why;
    auto result = relocate(pie, layout, applied, &why);
    ASSERT_TRUE(result.is_ok());
    EXPECT_EQ(result.value(), 0u);
    EXPECT_TRUE(applied.writes.empty());
}

TEST(ElfRelocations, SinkErrorsStopTheWalk)
{
    Pie pie;
    const uint8_t* data = pie.build();
    ImageLayout layout;
    Problem problem;
    ASSERT_TRUE(validate_kernel_image(data, pie.bytes.size(), USER_RULES, layout, problem).is_ok());
    char message[160];
    int calls = 0;
    auto result = apply_relocations(
        data, pie.bytes.size(), layout, 0,
        [](void* context, uint64_t, uint64_t) -> Result<void> {
            ++*static_cast<int*>(context);
            return Error::NoMemory;
        },
        &calls, message);
    EXPECT_EQ(result.error(), Error::NoMemory);
    EXPECT_EQ(calls, 1);
}
