// BootInfo: the hand-off contract between the UEFI loader and the kernel.
//
// This header is the one place the boot protocol is written down in code. The loader
// (bootloader/) fills a BootInfo and jumps to the kernel entry with its address in RDI;
// the kernel (arch/x86_64/Entry.S, then kernel_main) reads it. Both sides include this
// file, so it uses only fixed-width types and no kernel or gnu-efi headers. See
// docs/boot-protocol.md for the full protocol, the memory layout and the versioning rules.
//
// Versioning: BOOT_INFO_MAGIC never changes; BOOT_INFO_VERSION grows whenever a field is
// added, removed or changes meaning. The kernel refuses a BootInfo whose version it does
// not know, so a mismatched loader/kernel pair fails with a message instead of misreading.

#pragma once

#include <stdint.h>

namespace ts::boot {

inline constexpr uint64_t BOOT_INFO_MAGIC = 0x4f4f424153534554ull; // "TESSABOO"
inline constexpr uint32_t BOOT_INFO_VERSION = 1;

// The fixed virtual layout the loader sets up and the kernel relies on.
// Ref: Intel SDM Vol. 3A §4.5 (4-level paging: 48-bit canonical addresses).
inline constexpr uint64_t DIRECT_MAP_BASE = 0xffff800000000000ull; // phys 0 maps here
inline constexpr uint64_t KERNEL_VIRT_BASE = 0xffffffff80000000ull; // top 2 GiB

// Memory types of the kernel-facing map. The loader translates UEFI's types into these.
enum class MemoryType : uint32_t {
    Usable = 1,              // free RAM
    Reserved = 2,            // never touch
    AcpiReclaimable = 3,     // ACPI tables; free once parsed
    AcpiNvs = 4,             // firmware-owned across sleep
    BootloaderReclaimable = 5, // BootInfo, memory map, loader page tables: free after hand-off
    KernelImage = 6,         // the loaded kernel segments
    Initrd = 7,              // the initial root archive
    Framebuffer = 8,         // GOP framebuffer (also reported separately)
    Mmio = 9,                // memory-mapped I/O the firmware reported
    Unusable = 10,           // bad RAM
    FirmwareReclaimable = 11, // UEFI boot-services memory: free after hand-off
};

struct MemoryRegion {
    uint64_t base;     // physical, page aligned
    uint64_t pages;    // 4 KiB pages
    MemoryType type;
    uint32_t reserved;
};
static_assert(sizeof(MemoryRegion) == 24);

enum class PixelFormat : uint32_t {
    Rgbx = 1, // byte 0 red, byte 1 green, byte 2 blue
    Bgrx = 2, // byte 0 blue, byte 1 green, byte 2 red
};

struct Framebuffer {
    uint64_t phys_base;  // 0 when no framebuffer is present
    uint64_t size;       // bytes
    uint32_t width;
    uint32_t height;
    uint32_t pitch;      // bytes per scan line
    PixelFormat format;  // 32 bits per pixel in both formats
};
static_assert(sizeof(Framebuffer) == 32);

struct BootInfo {
    uint64_t magic;       // BOOT_INFO_MAGIC
    uint32_t version;     // BOOT_INFO_VERSION
    uint32_t size;        // sizeof(BootInfo) as the loader saw it

    // Physical memory, sorted by base, non-overlapping. Pointer is a direct-map address.
    uint64_t memory_map;  // MemoryRegion[memory_map_count]
    uint64_t memory_map_count;
    uint64_t direct_map_size; // bytes of physical address space mapped at DIRECT_MAP_BASE

    // Where the kernel was put: [kernel_virt, kernel_virt + kernel_size) maps to
    // [kernel_phys, kernel_phys + kernel_size), one contiguous physical run.
    uint64_t kernel_phys;
    uint64_t kernel_virt;
    uint64_t kernel_size;

    uint64_t initrd_phys; // the USTAR archive as read from disk; 0 if none
    uint64_t initrd_size;

    uint64_t rsdp_phys;   // ACPI RSDP; 0 if the firmware gave none
    uint32_t rsdp_revision; // 0 = ACPI 1.0 RSDP, 2 = ACPI 2.0+ (XSDT present)
    uint32_t reserved0;

    Framebuffer framebuffer;

    // Kernel command line, NUL terminated (direct-map address).
    uint64_t cmdline;
    uint64_t cmdline_length; // without the NUL

    // The loader's own page tables (physical address of the PML4, the value loaded into
    // CR3). The kernel builds its own and reclaims these with the rest of the
    // BootloaderReclaimable memory.
    uint64_t loader_pml4_phys;
};
static_assert(sizeof(BootInfo) == 152); // 19 eight-byte slots

} // namespace ts::boot
