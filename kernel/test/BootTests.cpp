// Checks on what the loader handed over, as the kernel sees it after boot.
#include <core/BootState.hpp>
#include <core/SymbolTable.hpp>
#include <mm/Pmm.hpp>

#include "KernelTest.hpp"

namespace ts {

KTEST(boot, info_is_sane)
{
    const auto& info = boot_info();
    KEXPECT(info.memory_map_count > 0);
    KEXPECT(info.direct_map_size >= 1024ull * 1024 * 1024);
    KEXPECT(info.kernel_virt == boot::KERNEL_VIRT_BASE);
    KEXPECT(info.kernel_size > 0);
    // Regions are sorted and do not overlap.
    auto* regions = reinterpret_cast<const boot::MemoryRegion*>(info.memory_map);
    for (size_t i = 1; i < info.memory_map_count; ++i)
        KEXPECT(regions[i - 1].base + regions[i - 1].pages * 4096 <= regions[i].base);
    KEXPECT(pmm::stats().free_pages > 0);
}

KTEST(boot, symbols_name_this_function)
{
    SymbolMatch match;
    auto here = reinterpret_cast<uint64_t>(&ktest_boot_symbols_name_this_function);
    KASSERT(kernel_symbols().lookup(here, match));
    KEXPECT(match.offset == 0);
    // The demangled name contains the function's identifier.
    bool found = false;
    const char* needle = "ktest_boot_symbols_name_this_function";
    for (size_t i = 0; i + 37 <= match.name_length && !found; ++i)
        found = __builtin_memcmp(match.name + i, needle, 37) == 0;
    KEXPECT(found);
}

} // namespace ts
