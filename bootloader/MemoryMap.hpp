// MemoryMap: fetching the UEFI memory map and turning it into the kernel's
// boot::MemoryRegion array. Part of bootloader/.
//
// Fetching uses GetMemoryMap() only, so it may run between failed ExitBootServices()
// attempts. The conversion is hardware-free and runs after ExitBootServices(), when no
// firmware service may be called: it translates each descriptor's type (table in
// docs/loader.md), carves the framebuffer out of whatever covers it and adds it as its
// own Framebuffer region, sorts by base, trims overlaps, and merges neighbours of the
// same type.
#pragma once

#include <cstddef>
#include <cstdint>

#include <arch/x86_64/BootInfo.hpp>
#include <lib/Result.hpp>

#include "Efi.hpp"

namespace ts::loader {

struct UefiMemoryMap {
    uint8_t* buffer { nullptr };
    uint64_t capacity { 0 };        // bytes
    UINTN size { 0 };               // bytes filled by the last GetMemoryMap()
    UINTN key { 0 };
    UINTN descriptor_size { 0 };    // stride; may exceed sizeof(EFI_MEMORY_DESCRIPTOR)
    uint32_t descriptor_version { 0 };

    size_t count() const { return descriptor_size ? size / descriptor_size : 0; }
    const EFI_MEMORY_DESCRIPTOR& at(size_t index) const
    {
        return *reinterpret_cast<const EFI_MEMORY_DESCRIPTOR*>(buffer + index * descriptor_size);
    }
};

// Allocates (as LoaderData) a buffer for the current map plus `slack` more descriptors,
// since every allocation made after this point can add descriptors. Fatal on failure.
UefiMemoryMap allocate_memory_map_buffer(size_t slack);

// GetMemoryMap() into the buffer. Ref: UEFI 2.10 §7.2.3 (GetMemoryMap())
EFI_STATUS read_memory_map(UefiMemoryMap& map);

// The end of the highest descriptor of any type (RAM, MMIO, reserved).
uint64_t highest_address(const UefiMemoryMap& map);

boot::MemoryType translate_memory_type(uint32_t uefi_type);

// The conversion described above. Error::NoSpace if `capacity` regions do not suffice.
Result<size_t> build_kernel_memory_map(const UefiMemoryMap& map, const boot::Framebuffer& framebuffer,
    boot::MemoryRegion* regions, size_t capacity);

} // namespace ts::loader
