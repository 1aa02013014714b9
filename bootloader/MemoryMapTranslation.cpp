// MemoryMapTranslation: UEFI memory map to boot::MemoryRegion array (hardware-free).
// Part of bootloader/. See MemoryMapTranslation.hpp for the rules.
#include "MemoryMapTranslation.hpp"

#include <lib/CString.hpp>
#include <lib/Math.hpp>

namespace ts::loader {

namespace {

using boot::MemoryRegion;
using boot::MemoryType;

// UEFI memory types. gnu-efi's enum stops at EfiPalCode, so the list is spelled out.
// Ref: UEFI 2.10 §7.2.1 (EFI_MEMORY_TYPE) and Table 7.6 (memory type usage)
enum UefiMemoryType : uint32_t {
    UEFI_RESERVED = 0,
    UEFI_LOADER_CODE = 1,
    UEFI_LOADER_DATA = 2,
    UEFI_BOOT_SERVICES_CODE = 3,
    UEFI_BOOT_SERVICES_DATA = 4,
    UEFI_RUNTIME_SERVICES_CODE = 5,
    UEFI_RUNTIME_SERVICES_DATA = 6,
    UEFI_CONVENTIONAL = 7,
    UEFI_UNUSABLE = 8,
    UEFI_ACPI_RECLAIM = 9,
    UEFI_ACPI_NVS = 10,
    UEFI_MMIO = 11,
    UEFI_MMIO_PORT_SPACE = 12,
    UEFI_PAL_CODE = 13,
    UEFI_PERSISTENT = 14,
    UEFI_UNACCEPTED = 15,
};

class RegionList {
public:
    RegionList(MemoryRegion* regions, size_t capacity)
        : m_regions(regions)
        , m_capacity(capacity)
    {
    }

    bool add(uint64_t base, uint64_t end, MemoryType type)
    {
        if (end <= base)
            return true;
        if (m_count == m_capacity)
            return false;
        m_regions[m_count++] = { .base = base, .pages = (end - base) / PAGE_SIZE, .type = type, .reserved = 0 };
        return true;
    }

    void sort_by_base()
    {
        // Insertion sort: a few hundred entries at most, and no allocation.
        for (size_t i = 1; i < m_count; ++i) {
            MemoryRegion moving = m_regions[i];
            size_t j = i;
            for (; j > 0 && m_regions[j - 1].base > moving.base; --j)
                m_regions[j] = m_regions[j - 1];
            m_regions[j] = moving;
        }
    }

    // Firmware maps should not overlap; if one does, the region that starts first keeps
    // the contested pages, so the result still satisfies the "non-overlapping" contract.
    // Then neighbours of the same type that touch become one region.
    void trim_and_merge()
    {
        size_t out = 0;
        for (size_t i = 0; i < m_count; ++i) {
            MemoryRegion region = m_regions[i];
            if (out > 0) {
                MemoryRegion& last = m_regions[out - 1];
                uint64_t last_end = end_of(last);
                if (region.base < last_end) {
                    if (end_of(region) <= last_end)
                        continue;
                    region.pages -= (last_end - region.base) / PAGE_SIZE;
                    region.base = last_end;
                }
                if (region.base == last_end && region.type == last.type) {
                    last.pages += region.pages;
                    continue;
                }
            }
            m_regions[out++] = region;
        }
        m_count = out;
    }

    size_t count() const { return m_count; }

private:
    static uint64_t end_of(const MemoryRegion& region) { return region.base + region.pages * PAGE_SIZE; }

    MemoryRegion* m_regions;
    size_t m_capacity;
    size_t m_count { 0 };
};

// [base, end) of a descriptor, or false if it is empty or wraps.
bool descriptor_range(const UefiDescriptor& descriptor, uint64_t* base, uint64_t* end)
{
    uint64_t bytes = 0;
    if (descriptor.number_of_pages == 0 || !checked_mul<uint64_t>(descriptor.number_of_pages, PAGE_SIZE, &bytes))
        return false;
    *base = descriptor.physical_start;
    return checked_add<uint64_t>(*base, bytes, end);
}

} // namespace

UefiDescriptor UefiDescriptorArray::at(size_t index) const
{
    UefiDescriptor descriptor;
    memcpy(&descriptor, bytes + index * stride, sizeof(descriptor));
    return descriptor;
}

uint64_t highest_address(const UefiDescriptorArray& map)
{
    if (!map.well_formed())
        return 0;
    uint64_t highest = 0;
    for (size_t i = 0; i < map.count; ++i) {
        uint64_t base = 0;
        uint64_t end = 0;
        if (descriptor_range(map.at(i), &base, &end))
            highest = max(highest, end);
    }
    return highest;
}

MemoryType translate_memory_type(uint32_t uefi_type)
{
    switch (uefi_type) {
    case UEFI_CONVENTIONAL:
        return MemoryType::Usable;
    // The loader's own image, stack and scratch data, and the boot-time firmware: all
    // free once the kernel no longer runs on the loader's stack or tables.
    case UEFI_LOADER_CODE:
    case UEFI_LOADER_DATA:
    case UEFI_BOOT_SERVICES_CODE:
    case UEFI_BOOT_SERVICES_DATA:
        return MemoryType::FirmwareReclaimable;
    case UEFI_ACPI_RECLAIM:
        return MemoryType::AcpiReclaimable;
    case UEFI_ACPI_NVS:
        return MemoryType::AcpiNvs;
    case UEFI_MMIO:
    case UEFI_MMIO_PORT_SPACE:
        return MemoryType::Mmio;
    case UEFI_UNUSABLE:
        return MemoryType::Unusable;
    case static_cast<uint32_t>(OsMemoryType::BootloaderReclaimable):
        return MemoryType::BootloaderReclaimable;
    case static_cast<uint32_t>(OsMemoryType::KernelImage):
        return MemoryType::KernelImage;
    case static_cast<uint32_t>(OsMemoryType::Initrd):
        return MemoryType::Initrd;
    // Runtime services code and data must stay mapped for UEFI runtime calls; persistent
    // memory, unaccepted memory, PAL code and types we do not know are not ours to use.
    case UEFI_RESERVED:
    case UEFI_RUNTIME_SERVICES_CODE:
    case UEFI_RUNTIME_SERVICES_DATA:
    case UEFI_PAL_CODE:
    case UEFI_PERSISTENT:
    case UEFI_UNACCEPTED:
    default:
        return MemoryType::Reserved;
    }
}

Result<size_t> build_kernel_memory_map(const UefiDescriptorArray& map, const boot::Framebuffer& framebuffer,
    MemoryRegion* regions, size_t capacity)
{
    if (!map.well_formed())
        return Error::BadFormat;
    RegionList list(regions, capacity);

    // The framebuffer in whole pages; one that would wrap the address space is garbage
    // from GOP and is left out rather than carved as a bogus range.
    uint64_t fb_start = 0;
    uint64_t fb_end = 0;
    uint64_t fb_last = 0;
    if (framebuffer.phys_base != 0 && framebuffer.size != 0
        && checked_add(framebuffer.phys_base, framebuffer.size, &fb_last) && fb_last <= UINT64_MAX - (PAGE_SIZE - 1)) {
        fb_start = align_down(framebuffer.phys_base, PAGE_SIZE);
        fb_end = align_up(fb_last, PAGE_SIZE);
    }

    for (size_t i = 0; i < map.count; ++i) {
        const UefiDescriptor descriptor = map.at(i);
        uint64_t base = 0;
        uint64_t end = 0;
        if (!descriptor_range(descriptor, &base, &end))
            continue;
        // UEFI requires PhysicalStart to be 4 KiB aligned. Should a descriptor not be,
        // only the whole pages inside it are passed on: the partial pages at its ends
        // are shared with a neighbour whose type we cannot trust either, and a hole is
        // safe (the kernel only uses what is listed). descriptor_range() guarantees at
        // least one page of room, so rounding the base up cannot wrap.
        base = align_up(base, PAGE_SIZE);
        end = align_down(end, PAGE_SIZE);
        MemoryType type = translate_memory_type(descriptor.type);
        bool ok = true;
        if (fb_start < fb_end && base < fb_end && fb_start < end) {
            // Keep the parts outside the framebuffer; the framebuffer is added below.
            ok = list.add(base, min(end, fb_start), type) && list.add(max(base, fb_end), end, type);
        } else {
            ok = list.add(base, end, type);
        }
        if (!ok)
            return Error::NoSpace;
    }
    if (fb_start < fb_end && !list.add(fb_start, fb_end, MemoryType::Framebuffer))
        return Error::NoSpace;

    list.sort_by_base();
    list.trim_and_merge();
    return list.count();
}

} // namespace ts::loader
