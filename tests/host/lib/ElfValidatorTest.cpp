// Host tests for kernel/lib/ElfValidator. Images are written field by field at the
// offsets the ELF-64 specification gives (tests/support/ElfImage.hpp, which does not use
// the library's structures, so a layout mistake in Elf64.hpp shows up as a failure), then
// broken one rule at a time to check that each is refused for the right reason. If
// TS_TEST_KERNEL_ELF names a file, the real kernel is checked too.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "lib/Elf64.hpp"
#include "lib/ElfValidator.hpp"
#include "tests/support/ElfImage.hpp"

using ts::Error;
namespace elf = ts::elf;
using elf::Refusal;

namespace {

using ts::test::build_elf;
using Segment = ts::test::ElfSegment;
using ImageSpec = ts::test::ElfImageSpec;

constexpr uint64_t BASE = ts::test::ELF_KERNEL_BASE;
constexpr uint64_t GIB = 1ull << 30;
constexpr elf::ImageRules KERNEL_RULES { .lowest_address = BASE, .max_span = GIB };

// text at BASE (0x2000 bytes, R-X), rodata at +0x2000 (R--), data + .bss at +0x3000
// (0x800 in the file, 0x3000 in memory, RW-), a note, GNU_STACK; entry BASE + 0x100.
ImageSpec valid_kernel()
{
    return ts::test::valid_elf_kernel();
}

struct Outcome {
    bool ok { false };
    Refusal reason { Refusal::None };
    std::string message;
    elf::ImageLayout layout {};
};

Outcome check_bytes(const uint8_t* data, size_t size, const elf::ImageRules& rules = KERNEL_RULES)
{
    Outcome outcome;
    elf::Problem problem;
    auto result = elf::validate_kernel_image(data, size, rules, outcome.layout, problem);
    outcome.ok = !result.is_error();
    if (!outcome.ok) {
        EXPECT_EQ(result.error(), Error::BadFormat);
        EXPECT_NE(problem.reason, Refusal::None) << "a refusal must name its rule";
        EXPECT_GT(std::strlen(problem.message), 0u) << "a refusal must explain itself";
    } else {
        EXPECT_EQ(problem.reason, Refusal::None);
    }
    outcome.reason = problem.reason;
    outcome.message = problem.message;
    return outcome;
}

Outcome check(const ImageSpec& spec, const elf::ImageRules& rules = KERNEL_RULES)
{
    auto bytes = build_elf(spec);
    return check_bytes(bytes.data(), bytes.size(), rules);
}

// Checks that `spec` is refused for `reason` with a message containing `needle`.
void expect_refused(const ImageSpec& spec, Refusal reason, const char* needle)
{
    Outcome outcome = check(spec);
    ASSERT_FALSE(outcome.ok) << "expected a refusal containing '" << needle << "'";
    EXPECT_EQ(static_cast<int>(outcome.reason), static_cast<int>(reason)) << outcome.message;
    EXPECT_NE(outcome.message.find(needle), std::string::npos) << outcome.message;
}

} // namespace

TEST(ElfValidator, StructuresMatchTheSpecification)
{
    EXPECT_EQ(sizeof(elf::FileHeader), 64u);
    EXPECT_EQ(offsetof(elf::FileHeader, type), 16u);
    EXPECT_EQ(offsetof(elf::FileHeader, phoff), 32u);
    EXPECT_EQ(offsetof(elf::FileHeader, phnum), 56u);
    EXPECT_EQ(sizeof(elf::ProgramHeader), 56u);
    EXPECT_EQ(offsetof(elf::ProgramHeader, vaddr), 16u);
    EXPECT_EQ(offsetof(elf::ProgramHeader, filesz), 32u);
    EXPECT_EQ(offsetof(elf::ProgramHeader, align), 48u);
}

TEST(ElfValidator, AcceptsAValidKernel)
{
    Outcome outcome = check(valid_kernel());
    ASSERT_TRUE(outcome.ok) << outcome.message;
    const elf::ImageLayout& layout = outcome.layout;
    EXPECT_EQ(layout.entry, BASE + 0x100);
    EXPECT_EQ(layout.span_start, BASE);
    EXPECT_EQ(layout.span_end, BASE + 0x6000);
    ASSERT_EQ(layout.segment_count, 3u) << "the note and GNU_STACK are not loaded";

    EXPECT_EQ(layout.segments[0].file_offset, 0x1000u);
    EXPECT_EQ(layout.segments[0].file_size, 0x2000u);
    EXPECT_EQ(layout.segments[0].vaddr, BASE);
    EXPECT_EQ(layout.segments[0].mem_size, 0x2000u);
    EXPECT_EQ(layout.segments[0].flags, elf::PF_R | elf::PF_X);
    EXPECT_EQ(layout.segments[0].header_index, 0u);

    EXPECT_EQ(layout.segments[2].file_offset, 0x4000u);
    EXPECT_EQ(layout.segments[2].file_size, 0x800u);
    EXPECT_EQ(layout.segments[2].mem_size, 0x3000u);
    EXPECT_EQ(layout.segments[2].flags, elf::PF_R | elf::PF_W);
    EXPECT_EQ(layout.segments[2].header_index, 2u);
}

TEST(ElfValidator, AcceptsAnUnalignedBuffer)
{
    auto bytes = build_elf(valid_kernel());
    std::vector<uint8_t> shifted(bytes.size() + 1);
    std::memcpy(shifted.data() + 1, bytes.data(), bytes.size());
    Outcome outcome = check_bytes(shifted.data() + 1, bytes.size());
    EXPECT_TRUE(outcome.ok) << outcome.message;
}

TEST(ElfValidator, SegmentsNeedNotBePageAligned)
{
    // One text segment starting mid-page and ending mid-page: the span is rounded out.
    ImageSpec spec;
    spec.segments = { { .flags = elf::PF_R | elf::PF_X, .offset = 0x100, .vaddr = BASE + 0x1234, .filesz = 0x100,
        .memsz = 0x2000, .align = 16 } };
    spec.entry = BASE + 0x1234;
    spec.file_size = 0x200;
    Outcome outcome = check(spec);
    ASSERT_TRUE(outcome.ok) << outcome.message;
    EXPECT_EQ(outcome.layout.span_start, BASE + 0x1000);
    EXPECT_EQ(outcome.layout.span_end, BASE + 0x4000);
}

TEST(ElfValidator, BssNeedsNoFileBytes)
{
    // p_filesz == 0: p_offset is ignored, even far past the end of the file, and the
    // layout records offset 0 so that nobody computes a pointer from it.
    ImageSpec spec = valid_kernel();
    spec.segments.push_back({ .flags = elf::PF_R | elf::PF_W, .offset = UINT64_MAX, .vaddr = BASE + 0x10000,
        .filesz = 0, .memsz = 0x5000 });
    Outcome outcome = check(spec);
    ASSERT_TRUE(outcome.ok) << outcome.message;
    ASSERT_EQ(outcome.layout.segment_count, 4u);
    EXPECT_EQ(outcome.layout.segments[3].file_offset, 0u);
    EXPECT_EQ(outcome.layout.segments[3].header_index, 5u);
    EXPECT_EQ(outcome.layout.span_end, BASE + 0x15000);
}

TEST(ElfValidator, EmptyLoadSegmentsAreSkipped)
{
    // memsz == 0 occupies nothing, so its address is not checked (here: zero).
    ImageSpec spec = valid_kernel();
    spec.segments.insert(spec.segments.begin(), Segment { .flags = elf::PF_R, .vaddr = 0 });
    Outcome outcome = check(spec);
    ASSERT_TRUE(outcome.ok) << outcome.message;
    EXPECT_EQ(outcome.layout.segment_count, 3u);
    EXPECT_EQ(outcome.layout.segments[0].header_index, 1u);
}

TEST(ElfValidator, AddressFloorComesFromTheRules)
{
    ImageSpec spec;
    spec.segments = { { .flags = elf::PF_R | elf::PF_X, .offset = 0x1000, .vaddr = 0x400000, .filesz = 0x1000,
        .memsz = 0x1000 } };
    spec.entry = 0x400000;
    spec.file_size = 0x2000;
    EXPECT_EQ(check(spec).reason, Refusal::BelowLowestAddress);
    Outcome low = check(spec, { .lowest_address = 0x400000, .max_span = GIB });
    EXPECT_TRUE(low.ok) << low.message;
}

TEST(ElfValidator, TooSmall)
{
    auto bytes = build_elf(valid_kernel());
    Outcome outcome = check_bytes(bytes.data(), 63);
    EXPECT_EQ(outcome.reason, Refusal::TooSmall);
    EXPECT_EQ(outcome.message, "the file is 63 bytes, smaller than an ELF header (64 bytes)");
    EXPECT_EQ(check_bytes(nullptr, 0).reason, Refusal::TooSmall);
}

TEST(ElfValidator, IdentificationRefusals)
{
    ImageSpec spec = valid_kernel();
    spec.magic[3] = 'f';
    expect_refused(spec, Refusal::BadMagic, "no ELF magic number");

    spec = valid_kernel();
    spec.ident_class = elf::ELFCLASS32;
    expect_refused(spec, Refusal::BadClass, "ELF class 1, expected 2");

    spec = valid_kernel();
    spec.ident_data = elf::ELFDATA2MSB;
    expect_refused(spec, Refusal::BadEncoding, "data encoding 2, expected 1");

    spec = valid_kernel();
    spec.ident_version = 0;
    expect_refused(spec, Refusal::BadVersion, "ELF version 0/1, expected 1");

    spec = valid_kernel();
    spec.version = 2;
    expect_refused(spec, Refusal::BadVersion, "ELF version 1/2, expected 1");
}

TEST(ElfValidator, HeaderRefusals)
{
    ImageSpec spec = valid_kernel();
    spec.machine = 183; // EM_AARCH64
    expect_refused(spec, Refusal::BadMachine, "e_machine is 183, expected 62 (x86-64)");

    spec = valid_kernel();
    spec.type = elf::ET_DYN;
    expect_refused(spec, Refusal::BadType, "e_type is 3, expected 2");

    spec = valid_kernel();
    spec.type = elf::ET_REL;
    expect_refused(spec, Refusal::BadType, "e_type is 1");

    spec = valid_kernel();
    spec.phentsize = 64;
    expect_refused(spec, Refusal::BadProgramHeaderSize, "e_phentsize is 64, expected 56");
}

TEST(ElfValidator, ProgramHeaderCount)
{
    ImageSpec spec = valid_kernel();
    spec.phnum = 0;
    expect_refused(spec, Refusal::NoProgramHeaders, "no program headers");

    // 64 headers (the three loads and 61 unused entries) is the limit, 65 one too many.
    spec = valid_kernel();
    spec.segments.resize(3);
    spec.segments.resize(64, Segment { .type = elf::PT_NULL });
    Outcome at_limit = check(spec);
    EXPECT_TRUE(at_limit.ok) << at_limit.message;

    spec.segments.push_back(Segment { .type = elf::PT_NULL });
    expect_refused(spec, Refusal::TooManyProgramHeaders, "65 program headers, more than the limit of 64");
}

TEST(ElfValidator, ProgramHeaderTableOutsideTheFile)
{
    ImageSpec spec = valid_kernel();
    spec.phnum = 5;
    spec.phoff = spec.file_size - 5 * 56 + 1; // one byte short
    expect_refused(spec, Refusal::TableOutsideFile, "extends past the end of the file");

    spec.phoff = UINT64_MAX - 100; // offset + size wraps
    expect_refused(spec, Refusal::TableOutsideFile, "offset 0xffffffffffffff9b");

    // The table ending exactly at the end of the file is fine (and may overlap segments:
    // nothing forbids it).
    spec = valid_kernel();
    spec.phoff = spec.file_size - spec.segments.size() * 56;
    Outcome exact = check(spec);
    EXPECT_TRUE(exact.ok) << exact.message;
}

TEST(ElfValidator, Interpreter)
{
    ImageSpec spec = valid_kernel();
    spec.segments.insert(spec.segments.begin() + 1, Segment { .type = elf::PT_INTERP, .offset = 0x4000, .filesz = 28,
        .memsz = 28 });
    expect_refused(spec, Refusal::Interpreter, "segment 1 asks for a program interpreter");
}

TEST(ElfValidator, FileSizeAboveMemorySize)
{
    ImageSpec spec = valid_kernel();
    spec.segments[1].filesz = spec.segments[1].memsz + 1;
    expect_refused(spec, Refusal::FileSizeAboveMemorySize,
        "segment 1 has a file size (0x1001) larger than its memory size (0x1000)");
}

TEST(ElfValidator, SegmentOutsideTheFile)
{
    ImageSpec spec = valid_kernel();
    spec.segments[2].filesz = 0x801; // one byte past the end of the 0x4800-byte file
    expect_refused(spec, Refusal::SegmentOutsideFile,
        "segment 2 extends past the end of the file (offset 0x4000, 0x801 bytes; the file has 0x4800)");

    spec = valid_kernel();
    spec.segments[0].offset = UINT64_MAX - 0xfff; // offset + size wraps to a small number
    expect_refused(spec, Refusal::SegmentOutsideFile, "segment 0 extends past the end of the file");

    // A truncated file: every segment's bytes must be present.
    spec = valid_kernel();
    spec.file_size = 0x4000;
    expect_refused(spec, Refusal::SegmentOutsideFile, "segment 2 extends");
}

TEST(ElfValidator, BelowTheKernelArea)
{
    ImageSpec spec = valid_kernel();
    spec.segments[1].vaddr = BASE - 0x1000;
    expect_refused(spec, Refusal::BelowLowestAddress,
        "segment 1 is linked at 0xffffffff7ffff000, below the lowest allowed address 0xffffffff80000000");

    spec.segments[1].vaddr = 0x400000; // a user-space link address
    expect_refused(spec, Refusal::BelowLowestAddress, "segment 1 is linked at 0x400000");
}

TEST(ElfValidator, AddressWrap)
{
    // One segment at the very top; the entry is inside it so only the end is in question.
    auto top_segment = [](uint64_t vaddr, uint64_t memsz) {
        ImageSpec spec;
        spec.segments = { { .flags = elf::PF_R | elf::PF_X, .offset = 0x1000, .vaddr = vaddr, .filesz = 0,
            .memsz = memsz } };
        spec.entry = vaddr;
        spec.file_size = 0x1000;
        return spec;
    };
    // Ending exactly 4 KiB below 2^64 leaves room to round up to a page: accepted.
    Outcome fits = check(top_segment(0xffffffffffffe000, 0x1000));
    EXPECT_TRUE(fits.ok) << fits.message;
    EXPECT_EQ(fits.layout.span_end, 0xfffffffffffff000u);
    // One byte more and rounding would wrap.
    expect_refused(top_segment(0xffffffffffffe000, 0x1001), Refusal::AddressWrap,
        "segment 0 (0xffffffffffffe000 + 0x1001) runs past the top");
    // vaddr + memsz itself wraps.
    expect_refused(top_segment(0xffffffffffffe000, UINT64_MAX), Refusal::AddressWrap,
        "runs past the top of the address space");
}

TEST(ElfValidator, OverlappingSegments)
{
    ImageSpec spec = valid_kernel();
    spec.segments[2].vaddr = BASE + 0x2fff; // one byte into rodata
    expect_refused(spec, Refusal::Overlap, "segment 2 overlaps segment 1 in memory");

    spec = valid_kernel();
    spec.segments[1].vaddr = BASE; // the same address as text
    expect_refused(spec, Refusal::Overlap, "segment 1 overlaps segment 0 in memory");

    spec = valid_kernel();
    spec.segments[0].vaddr = BASE + 0x3000; // text inside data's .bss, listed first
    spec.entry = BASE + 0x3000;
    expect_refused(spec, Refusal::Overlap, "segment 2 overlaps segment 0");

    // Touching is not overlapping.
    spec = valid_kernel();
    spec.segments[2].vaddr = BASE + 0x3000;
    EXPECT_TRUE(check(spec).ok);
}

TEST(ElfValidator, NoLoadableSegments)
{
    ImageSpec spec = valid_kernel();
    for (Segment& s : spec.segments) {
        if (s.type == elf::PT_LOAD)
            s.type = elf::PT_NULL;
    }
    expect_refused(spec, Refusal::NoLoadableSegments, "no loadable (PT_LOAD) segments");
}

TEST(ElfValidator, EntryOutsideExecutableSegment)
{
    ImageSpec spec = valid_kernel();
    spec.entry = BASE + 0x2000; // the first byte of rodata, which is not executable
    expect_refused(spec, Refusal::EntryNotExecutable,
        "the entry point 0xffffffff80002000 is not inside an executable segment");

    spec.entry = BASE - 1;
    expect_refused(spec, Refusal::EntryNotExecutable, "0xffffffff7fffffff");

    spec.entry = 0;
    expect_refused(spec, Refusal::EntryNotExecutable, "the entry point 0x0 is not");

    spec.entry = BASE + 0x1fff; // the last byte of text
    EXPECT_TRUE(check(spec).ok);
}

TEST(ElfValidator, SpanLimit)
{
    // A .bss segment ending exactly 1 GiB above the base: accepted; a page more: refused.
    ImageSpec spec = valid_kernel();
    spec.segments.push_back({ .flags = elf::PF_R | elf::PF_W, .vaddr = BASE + GIB - 0x1000, .memsz = 0x1000 });
    Outcome at_limit = check(spec);
    EXPECT_TRUE(at_limit.ok) << at_limit.message;

    spec.segments.back().memsz = 0x1001;
    expect_refused(spec, Refusal::SpanTooLarge,
        "the segments span 0x40001000 bytes, more than the limit of 0x40000000");
}

TEST(ElfValidator, EveryTruncationIsRefused)
{
    // Cutting the file anywhere short of its last segment byte must be refused cleanly
    // (no read past `size`; ASan watches) for one of the three size reasons.
    auto bytes = build_elf(valid_kernel());
    for (size_t size = 0; size < bytes.size(); size += (size < 512 ? 1 : 97)) {
        // A fresh heap copy of exactly `size` bytes, so ASan sees any over-read.
        std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + size);
        Outcome outcome = check_bytes(cut.data(), cut.size());
        ASSERT_FALSE(outcome.ok) << "size " << size;
        EXPECT_TRUE(outcome.reason == Refusal::TooSmall || outcome.reason == Refusal::TableOutsideFile
            || outcome.reason == Refusal::SegmentOutsideFile)
            << "size " << size << ": " << outcome.message;
    }
}

TEST(ElfValidator, RealKernel)
{
    const char* path = std::getenv("TS_TEST_KERNEL_ELF");
    if (!path || !*path)
        GTEST_SKIP() << "TS_TEST_KERNEL_ELF is not set (point it at build/kernel/kernel.elf to check the real kernel)";
    std::FILE* file = std::fopen(path, "rb");
    if (!file)
        GTEST_SKIP() << "TS_TEST_KERNEL_ELF=" << path << " cannot be opened (kernel not built yet?)";
    std::vector<uint8_t> bytes;
    uint8_t chunk[65536];
    size_t n = 0;
    while ((n = std::fread(chunk, 1, sizeof(chunk), file)) > 0)
        bytes.insert(bytes.end(), chunk, chunk + n);
    std::fclose(file);

    Outcome outcome = check_bytes(bytes.data(), bytes.size());
    ASSERT_TRUE(outcome.ok) << path << ": " << outcome.message;
    const elf::ImageLayout& layout = outcome.layout;
    EXPECT_EQ(layout.span_start, BASE) << "the kernel is linked at the start of the kernel area";
    EXPECT_GE(layout.segment_count, 2u);
    EXPECT_GE(layout.entry, layout.span_start);
    EXPECT_LT(layout.entry, layout.span_end);
    // The linker script lays the segments out in address order.
    for (size_t i = 1; i < layout.segment_count; ++i)
        EXPECT_GE(layout.segments[i].vaddr, layout.segments[i - 1].vaddr + layout.segments[i - 1].mem_size);
}
