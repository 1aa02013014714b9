// Pmm: see Pmm.hpp.
#include "Pmm.hpp"

#include <core/Log.hpp>
#include <lib/CString.hpp>
#include <sched/Spinlock.hpp>

#include "DirectMap.hpp"

namespace ts::pmm {

namespace {
Spinlock g_lock(LockRank::Pmm);
PageFrameAllocator g_allocator TS_GUARDED_BY(g_lock);
} // namespace

Result<void> init(const boot::MemoryRegion* regions, size_t count)
{
    SpinlockGuard guard(g_lock);
    return g_allocator.init(regions, count, boot::DIRECT_MAP_BASE);
}

size_t reclaim(const boot::MemoryRegion* regions, size_t count, boot::MemoryType type)
{
    size_t added = 0;
    for (size_t i = 0; i < count; ++i) {
        if (regions[i].type != type)
            continue;
        SpinlockGuard guard(g_lock);
        auto result = g_allocator.add_free_range(PhysAddr(regions[i].base), regions[i].pages);
        if (result.is_error()) {
            log_warn("pmm: cannot reclaim %llu pages at 0x%llx: %s", static_cast<unsigned long long>(regions[i].pages),
                static_cast<unsigned long long>(regions[i].base), error_name(result.error()));
            continue;
        }
        added += regions[i].pages;
    }
    return added;
}

Result<PhysAddr> allocate_page()
{
    SpinlockGuard guard(g_lock);
    return g_allocator.allocate_page();
}

Result<PhysAddr> allocate_zeroed_page()
{
    PhysAddr page = TRY(allocate_page());
    memset(phys_to_ptr<void>(page), 0, PAGE_SIZE);
    return page;
}

void free_page(PhysAddr page)
{
    SpinlockGuard guard(g_lock);
    auto result = g_allocator.free_page(page);
    if (result.is_error())
        log_error("pmm: refused to free page 0x%llx: %s", static_cast<unsigned long long>(page.value()),
            error_name(result.error()));
}

Result<PhysAddr> allocate_contiguous(size_t pages, size_t align_pages)
{
    SpinlockGuard guard(g_lock);
    return g_allocator.allocate_contiguous(pages, align_pages);
}

void free_contiguous(PhysAddr base, size_t pages)
{
    SpinlockGuard guard(g_lock);
    auto result = g_allocator.free_contiguous(base, pages);
    if (result.is_error())
        log_error("pmm: refused to free %zu pages at 0x%llx: %s", pages, static_cast<unsigned long long>(base.value()),
            error_name(result.error()));
}

Result<void> claim_range(PhysAddr base, size_t pages)
{
    SpinlockGuard guard(g_lock);
    return g_allocator.claim_range(base, pages);
}

PageFrameAllocator::Stats stats()
{
    SpinlockGuard guard(g_lock);
    return g_allocator.stats();
}

Result<void> verify()
{
    SpinlockGuard guard(g_lock);
    return g_allocator.verify();
}

} // namespace ts::pmm
