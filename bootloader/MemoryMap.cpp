// MemoryMap: UEFI memory map retrieval and translation. Part of bootloader/.
#include "MemoryMap.hpp"

#include <lib/Math.hpp>

#include "Fatal.hpp"
#include "Firmware.hpp"

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
bool descriptor_range(const EFI_MEMORY_DESCRIPTOR& descriptor, uint64_t* base, uint64_t* end)
{
    uint64_t bytes = 0;
    if (descriptor.NumberOfPages == 0 || !checked_mul<uint64_t>(descriptor.NumberOfPages, PAGE_SIZE, &bytes))
        return false;
    *base = descriptor.PhysicalStart;
    return checked_add<uint64_t>(*base, bytes, end);
}

} // namespace

UefiMemoryMap allocate_memory_map_buffer(size_t slack)
{
    UefiMemoryMap map;
    EFI_STATUS status = read_memory_map(map); // size 0: asks for the size
    if (status != EFI_BUFFER_TOO_SMALL || map.descriptor_size == 0)
        fatal("cannot query the size of the memory map: %s", status_name(status));
    uint64_t bytes = map.size + slack * map.descriptor_size;
    uint64_t pages = div_round_up(bytes, PAGE_SIZE);
    map.buffer = phys_to_ptr<uint8_t>(allocate_pages(pages, LOADER_SCRATCH, "the memory map"));
    map.capacity = pages * PAGE_SIZE;
    map.size = 0;
    return map;
}

EFI_STATUS read_memory_map(UefiMemoryMap& map)
{
    map.size = map.capacity;
    UINT32 version = 0;
    EFI_STATUS status = boot_services()->GetMemoryMap(&map.size, reinterpret_cast<EFI_MEMORY_DESCRIPTOR*>(map.buffer),
        &map.key, &map.descriptor_size, &version);
    map.descriptor_version = version;
    return status;
}

uint64_t highest_address(const UefiMemoryMap& map)
{
    uint64_t highest = 0;
    for (size_t i = 0; i < map.count(); ++i) {
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

Result<size_t> build_kernel_memory_map(const UefiMemoryMap& map, const boot::Framebuffer& framebuffer,
    MemoryRegion* regions, size_t capacity)
{
    RegionList list(regions, capacity);

    uint64_t fb_start = 0;
    uint64_t fb_end = 0;
    if (framebuffer.phys_base != 0 && framebuffer.size != 0) {
        fb_start = align_down(framebuffer.phys_base, PAGE_SIZE);
        fb_end = align_up(framebuffer.phys_base + framebuffer.size, PAGE_SIZE);
    }

    for (size_t i = 0; i < map.count(); ++i) {
        const EFI_MEMORY_DESCRIPTOR& descriptor = map.at(i);
        uint64_t base = 0;
        uint64_t end = 0;
        if (!descriptor_range(descriptor, &base, &end))
            continue;
        MemoryType type = translate_memory_type(descriptor.Type);
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
