// MemoryMap: fetching the UEFI memory map. Part of bootloader/.
//
// Fetching uses GetMemoryMap() only, so it may run between failed ExitBootServices()
// attempts. Turning the map into the kernel's boot::MemoryRegion array is the
// hardware-free MemoryMapTranslation, which runs after ExitBootServices(), when no
// firmware service may be called; UefiMemoryMap::descriptors() hands the map to it.
#pragma once

#include <cstddef>
#include <cstdint>

#include <arch/x86_64/BootInfo.hpp>
#include <lib/Result.hpp>

#include "Efi.hpp"
#include "MemoryMapTranslation.hpp"

namespace ts::loader {

struct UefiMemoryMap {
    uint8_t* buffer { nullptr };
    uint64_t capacity { 0 };        // bytes
    UINTN size { 0 };               // bytes filled by the last GetMemoryMap()
    UINTN key { 0 };
    UINTN descriptor_size { 0 };    // stride; may exceed sizeof(EFI_MEMORY_DESCRIPTOR)
    uint32_t descriptor_version { 0 };

    size_t count() const { return descriptor_size ? size / descriptor_size : 0; }
    UefiDescriptorArray descriptors() const { return { buffer, count(), descriptor_size }; }
};

// Allocates (as LoaderData) a buffer for the current map plus `slack` more descriptors,
// since every allocation made after this point can add descriptors. Fatal on failure,
// and on descriptors smaller than UEFI's.
UefiMemoryMap allocate_memory_map_buffer(size_t slack);

// GetMemoryMap() into the buffer. Ref: UEFI 2.10 §7.2.3 (GetMemoryMap())
EFI_STATUS read_memory_map(UefiMemoryMap& map);

} // namespace ts::loader
