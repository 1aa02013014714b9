// MemoryMap: UEFI memory map retrieval. Part of bootloader/.
#include "MemoryMap.hpp"

#include <lib/Math.hpp>

#include "Fatal.hpp"
#include "Firmware.hpp"

namespace ts::loader {

// The translation reads descriptors by the specification's layout; gnu-efi's must agree.
static_assert(sizeof(EFI_MEMORY_DESCRIPTOR) == sizeof(UefiDescriptor));
static_assert(__builtin_offsetof(EFI_MEMORY_DESCRIPTOR, PhysicalStart)
    == __builtin_offsetof(UefiDescriptor, physical_start));
static_assert(__builtin_offsetof(EFI_MEMORY_DESCRIPTOR, NumberOfPages)
    == __builtin_offsetof(UefiDescriptor, number_of_pages));

UefiMemoryMap allocate_memory_map_buffer(size_t slack)
{
    UefiMemoryMap map;
    EFI_STATUS status = read_memory_map(map); // size 0: asks for the size
    if (status != EFI_BUFFER_TOO_SMALL)
        fatal("cannot query the size of the memory map: %s", status_name(status));
    if (map.descriptor_size < sizeof(UefiDescriptor)) {
        fatal("the firmware's memory map descriptors are %llu bytes, fewer than UEFI's %zu",
            static_cast<unsigned long long>(map.descriptor_size), sizeof(UefiDescriptor));
    }
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

} // namespace ts::loader
