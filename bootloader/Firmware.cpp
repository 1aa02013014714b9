// Firmware: boot-services state, page allocation and status names. Part of bootloader/.
#include "Firmware.hpp"

#include <lib/CString.hpp>
#include <lib/Format.hpp>
#include <lib/Math.hpp>

#include "Fatal.hpp"

namespace ts::loader {

namespace {

EFI_HANDLE s_image_handle;
EFI_SYSTEM_TABLE* s_system_table;
bool s_boot_services_usable;

// gnu-efi declares AllocatePages() with the EFI_MEMORY_TYPE enum, whose enumerators end
// at EfiMaxMemoryType; our OS-defined values (0x8000000x) lie outside it, and converting
// them to the enum is undefined in C++. The firmware receives a 32-bit integer either
// way, so we call through a pointer type that says so.
// Ref: UEFI 2.10 §7.2.1 (AllocatePages(): MemoryType is EFI_MEMORY_TYPE, a UINT32 enum).
using AllocatePagesFn = EFI_STATUS(EFIAPI*)(EFI_ALLOCATE_TYPE type, uint32_t memory_type, UINTN pages,
    EFI_PHYSICAL_ADDRESS* memory);

} // namespace

void firmware_init(EFI_HANDLE image, EFI_SYSTEM_TABLE* system_table)
{
    s_image_handle = image;
    s_system_table = system_table;
    s_boot_services_usable = true;
}

EFI_HANDLE image_handle() { return s_image_handle; }
EFI_SYSTEM_TABLE* system_table() { return s_system_table; }
EFI_BOOT_SERVICES* boot_services() { return s_system_table->BootServices; }
bool boot_services_usable() { return s_boot_services_usable; }
void mark_boot_services_unusable() { s_boot_services_usable = false; }

uint64_t allocate_pages(uint64_t count, uint32_t memory_type, const char* purpose)
{
    if (count == 0)
        count = 1; // AllocatePages() rejects zero pages; an empty thing still gets an address
    auto allocate = reinterpret_cast<AllocatePagesFn>(boot_services()->AllocatePages);
    EFI_PHYSICAL_ADDRESS address = 0;
    EFI_STATUS status = allocate(AllocateAnyPages, memory_type, count, &address);
    if (EFI_ERROR(status)) {
        fatal("out of memory: cannot allocate %llu KiB for %s: %s", count * PAGE_SIZE / KiB, purpose,
            status_name(status));
    }
    return address;
}

uint64_t allocate_zeroed_pages(uint64_t count, OsMemoryType type, const char* purpose)
{
    uint64_t phys = allocate_pages(count, type, purpose);
    memset(phys_to_ptr<void>(phys), 0, max<uint64_t>(count, 1) * PAGE_SIZE);
    return phys;
}

void free_pages(uint64_t phys, uint64_t count)
{
    // Freeing scratch memory is an optimisation; a failure leaves it LoaderData, which the
    // kernel reclaims anyway.
    (void)boot_services()->FreePages(phys, max<uint64_t>(count, 1));
}

const char* status_name(EFI_STATUS status)
{
    switch (status) {
    case EFI_SUCCESS: return "EFI_SUCCESS";
    case EFI_LOAD_ERROR: return "EFI_LOAD_ERROR";
    case EFI_INVALID_PARAMETER: return "EFI_INVALID_PARAMETER";
    case EFI_UNSUPPORTED: return "EFI_UNSUPPORTED";
    case EFI_BAD_BUFFER_SIZE: return "EFI_BAD_BUFFER_SIZE";
    case EFI_BUFFER_TOO_SMALL: return "EFI_BUFFER_TOO_SMALL";
    case EFI_NOT_READY: return "EFI_NOT_READY";
    case EFI_DEVICE_ERROR: return "EFI_DEVICE_ERROR";
    case EFI_WRITE_PROTECTED: return "EFI_WRITE_PROTECTED";
    case EFI_OUT_OF_RESOURCES: return "EFI_OUT_OF_RESOURCES";
    case EFI_VOLUME_CORRUPTED: return "EFI_VOLUME_CORRUPTED";
    case EFI_VOLUME_FULL: return "EFI_VOLUME_FULL";
    case EFI_NO_MEDIA: return "EFI_NO_MEDIA";
    case EFI_MEDIA_CHANGED: return "EFI_MEDIA_CHANGED";
    case EFI_NOT_FOUND: return "EFI_NOT_FOUND";
    case EFI_ACCESS_DENIED: return "EFI_ACCESS_DENIED";
    case EFI_NO_RESPONSE: return "EFI_NO_RESPONSE";
    case EFI_NO_MAPPING: return "EFI_NO_MAPPING";
    case EFI_TIMEOUT: return "EFI_TIMEOUT";
    case EFI_NOT_STARTED: return "EFI_NOT_STARTED";
    case EFI_ALREADY_STARTED: return "EFI_ALREADY_STARTED";
    case EFI_ABORTED: return "EFI_ABORTED";
    case EFI_SECURITY_VIOLATION: return "EFI_SECURITY_VIOLATION";
    default: break;
    }
    static char unknown[32];
    format(unknown, sizeof(unknown), "EFI status 0x%llx", static_cast<unsigned long long>(status));
    return unknown;
}

} // namespace ts::loader
