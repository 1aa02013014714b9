// MemoryMapTranslation: turns the firmware's final memory map into the kernel's
// boot::MemoryRegion array. Part of bootloader/, hardware-free: descriptors are read from
// bytes at the offsets the UEFI specification gives (no gnu-efi headers) and no firmware
// is called, because it runs after ExitBootServices(). That also makes it host-tested
// (tests/host/loader) and fuzzed (tests/fuzz). MemoryMap fetches the map and calls it.
//
// The conversion: translate each descriptor's type (table in docs/loader.md); keep only
// the whole pages inside a descriptor whose start is not page aligned (UEFI requires
// alignment, and a region the kernel allocates from must not share a page with anything
// else); carve the framebuffer out of whatever covers it and add it as its own
// Framebuffer region; sort by base; trim overlaps in favour of the region that starts
// first; merge touching neighbours of the same type. The result is sorted, page
// aligned and non-overlapping, as boot::BootInfo promises.
#pragma once

#include <cstddef>
#include <cstdint>

#include <arch/x86_64/BootInfo.hpp>
#include <lib/Result.hpp>

namespace ts::loader {

// Memory types the loader allocates with, chosen so that the final UEFI memory map
// tells the kernel what each of our allocations is. The low bits equal the matching
// ts::boot::MemoryType value, for easy reading of a raw map in a debugger.
// Ref: UEFI 2.10 §7.2.1 (AllocatePages(): MemoryType values 0x80000000..0xFFFFFFFF are
// reserved for use by UEFI OS loaders provided by operating system vendors).
enum class OsMemoryType : uint32_t {
    BootloaderReclaimable = 0x80000005, // BootInfo, kernel memory map, page tables, stack
    KernelImage = 0x80000006,           // the kernel's loaded segments
    Initrd = 0x80000007,                // the initrd archive
};

// The fields of one EFI_MEMORY_DESCRIPTOR, laid out as the firmware writes them.
// Ref: UEFI 2.10 §7.2.3 (EFI_MEMORY_DESCRIPTOR)
struct UefiDescriptor {
    uint32_t type;
    uint32_t padding;
    uint64_t physical_start;
    uint64_t virtual_start;
    uint64_t number_of_pages; // 4 KiB pages, whatever the platform's page size
    uint64_t attribute;
};
static_assert(sizeof(UefiDescriptor) == 40);
static_assert(__builtin_offsetof(UefiDescriptor, physical_start) == 8);
static_assert(__builtin_offsetof(UefiDescriptor, number_of_pages) == 24);

// The array GetMemoryMap() fills: `count` descriptors `stride` bytes apart. The stride
// is the firmware's DescriptorSize and may exceed sizeof(UefiDescriptor) (later
// revisions may append fields); one smaller than that is malformed.
struct UefiDescriptorArray {
    const uint8_t* bytes;
    size_t count;
    size_t stride;

    bool well_formed() const { return count == 0 || stride >= sizeof(UefiDescriptor); }
    // Copies descriptor `index` out (the buffer need not be aligned). Needs well_formed().
    UefiDescriptor at(size_t index) const;
};

// The end of the highest descriptor of any type (RAM, MMIO, reserved); 0 for a
// malformed array.
uint64_t highest_address(const UefiDescriptorArray& map);

boot::MemoryType translate_memory_type(uint32_t uefi_type);

// The conversion described above, into `regions` (room for `capacity`). Returns the
// region count; Error::NoSpace if `capacity` does not suffice, Error::BadFormat if the
// array is malformed.
Result<size_t> build_kernel_memory_map(const UefiDescriptorArray& map, const boot::Framebuffer& framebuffer,
    boot::MemoryRegion* regions, size_t capacity);

} // namespace ts::loader
