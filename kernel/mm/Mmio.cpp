// Mmio: see Mmio.hpp. The window is bump-allocated: device mappings live for the whole
// uptime, so nothing is ever returned.
#include "Mmio.hpp"

#include <arch/x86_64/PageTable.hpp>
#include <sched/Spinlock.hpp>

#include "KernelAddressSpace.hpp"

namespace ts::vmm {

namespace {
constexpr uint64_t WINDOW_START = 0xffffc00100000000ull;
constexpr uint64_t WINDOW_END = WINDOW_START + 64 * GiB;
uint64_t g_next = WINDOW_START;
Spinlock g_lock(LockRank::Mmio); // protects g_next
} // namespace

Result<VirtAddr> map_mmio(PhysAddr phys, size_t size)
{
    uint64_t first = align_down(phys.value(), PAGE_SIZE);
    uint64_t last = align_up(phys.value() + size, PAGE_SIZE);
    uint64_t pages = (last - first) / PAGE_SIZE;
    uint64_t virt;
    {
        SpinlockGuard guard(g_lock);
        if (g_next + pages * PAGE_SIZE > WINDOW_END)
            return Error::NoSpace;
        virt = g_next;
        g_next += (pages + 1) * PAGE_SIZE; // one unmapped guard page between devices
    }
    for (uint64_t i = 0; i < pages; ++i)
        TRY(map_kernel_page(VirtAddr(virt + i * PAGE_SIZE), PhysAddr(first + i * PAGE_SIZE),
            arch::PageFlags::Write | arch::PageFlags::Uncached | arch::PageFlags::Global));
    return VirtAddr(virt + (phys.value() - first));
}

} // namespace ts::vmm
