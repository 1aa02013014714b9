// BootInfoBuilder: allocates and fills the BootInfo hand-off block. Part of bootloader/.
//
// Everything the kernel receives by pointer (BootInfo, the command line, the memory
// map array) and the kernel's first stack live in BootloaderReclaimable pages allocated
// here BEFORE the final GetMemoryMap(), because allocating afterwards would change the
// map again. The memory map array is sized from the descriptor count at that point plus
// slack; it is filled in after ExitBootServices() by finish_boot_info(), which calls no
// firmware service. Pointers stored in BootInfo are direct-map virtual addresses
// (physical + DIRECT_MAP_BASE); fields named *_phys hold physical addresses.
#pragma once

#include <cstddef>
#include <cstdint>

#include <arch/x86_64/BootInfo.hpp>

#include "MemoryMap.hpp"

namespace ts::loader {

inline constexpr uint64_t KERNEL_STACK_SIZE = 64 * 1024;
// Descriptors the map may gain between sizing the array and the final GetMemoryMap(),
// plus the two pieces a framebuffer carve-out can add.
inline constexpr size_t MEMORY_MAP_SLACK = 64 + 2;

struct BootInfoInputs {
    const char* cmdline;
    size_t cmdline_length;
    uint64_t kernel_phys;
    uint64_t kernel_virt;
    uint64_t kernel_size;
    uint64_t initrd_phys;
    uint64_t initrd_size;
    uint64_t rsdp_phys;
    uint32_t rsdp_revision;
    boot::Framebuffer framebuffer;
    uint64_t direct_map_size;
    uint64_t pml4_phys;
};

struct PreparedBootInfo {
    boot::BootInfo* info;          // identity-mapped pointer, for the loader to write through
    uint64_t info_virt;            // the kernel's view of `info`
    boot::MemoryRegion* regions;   // identity-mapped
    size_t region_capacity;
    uint64_t stack_top_virt;       // direct-map address, 16-byte aligned
};

inline uint64_t direct_map_address(uint64_t phys)
{
    return boot::DIRECT_MAP_BASE + phys;
}

// Allocates the blocks and fills every field but the memory map count. `descriptors` is
// the current UEFI map's descriptor count.
PreparedBootInfo prepare_boot_info(const BootInfoInputs& inputs, size_t descriptors);

// After ExitBootServices(): converts `map` into the region array. Fatal (serial only) if
// it does not fit.
void finish_boot_info(PreparedBootInfo& prepared, const UefiMemoryMap& map);

} // namespace ts::loader
