// Firmware: the loader's thin layer over UEFI boot services. Part of bootloader/.
//
// It remembers the image handle and system table efi_main received, knows whether boot
// services are still usable, allocates pages with our OS-defined memory types, and names
// EFI_STATUS values for error messages. Everything above it (files, graphics, ACPI, page
// tables) goes through here for memory, so the memory types stay in one place.
#pragma once

#include <cstdint>

#include "Efi.hpp"
#include "MemoryMapTranslation.hpp"

namespace ts::loader {

// OsMemoryType, the memory types the loader allocates with, is declared in
// MemoryMapTranslation.hpp next to the code that translates them for the kernel.

// UEFI's own memory type for the loader's scratch buffers (file contents before they
// are copied, the UEFI memory map). It becomes FirmwareReclaimable for the kernel.
inline constexpr uint32_t LOADER_SCRATCH = EfiLoaderData;

void firmware_init(EFI_HANDLE image, EFI_SYSTEM_TABLE* system_table);

EFI_HANDLE image_handle();
EFI_SYSTEM_TABLE* system_table();
// Only valid while boot_services_usable().
EFI_BOOT_SERVICES* boot_services();

// False from the first ExitBootServices() attempt on: after a failed attempt the
// firmware allows nothing but GetMemoryMap() and ExitBootServices(), and after a
// successful one nothing at all.
bool boot_services_usable();
void mark_boot_services_unusable();

// Allocates `count` 4 KiB pages anywhere in physical memory and returns their physical
// address (the firmware identity-maps all memory, so it is also a usable pointer).
// Out of memory is fatal, with `purpose` in the message.
uint64_t allocate_pages(uint64_t count, uint32_t memory_type, const char* purpose);
inline uint64_t allocate_pages(uint64_t count, OsMemoryType type, const char* purpose)
{
    return allocate_pages(count, static_cast<uint32_t>(type), purpose);
}
// Same, zero-filled.
uint64_t allocate_zeroed_pages(uint64_t count, OsMemoryType type, const char* purpose);
void free_pages(uint64_t phys, uint64_t count);

// "EFI_NOT_FOUND" and friends; an unknown status is shown as its hexadecimal value.
// The returned text stays valid until the next call.
const char* status_name(EFI_STATUS status);

template<typename T>
T* phys_to_ptr(uint64_t phys)
{
    // Before the hand-off the firmware's page tables and ours both identity-map memory.
    return reinterpret_cast<T*>(phys);
}

} // namespace ts::loader
