// fuzz_memory_map: libFuzzer target for bootloader/MemoryMapTranslation. Part of
// tests/fuzz (host-only).
//
// The input is a firmware memory map plus the framebuffer and the room for regions:
//   byte 0      descriptor stride: 40 + 8 * (b & 3), or b & 0x3f raw when b & 0x80
//   bytes 1-16  framebuffer base and size (little-endian u64)
//   byte 17     region capacity: 0 = always enough, else b % (2 * count + 2)
//   byte 18     shaping: bit 0 aligns descriptor starts to 4 KiB, bit 1 keeps page
//               counts below 2^16 and bit 2 keeps starts below 4 GiB (so descriptors
//               meet and overlap often, as in real maps)
//   the rest    the descriptors, `stride` bytes apart
// On success the array must be what BootInfo promises (sorted, page aligned, non-empty,
// non-overlapping regions), merged as far as possible, holding the framebuffer exactly
// once, and covering every page the firmware listed.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "FuzzCheck.hpp"
#include "bootloader/MemoryMapTranslation.hpp"

namespace loader = ts::loader;
using ts::boot::MemoryRegion;
using ts::boot::MemoryType;

namespace {

constexpr uint64_t PAGE = 4096;

uint64_t read_u64(const uint8_t* p)
{
    uint64_t value = 0;
    std::memcpy(&value, p, sizeof(value));
    return value;
}

uint64_t end_of(const MemoryRegion& region)
{
    return region.base + region.pages * PAGE;
}

// Whether [begin, end) is covered by the sorted, non-overlapping regions.
bool covered(const MemoryRegion* regions, size_t count, uint64_t begin, uint64_t end)
{
    for (size_t i = 0; i < count && begin < end; ++i) {
        if (end_of(regions[i]) <= begin)
            continue;
        if (regions[i].base > begin)
            return false;
        begin = end_of(regions[i]);
    }
    return begin >= end;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    constexpr size_t HEADER = 19;
    if (size < HEADER)
        return 0;
    const size_t stride = (data[0] & 0x80) ? (data[0] & 0x3f) : 40 + 8 * (data[0] & 3);
    ts::boot::Framebuffer framebuffer {};
    framebuffer.phys_base = read_u64(data + 1);
    framebuffer.size = read_u64(data + 9);
    const uint8_t shaping = data[18];

    // The descriptors, shaped as asked, in a buffer of exactly their size.
    std::vector<uint8_t> bytes(data + HEADER, data + size);
    const size_t count = stride ? bytes.size() / stride : 0;
    bytes.resize(count * stride);
    bytes.shrink_to_fit();
    if (stride >= sizeof(loader::UefiDescriptor)) {
        for (size_t i = 0; i < count; ++i) {
            loader::UefiDescriptor d;
            std::memcpy(&d, bytes.data() + i * stride, sizeof(d));
            if (shaping & 1)
                d.physical_start &= ~(PAGE - 1);
            if (shaping & 2)
                d.number_of_pages &= 0xffff;
            if (shaping & 4)
                d.physical_start &= 0xffffffff;
            std::memcpy(bytes.data() + i * stride, &d, sizeof(d));
        }
    }
    const loader::UefiDescriptorArray map { bytes.data(), count, stride };

    const size_t enough = 2 * count + 1; // each descriptor may split around the framebuffer
    const size_t capacity = data[17] == 0 ? enough : data[17] % (2 * count + 2);
    std::vector<MemoryRegion> regions(capacity);
    (void)loader::highest_address(map);
    auto result = loader::build_kernel_memory_map(map, framebuffer, regions.data(), capacity);
    if (result.is_error()) {
        if (!map.well_formed())
            FUZZ_CHECK(result.error() == ts::Error::BadFormat);
        else
            FUZZ_CHECK(result.error() == ts::Error::NoSpace && capacity < enough);
        return 0;
    }
    FUZZ_CHECK(map.well_formed());
    const size_t n = result.value();
    FUZZ_CHECK(n <= capacity);

    size_t framebuffers = 0;
    for (size_t i = 0; i < n; ++i) {
        const MemoryRegion& r = regions[i];
        FUZZ_CHECK(r.base % PAGE == 0);
        FUZZ_CHECK(r.pages > 0 && r.pages <= (UINT64_MAX - r.base) / PAGE);
        FUZZ_CHECK(r.reserved == 0);
        if (i > 0) {
            const MemoryRegion& before = regions[i - 1];
            FUZZ_CHECK(r.base >= end_of(before));                            // sorted, no overlap
            FUZZ_CHECK(!(r.base == end_of(before) && r.type == before.type)); // merged
        }
        framebuffers += r.type == MemoryType::Framebuffer;
    }

    // The framebuffer, when it neither is empty nor wraps, appears once, page-rounded.
    uint64_t fb_end = 0;
    const bool fb_valid = framebuffer.phys_base != 0 && framebuffer.size != 0
        && !__builtin_add_overflow(framebuffer.phys_base, framebuffer.size, &fb_end)
        && fb_end <= UINT64_MAX - (PAGE - 1);
    if (fb_valid) {
        const uint64_t fb_start = framebuffer.phys_base & ~(PAGE - 1);
        fb_end = (fb_end + PAGE - 1) & ~(PAGE - 1);
        FUZZ_CHECK(framebuffers == 1);
        bool found = false;
        for (size_t i = 0; i < n; ++i) {
            if (regions[i].type == MemoryType::Framebuffer)
                found = regions[i].base == fb_start && end_of(regions[i]) == fb_end;
        }
        FUZZ_CHECK(found);
    } else {
        FUZZ_CHECK(framebuffers == 0);
    }

    // No page the firmware listed is lost: every whole page of every descriptor is in
    // some region (of its own type or, where firmware overlapped, another).
    for (size_t i = 0; i < count; ++i) {
        const loader::UefiDescriptor d = map.at(i);
        uint64_t bytes_in = 0;
        uint64_t end = 0;
        if (d.number_of_pages == 0 || __builtin_mul_overflow(d.number_of_pages, PAGE, &bytes_in)
            || __builtin_add_overflow(d.physical_start, bytes_in, &end))
            continue;
        const uint64_t begin = (d.physical_start + PAGE - 1) & ~(PAGE - 1);
        if (begin == 0 && d.physical_start != 0)
            continue; // rounding up wrapped: no whole page inside
        const uint64_t whole_end = end & ~(PAGE - 1);
        if (begin < whole_end)
            FUZZ_CHECK(covered(regions.data(), n, begin, whole_end));
    }
    return 0;
}
