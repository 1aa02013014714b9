// Host tests for bootloader/MemoryMapTranslation: UEFI descriptor arrays are written
// here at the offsets the UEFI specification gives, then translated into the kernel's
// region array. Covers the type table, sorting and merging, the framebuffer carve-out,
// and what broken firmware maps (overlaps, unaligned or wrapping descriptors, small
// strides) turn into.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include <bootloader/MemoryMapTranslation.hpp>

using ts::Error;
using ts::boot::MemoryRegion;
using ts::boot::MemoryType;
namespace loader = ts::loader;

namespace {

constexpr uint64_t PAGE = 4096;

// UEFI memory types. Ref: UEFI 2.10 §7.2.1 (EFI_MEMORY_TYPE)
constexpr uint32_t RESERVED = 0;
constexpr uint32_t LOADER_CODE = 1;
constexpr uint32_t LOADER_DATA = 2;
constexpr uint32_t BOOT_SERVICES_DATA = 4;
constexpr uint32_t RUNTIME_DATA = 6;
constexpr uint32_t CONVENTIONAL = 7;
constexpr uint32_t MMIO = 11;

struct Descriptor {
    uint32_t type;
    uint64_t start;
    uint64_t pages;
};

// Ref: UEFI 2.10 §7.2.3 (EFI_MEMORY_DESCRIPTOR: Type at 0, PhysicalStart at 8,
// VirtualStart at 16, NumberOfPages at 24, Attribute at 32)
std::vector<uint8_t> encode(const std::vector<Descriptor>& descriptors, size_t stride = 48)
{
    std::vector<uint8_t> bytes(descriptors.size() * stride, 0xcc); // padding is not zero
    for (size_t i = 0; i < descriptors.size(); ++i) {
        uint8_t* d = bytes.data() + i * stride;
        std::memcpy(d + 0, &descriptors[i].type, 4);
        std::memcpy(d + 8, &descriptors[i].start, 8);
        std::memcpy(d + 24, &descriptors[i].pages, 8);
    }
    return bytes;
}

struct Translation {
    bool ok { false };
    Error error { Error::NoMemory };
    std::vector<MemoryRegion> regions;
};

ts::boot::Framebuffer framebuffer_at(uint64_t base, uint64_t size)
{
    ts::boot::Framebuffer fb {};
    fb.phys_base = base;
    fb.size = size;
    return fb;
}

Translation translate(const std::vector<Descriptor>& descriptors, ts::boot::Framebuffer fb = {},
    size_t capacity = 64, size_t stride = 48)
{
    std::vector<uint8_t> bytes = encode(descriptors, stride);
    std::vector<MemoryRegion> regions(capacity);
    loader::UefiDescriptorArray map { bytes.data(), descriptors.size(), stride };
    auto result = loader::build_kernel_memory_map(map, fb, regions.data(), capacity);
    Translation out;
    out.ok = !result.is_error();
    if (!out.ok) {
        out.error = result.error();
        return out;
    }
    regions.resize(result.value());
    out.regions = regions;
    return out;
}

MemoryRegion region(uint64_t base, uint64_t pages, MemoryType type)
{
    return { .base = base, .pages = pages, .type = type, .reserved = 0 };
}

void expect_regions(const Translation& t, const std::vector<MemoryRegion>& expected)
{
    ASSERT_TRUE(t.ok);
    ASSERT_EQ(t.regions.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(t.regions[i].base, expected[i].base) << "region " << i;
        EXPECT_EQ(t.regions[i].pages, expected[i].pages) << "region " << i;
        EXPECT_EQ(static_cast<int>(t.regions[i].type), static_cast<int>(expected[i].type)) << "region " << i;
        EXPECT_EQ(t.regions[i].reserved, 0u);
    }
}

} // namespace

TEST(MemoryMapTranslation, TypeTable)
{
    auto type = [](uint32_t uefi) { return static_cast<int>(loader::translate_memory_type(uefi)); };
    auto want = [](MemoryType t) { return static_cast<int>(t); };
    EXPECT_EQ(type(0), want(MemoryType::Reserved));
    EXPECT_EQ(type(1), want(MemoryType::FirmwareReclaimable)); // loader code
    EXPECT_EQ(type(2), want(MemoryType::FirmwareReclaimable)); // loader data
    EXPECT_EQ(type(3), want(MemoryType::FirmwareReclaimable)); // boot services code
    EXPECT_EQ(type(4), want(MemoryType::FirmwareReclaimable)); // boot services data
    EXPECT_EQ(type(5), want(MemoryType::Reserved));            // runtime services code
    EXPECT_EQ(type(6), want(MemoryType::Reserved));            // runtime services data
    EXPECT_EQ(type(7), want(MemoryType::Usable));
    EXPECT_EQ(type(8), want(MemoryType::Unusable));
    EXPECT_EQ(type(9), want(MemoryType::AcpiReclaimable));
    EXPECT_EQ(type(10), want(MemoryType::AcpiNvs));
    EXPECT_EQ(type(11), want(MemoryType::Mmio));
    EXPECT_EQ(type(12), want(MemoryType::Mmio));
    EXPECT_EQ(type(13), want(MemoryType::Reserved)); // PAL code
    EXPECT_EQ(type(14), want(MemoryType::Reserved)); // persistent
    EXPECT_EQ(type(15), want(MemoryType::Reserved)); // unaccepted
    EXPECT_EQ(type(16), want(MemoryType::Reserved)); // unknown
    EXPECT_EQ(type(0x80000005), want(MemoryType::BootloaderReclaimable));
    EXPECT_EQ(type(0x80000006), want(MemoryType::KernelImage));
    EXPECT_EQ(type(0x80000007), want(MemoryType::Initrd));
    EXPECT_EQ(type(0x80000004), want(MemoryType::Reserved)); // an OS type we do not use
    EXPECT_EQ(type(0xffffffff), want(MemoryType::Reserved));
}

TEST(MemoryMapTranslation, SortsAndMergesNeighboursOfOneType)
{
    // Out of order; loader data and boot-services data touch and both become
    // FirmwareReclaimable, so they merge; the two conventional runs are split by them.
    auto t = translate({
        { CONVENTIONAL, 0x200000, 0x100 },
        { LOADER_DATA, 0x100000, 0x80 },
        { CONVENTIONAL, 0x0, 0x100 },
        { BOOT_SERVICES_DATA, 0x180000, 0x80 },
        { CONVENTIONAL, 0x300000, 0x10 }, // touches the one at 0x200000
        { RUNTIME_DATA, 0x400000, 0x1 },  // a gap before it: not merged
    });
    expect_regions(t, {
        region(0x0, 0x100, MemoryType::Usable),
        region(0x100000, 0x100, MemoryType::FirmwareReclaimable),
        region(0x200000, 0x110, MemoryType::Usable),
        region(0x400000, 0x1, MemoryType::Reserved),
    });
}

TEST(MemoryMapTranslation, FramebufferIsCarvedOut)
{
    // Inside conventional memory, unaligned at both ends: rounded out to whole pages.
    auto t = translate({ { CONVENTIONAL, 0x1000000, 0x100 } }, framebuffer_at(0x1010800, 0x2000));
    expect_regions(t, {
        region(0x1000000, 0x10, MemoryType::Usable),
        region(0x1010000, 0x3, MemoryType::Framebuffer),
        region(0x1013000, 0xed, MemoryType::Usable),
    });

    // Not listed by the firmware at all (OVMF): added on its own.
    t = translate({ { CONVENTIONAL, 0x0, 0x10 } }, framebuffer_at(0x80000000, 0x384000));
    expect_regions(t, {
        region(0x0, 0x10, MemoryType::Usable),
        region(0x80000000, 0x384, MemoryType::Framebuffer),
    });

    // Overlapping the end of one descriptor and the start of the next.
    t = translate({ { CONVENTIONAL, 0x0, 0x10 }, { RESERVED, 0x10000, 0x10 } }, framebuffer_at(0xe000, 0x4000));
    expect_regions(t, {
        region(0x0, 0xe, MemoryType::Usable),
        region(0xe000, 0x4, MemoryType::Framebuffer),
        region(0x12000, 0xe, MemoryType::Reserved),
    });
}

TEST(MemoryMapTranslation, AbsentOrWrappingFramebuffer)
{
    const std::vector<Descriptor> ram = { { CONVENTIONAL, 0x0, 0x10 } };
    expect_regions(translate(ram, framebuffer_at(0, 0x1000)), { region(0x0, 0x10, MemoryType::Usable) });
    expect_regions(translate(ram, framebuffer_at(0x8000, 0)), { region(0x0, 0x10, MemoryType::Usable) });
    // base + size wraps the address space: garbage, left out instead of carving a
    // bogus page out of the RAM below it.
    expect_regions(translate(ram, framebuffer_at(0x1fff, UINT64_MAX)), { region(0x0, 0x10, MemoryType::Usable) });
    // Ending in the last page would wrap when rounded up.
    expect_regions(translate(ram, framebuffer_at(0xfffffffffffff000, 0x800)), { region(0x0, 0x10,
        MemoryType::Usable) });
}

TEST(MemoryMapTranslation, OverlapsGoToTheRegionThatStartsFirst)
{
    auto t = translate({
        { CONVENTIONAL, 0x0, 0x100 },
        { RESERVED, 0x80000, 0x100 }, // its first half overlaps the RAM: trimmed
        { MMIO, 0x120000, 0x10 },     // inside what is left of the reserved range: dropped
        { LOADER_CODE, 0x0, 0x10 },   // same start as the RAM, listed later, inside it: dropped
    });
    expect_regions(t, {
        region(0x0, 0x100, MemoryType::Usable),
        region(0x100000, 0x80, MemoryType::Reserved),
    });

    // With equal starts the descriptor listed first keeps the contested pages.
    t = translate({ { CONVENTIONAL, 0x0, 0x10 }, { LOADER_CODE, 0x0, 0x20 } });
    expect_regions(t, {
        region(0x0, 0x10, MemoryType::Usable),
        region(0x10000, 0x10, MemoryType::FirmwareReclaimable),
    });
}

TEST(MemoryMapTranslation, UnalignedDescriptorsKeepOnlyWholePages)
{
    // UEFI requires 4 KiB-aligned starts; a descriptor without one loses its partial
    // pages, so that no region shares a page with anything else.
    auto t = translate({
        { CONVENTIONAL, 0x10800, 0x4 },  // [0x10800, 0x14800): whole pages 0x11000..0x14000
        { RESERVED, 0x20001, 0x1 },      // no whole page inside: gone
        { CONVENTIONAL, 0x30000, 0x1 },
    });
    expect_regions(t, {
        region(0x11000, 0x3, MemoryType::Usable),
        region(0x30000, 0x1, MemoryType::Usable),
    });
    for (const MemoryRegion& r : t.regions)
        EXPECT_EQ(r.base % PAGE, 0u);
}

TEST(MemoryMapTranslation, EmptyAndWrappingDescriptorsAreSkipped)
{
    auto t = translate({
        { CONVENTIONAL, 0x1000, 0 },
        { CONVENTIONAL, 0xfffffffffffff000, 0x1 },    // ends exactly at 2^64: wraps
        { CONVENTIONAL, 0x2000, 0x10000000000000ull }, // pages * 4096 overflows
        { CONVENTIONAL, 0x100000, 0x1 },
    });
    expect_regions(t, { region(0x100000, 0x1, MemoryType::Usable) });
}

TEST(MemoryMapTranslation, Strides)
{
    const std::vector<Descriptor> map = { { CONVENTIONAL, 0x0, 0x10 }, { RESERVED, 0x10000, 0x1 } };
    const std::vector<MemoryRegion> want = { region(0x0, 0x10, MemoryType::Usable), region(0x10000, 0x1,
        MemoryType::Reserved) };
    expect_regions(translate(map, {}, 64, 40), want);
    expect_regions(translate(map, {}, 64, 48), want);
    expect_regions(translate(map, {}, 64, 200), want);

    auto small = translate(map, {}, 64, 32);
    EXPECT_FALSE(small.ok);
    EXPECT_EQ(small.error, Error::BadFormat);

    // No descriptors at all: well formed whatever the stride, and empty.
    loader::UefiDescriptorArray none { nullptr, 0, 0 };
    MemoryRegion regions[1];
    auto result = loader::build_kernel_memory_map(none, {}, regions, 1);
    ASSERT_FALSE(result.is_error());
    EXPECT_EQ(result.value(), 0u);
}

TEST(MemoryMapTranslation, UnalignedBuffer)
{
    std::vector<uint8_t> bytes = encode({ { CONVENTIONAL, 0x0, 0x10 } }, 40);
    std::vector<uint8_t> shifted(bytes.size() + 3);
    std::memcpy(shifted.data() + 3, bytes.data(), bytes.size());
    loader::UefiDescriptorArray map { shifted.data() + 3, 1, 40 };
    MemoryRegion regions[2];
    auto result = loader::build_kernel_memory_map(map, {}, regions, 2);
    ASSERT_FALSE(result.is_error());
    ASSERT_EQ(result.value(), 1u);
    EXPECT_EQ(regions[0].pages, 0x10u);
    EXPECT_EQ(loader::highest_address(map), 0x10000u);
}

TEST(MemoryMapTranslation, Capacity)
{
    // One descriptor split by the framebuffer needs three regions.
    const std::vector<Descriptor> map = { { CONVENTIONAL, 0x0, 0x100 } };
    const auto fb = framebuffer_at(0x10000, 0x1000);
    EXPECT_TRUE(translate(map, fb, 3).ok);
    auto short_by_one = translate(map, fb, 2);
    EXPECT_FALSE(short_by_one.ok);
    EXPECT_EQ(short_by_one.error, Error::NoSpace);
}

TEST(MemoryMapTranslation, HighestAddress)
{
    std::vector<uint8_t> bytes = encode({
        { CONVENTIONAL, 0x0, 0x10 },
        { MMIO, 0xfec00000, 0x1 },
        { CONVENTIONAL, 0x100000, 0x100 },
        { CONVENTIONAL, 0xfffffffffffff000, 0x1 }, // wraps: ignored
    });
    loader::UefiDescriptorArray map { bytes.data(), 4, 48 };
    EXPECT_EQ(loader::highest_address(map), 0xfec01000u);
    loader::UefiDescriptorArray malformed { bytes.data(), 4, 8 };
    EXPECT_EQ(loader::highest_address(malformed), 0u);
}
