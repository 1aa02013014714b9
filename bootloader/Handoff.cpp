// Handoff: ExitBootServices() with retries, then the jump into the kernel. Part of
// bootloader/.
#include "Handoff.hpp"

#include "Fatal.hpp"
#include "Firmware.hpp"

namespace ts::loader {

void exit_boot_services(UefiMemoryMap& map)
{
    for (unsigned attempt = 1; attempt <= EXIT_BOOT_SERVICES_ATTEMPTS; ++attempt) {
        EFI_STATUS status = read_memory_map(map);
        if (status == EFI_BUFFER_TOO_SMALL) {
            fatal("the memory map grew past its buffer (%llu bytes needed, %llu available)",
                static_cast<unsigned long long>(map.size), static_cast<unsigned long long>(map.capacity));
        }
        if (EFI_ERROR(status))
            fatal("cannot read the final memory map: %s", status_name(status));

        // From here on the screen (ConOut) is off limits: a failed attempt may already
        // have shut down parts of the firmware, and printing could change the map again.
        mark_boot_services_unusable();
        status = boot_services()->ExitBootServices(image_handle(), map.key);
        if (status == EFI_SUCCESS)
            return;
        if (status != EFI_INVALID_PARAMETER)
            fatal("ExitBootServices() failed: %s", status_name(status));
        // EFI_INVALID_PARAMETER: the map changed since we read it; read it again.
    }
    fatal("ExitBootServices() failed %u times: the memory map key kept going stale",
        EXIT_BOOT_SERVICES_ATTEMPTS);
}

void enter_kernel(uint64_t pml4_phys, uint64_t entry, uint64_t boot_info_virt, uint64_t stack_top_virt)
{
    // One asm statement, so the compiler cannot place anything between the CR3 switch
    // and the jump that would depend on the old stack. The code keeps running after the
    // CR3 load because the new tables identity-map all of physical memory, this code
    // included. Fixed registers keep every operand clear of RSP and RBP.
    asm volatile(
        "cli\n\t"
        "cld\n\t"
        "mov %%rax, %%cr3\n\t"
        "mov %%rsi, %%rsp\n\t"
        "xor %%ebp, %%ebp\n\t"
        "jmp *%%rdx\n\t"
        :
        : "a"(pml4_phys), "S"(stack_top_virt), "d"(entry), "D"(boot_info_virt)
        : "memory");
    __builtin_unreachable();
}

} // namespace ts::loader
