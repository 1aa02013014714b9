// BootInfoBuilder: the BootInfo block, command line, memory map array and kernel stack.
// Part of bootloader/.
#include "BootInfoBuilder.hpp"

#include <lib/CString.hpp>
#include <lib/Math.hpp>

#include "Fatal.hpp"
#include "Firmware.hpp"

namespace ts::loader {

PreparedBootInfo prepare_boot_info(const BootInfoInputs& inputs, size_t descriptors)
{
    // BootInfo and the command line share one allocation: BootInfo first, the text
    // right behind it.
    const uint64_t block_bytes = sizeof(boot::BootInfo) + inputs.cmdline_length + 1;
    const uint64_t block_phys = allocate_zeroed_pages(div_round_up(block_bytes, PAGE_SIZE),
        OsMemoryType::BootloaderReclaimable, "BootInfo");
    auto* info = phys_to_ptr<boot::BootInfo>(block_phys);
    const uint64_t cmdline_phys = block_phys + sizeof(boot::BootInfo);
    memcpy(phys_to_ptr<char>(cmdline_phys), inputs.cmdline, inputs.cmdline_length);
    phys_to_ptr<char>(cmdline_phys)[inputs.cmdline_length] = '\0';

    const size_t capacity = descriptors + MEMORY_MAP_SLACK;
    const uint64_t regions_phys = allocate_zeroed_pages(div_round_up(capacity * sizeof(boot::MemoryRegion), PAGE_SIZE),
        OsMemoryType::BootloaderReclaimable, "the kernel memory map");

    const uint64_t stack_phys = allocate_pages(KERNEL_STACK_SIZE / PAGE_SIZE, OsMemoryType::BootloaderReclaimable,
        "the kernel's boot stack");

    info->magic = boot::BOOT_INFO_MAGIC;
    info->version = boot::BOOT_INFO_VERSION;
    info->size = sizeof(boot::BootInfo);
    info->memory_map = direct_map_address(regions_phys);
    info->memory_map_count = 0; // finish_boot_info()
    info->direct_map_size = inputs.direct_map_size;
    info->kernel_phys = inputs.kernel_phys;
    info->kernel_virt = inputs.kernel_virt;
    info->kernel_size = inputs.kernel_size;
    info->initrd_phys = inputs.initrd_phys;
    info->initrd_size = inputs.initrd_size;
    info->rsdp_phys = inputs.rsdp_phys;
    info->rsdp_revision = inputs.rsdp_revision;
    info->framebuffer = inputs.framebuffer;
    info->cmdline = direct_map_address(cmdline_phys);
    info->cmdline_length = inputs.cmdline_length;
    info->loader_pml4_phys = inputs.pml4_phys;

    return {
        .info = info,
        .info_virt = direct_map_address(block_phys),
        .regions = phys_to_ptr<boot::MemoryRegion>(regions_phys),
        .region_capacity = capacity,
        .stack_top_virt = direct_map_address(stack_phys + KERNEL_STACK_SIZE),
    };
}

void finish_boot_info(PreparedBootInfo& prepared, const UefiMemoryMap& map)
{
    auto count = build_kernel_memory_map(map.descriptors(), prepared.info->framebuffer, prepared.regions,
        prepared.region_capacity);
    if (count.is_error()) {
        // The descriptor size was checked when the buffer was allocated, so the one way
        // left to fail is running out of regions.
        fatal("the final memory map (%zu descriptors) does not fit the %zu regions reserved for it", map.count(),
            prepared.region_capacity);
    }
    prepared.info->memory_map_count = count.value();
}

} // namespace ts::loader
