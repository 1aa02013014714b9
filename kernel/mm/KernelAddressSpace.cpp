// KernelAddressSpace: see KernelAddressSpace.hpp.
#include "KernelAddressSpace.hpp"

#include <arch/x86_64/Cpu.hpp>
#include <core/Log.hpp>

#include "DirectMap.hpp"
#include "Pmm.hpp"
#include "TlbShootdown.hpp"
#include "UserMappings.hpp"

extern "C" char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern "C" char __data_start[], __data_end[], __ksyms_start[], __kernel_end[];

namespace ts::vmm {

namespace {

arch::PageTable g_kernel_table;

Result<PhysAddr> allocate_table_page(void*) { return pmm::allocate_zeroed_page(); }
void free_table_page(void*, PhysAddr page) { pmm::free_page(page); }

constexpr arch::PageTableMemory TABLE_MEMORY { allocate_table_page, free_table_page, nullptr, boot::DIRECT_MAP_BASE };

Result<void> map_section(const boot::BootInfo& boot, const char* start, const char* end, arch::PageFlags flags)
{
    uint64_t first = align_down(reinterpret_cast<uint64_t>(start), PAGE_SIZE);
    uint64_t last = align_up(reinterpret_cast<uint64_t>(end), PAGE_SIZE);
    for (uint64_t virt = first; virt < last; virt += PAGE_SIZE) {
        PhysAddr phys(boot.kernel_phys + (virt - boot.kernel_virt));
        TRY(g_kernel_table.map(VirtAddr(virt), phys, flags | arch::PageFlags::Global));
    }
    return {};
}

bool cpu_has_nx() { return arch::cpuid(0x80000000).eax >= 0x80000001 && (arch::cpuid(0x80000001).edx & (1u << 20)); }

} // namespace

arch::PageTable& kernel_page_table() { return g_kernel_table; }

Result<void> init_kernel_address_space(const boot::BootInfo& boot)
{
    bool nx = cpu_has_nx();
    arch::PageTable::set_nx_supported(nx);
    if (nx)
        arch::wrmsr(arch::MSR_EFER, arch::rdmsr(arch::MSR_EFER) | arch::EFER_NXE);

    g_kernel_table = TRY(arch::PageTable::create(TABLE_MEMORY));

    // The direct map, in 2 MiB pages. direct_map_size is a multiple of 1 GiB (loader).
    constexpr uint64_t LARGE = 2 * MiB;
    auto rw = arch::PageFlags::Write | arch::PageFlags::Global;
    for (uint64_t phys = 0; phys < boot.direct_map_size; phys += LARGE)
        TRY(g_kernel_table.map(VirtAddr(boot::DIRECT_MAP_BASE + phys), PhysAddr(phys), rw, arch::PageSize::Large));

    TRY(map_section(boot, __text_start, __text_end, arch::PageFlags::Execute));
    TRY(map_section(boot, __rodata_start, __rodata_end, arch::PageFlags::None));
    TRY(map_section(boot, __data_start, __data_end, arch::PageFlags::Write));
    TRY(map_section(boot, __ksyms_start, __kernel_end, arch::PageFlags::None));
    // Every user address space copies the kernel's top-level entries once, at creation:
    // they must all exist now, so later kernel mappings appear in every address space.
    TRY(g_kernel_table.populate_top_entries(256));
    vmm::set_user_nx_supported(nx);

    // Supervisor writes honour read-only pages only with CR0.WP set.
    arch::write_cr0(arch::read_cr0() | arch::CR0_WP);
    arch::write_cr3(g_kernel_table.root().value());
    log("vmm: kernel page tables at 0x%llx, direct map %llu MiB, NX %s",
        static_cast<unsigned long long>(g_kernel_table.root().value()),
        static_cast<unsigned long long>(boot.direct_map_size / MiB), nx ? "on" : "unavailable");
    return {};
}

Result<void> map_kernel_page(VirtAddr virt, PhysAddr phys, arch::PageFlags flags)
{
    TRY(g_kernel_table.map(virt, phys, flags));
    arch::invlpg(virt.value());
    return {};
}

Result<PhysAddr> unmap_kernel_page(VirtAddr virt)
{
    PhysAddr phys = TRY(g_kernel_table.unmap(virt));
    tlb::shootdown(virt);
    return phys;
}

Result<void> protect_kernel_page(VirtAddr virt, arch::PageFlags flags)
{
    TRY(g_kernel_table.protect(virt, flags));
    tlb::shootdown(virt);
    return {};
}

} // namespace ts::vmm
