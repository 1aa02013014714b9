// Main: efi_main, the loader's sequence from firmware entry to the kernel jump. Part of
// bootloader/, its top layer: it calls every other loader file and none calls it.
//
// The steps (docs/loader.md has the long version):
//   1. COM1 and the banner.             6. GOP mode and framebuffer.
//   2. The loader's own volume (ESP).   7. ACPI RSDP.
//   3. \tessera\boot.cfg.               8. Page tables (identity, direct map, kernel).
//   4. The kernel ELF: check, place.    9. BootInfo, memory map array, stack; exit boot
//   5. The initrd: read, check.            services; translate the final memory map.
//                                      10. CR3, RSP, RDI; jump.
//
// Error handling: hardware-free pieces (config parser, ELF and USTAR validators, memory
// map translation) return their problems as values; this sequence and the firmware
// wrappers turn any problem that stops the boot into fatal(), which prints the reason
// and halts. A loader has no caller that could do better with an error code.
#include <arch/x86_64/BootInfo.hpp>
#include <lib/Math.hpp>
#include <lib/Ustar.hpp>

#include "Acpi.hpp"
#include "BootConfig.hpp"
#include "BootInfoBuilder.hpp"
#include "Console.hpp"
#include "Efi.hpp"
#include "ElfLoader.hpp"
#include "Fatal.hpp"
#include "FileLoader.hpp"
#include "Firmware.hpp"
#include "Graphics.hpp"
#include "Handoff.hpp"
#include "MemoryMap.hpp"
#include "PageTables.hpp"

namespace ts::loader {

namespace {

using ull = unsigned long long;

constexpr uint64_t MAX_CONFIG_SIZE = 64 * KiB;
constexpr uint64_t MAX_KERNEL_FILE_SIZE = 1 * GiB; // the image is <= 1 GiB; symbols come on top
constexpr uint64_t MAX_INITRD_SIZE = UINT64_MAX;   // bounded by memory alone

// Too large for a comfortable stack frame in firmware; zero-initialised at load.
BootConfig s_config;

void config_warning(void*, const char* message)
{
    warn("%s: %s", CONFIG_PATH, message);
}

void load_config(BootVolume& volume, BootConfig& config)
{
    set_config_defaults(config);
    LoadedFile file;
    EFI_STATUS status = volume.load(CONFIG_PATH, LOADER_SCRATCH, MAX_CONFIG_SIZE, file);
    if (status == EFI_NOT_FOUND) {
        warn("no %s; using the defaults (empty command line)", CONFIG_PATH);
        return;
    }
    if (EFI_ERROR(status)) {
        warn("cannot open %s (%s); using the defaults (empty command line)", CONFIG_PATH, status_name(status));
        return;
    }
    parse_boot_config(phys_to_ptr<const char>(file.phys), file.size, config, config_warning, nullptr);
    free_pages(file.phys, file.pages);
}

LoadedKernel load_kernel_file(BootVolume& volume, const BootConfig& config)
{
    LoadedFile file;
    EFI_STATUS status = volume.load(config.kernel_path, LOADER_SCRATCH, MAX_KERNEL_FILE_SIZE, file);
    if (EFI_ERROR(status))
        fatal("cannot open %s: %s", config.kernel_path, status_name(status));

    // Validate everything before committing memory to the image.
    static elf::ImageLayout layout; // 2.6 KiB of segment table; kept off the firmware stack
    elf::Problem problem;
    auto valid = elf::validate_kernel_image(phys_to_ptr<const uint8_t>(file.phys), file.size, KERNEL_IMAGE_RULES,
        layout, problem);
    if (valid.is_error())
        fatal("kernel.elf is malformed: %s", problem.message);

    LoadedKernel kernel = load_kernel(phys_to_ptr<const uint8_t>(file.phys), layout);
    free_pages(file.phys, file.pages);
    info("kernel %s: %zu segments loaded at phys 0x%llx, virt 0x%llx, %llu KiB, entry 0x%llx", config.kernel_path,
        layout.segment_count, static_cast<ull>(kernel.phys), static_cast<ull>(kernel.virt),
        static_cast<ull>(kernel.size / KiB), static_cast<ull>(kernel.entry));
    return kernel;
}

LoadedFile load_initrd(BootVolume& volume, const BootConfig& config)
{
    LoadedFile file;
    EFI_STATUS status = volume.load(config.initrd_path, static_cast<uint32_t>(OsMemoryType::Initrd),
        MAX_INITRD_SIZE, file);
    if (status == EFI_NOT_FOUND) {
        warn("no initrd at %s; the kernel gets none", config.initrd_path);
        return {};
    }
    if (EFI_ERROR(status))
        fatal("cannot open %s: %s", config.initrd_path, status_name(status));

    ustar::Problem problem;
    auto valid = ustar::validate(phys_to_ptr<const uint8_t>(file.phys), file.size, &problem);
    if (valid.is_error()) {
        fatal("initrd.tar is not a valid USTAR archive: %s at offset %llu (%s)", problem.reason,
            static_cast<ull>(problem.offset), config.initrd_path);
    }
    info("initrd %s: %llu bytes at phys 0x%llx", config.initrd_path, static_cast<ull>(file.size),
        static_cast<ull>(file.phys));
    return file;
}

[[noreturn]] void boot(const LoadedKernel& kernel, const LoadedFile& initrd, const RsdpInfo& rsdp,
    const GraphicsSetup& graphics, const BootConfig& config)
{
    // Size the direct map from what the firmware reports: the end of the highest
    // descriptor of any type, or of the framebuffer if that lies higher, in whole GiB.
    UefiMemoryMap map = allocate_memory_map_buffer(MEMORY_MAP_SLACK * 2);
    EFI_STATUS status = read_memory_map(map);
    if (EFI_ERROR(status))
        fatal("cannot read the memory map: %s", status_name(status));
    const boot::Framebuffer& fb = graphics.framebuffer;
    const uint64_t top = max(highest_address(map.descriptors()), fb.phys_base + fb.size);
    const uint64_t direct_map_size = align_up(top, GiB);

    const uint64_t pml4 = build_page_tables({
        .direct_map_size = direct_map_size,
        .kernel_phys = kernel.phys,
        .kernel_virt = kernel.virt,
        .kernel_size = kernel.size,
    });
    info("page tables at phys 0x%llx: identity and direct map of %llu GiB, kernel at 0x%llx",
        static_cast<ull>(pml4), static_cast<ull>(direct_map_size / GiB), static_cast<ull>(kernel.virt));

    PreparedBootInfo prepared = prepare_boot_info(
        {
            .cmdline = config.cmdline,
            .cmdline_length = config.cmdline_length,
            .kernel_phys = kernel.phys,
            .kernel_virt = kernel.virt,
            .kernel_size = kernel.size,
            .initrd_phys = initrd.phys,
            .initrd_size = initrd.size,
            .rsdp_phys = rsdp.phys,
            .rsdp_revision = rsdp.revision,
            .framebuffer = fb,
            .direct_map_size = direct_map_size,
            .pml4_phys = pml4,
        },
        map.count());

    info("command line: \"%s\"", config.cmdline);
    info("exiting boot services and entering the kernel at 0x%llx", static_cast<ull>(kernel.entry));

    exit_boot_services(map);
    // No firmware services from here on; messages go to serial only.
    finish_boot_info(prepared, map);
    info("memory map: %llu regions; BootInfo at 0x%llx", static_cast<ull>(prepared.info->memory_map_count),
        static_cast<ull>(prepared.info_virt));
    enter_kernel(pml4, kernel.entry, prepared.info_virt, prepared.stack_top_virt);
}

} // namespace

} // namespace ts::loader

// The PE entry point. Ref: UEFI 2.10 §4.1 (EFI_IMAGE_ENTRY_POINT)
extern "C" EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE* system_table)
{
    using namespace ts::loader;

    firmware_init(image, system_table);
    console_init();
    console_attach_screen();
    // The boot manager arms a 5-minute watchdog for boot options; a loader halted on an
    // error must keep its message on screen instead of being reset.
    // Ref: UEFI 2.10 §7.5.1 (SetWatchdogTimer())
    boot_services()->SetWatchdogTimer(0, 0, 0, nullptr);

    print("Tessera loader " TS_VERSION_STRING);

    BootVolume volume = BootVolume::open_own_volume();
    load_config(volume, s_config);
    set_debug_exit_on_fatal(s_config.debug_exit);

    const GraphicsSetup graphics = setup_graphics(s_config);
    const ts::boot::Framebuffer& fb = graphics.framebuffer;
    info("graphics: mode %u, %ux%u, %s, pitch %u, framebuffer at phys 0x%llx (%llu KiB)", graphics.mode_number,
        fb.width, fb.height, fb.format == ts::boot::PixelFormat::Rgbx ? "RGBX" : "BGRX", fb.pitch,
        static_cast<ull>(fb.phys_base), static_cast<ull>(fb.size / ts::KiB));

    const LoadedKernel kernel = load_kernel_file(volume, s_config);
    const LoadedFile initrd = load_initrd(volume, s_config);

    const RsdpInfo rsdp = find_rsdp();
    if (rsdp.phys != 0)
        info("ACPI: RSDP at phys 0x%llx, revision %u", static_cast<ull>(rsdp.phys), rsdp.revision);

    boot(kernel, initrd, rsdp, graphics, s_config);
}
