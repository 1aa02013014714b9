// Pmm: the kernel's one physical page allocator, a PageFrameAllocator behind a spinlock.
// Layer: mm. Safe from any context (interrupts are off while the lock is held; every
// operation is O(1) except contiguous runs, which scan a bitmap).
#pragma once

#include <arch/x86_64/BootInfo.hpp>
#include <lib/Addr.hpp>
#include <lib/Result.hpp>

#include "PageFrameAllocator.hpp"

namespace ts::pmm {

Result<void> init(const boot::MemoryRegion* regions, size_t count);
// Hands memory freed after boot to the allocator; returns pages added.
size_t reclaim(const boot::MemoryRegion* regions, size_t count, boot::MemoryType type);

Result<PhysAddr> allocate_page();
Result<PhysAddr> allocate_zeroed_page();
void free_page(PhysAddr page);
Result<PhysAddr> allocate_contiguous(size_t pages, size_t align_pages = 1);
void free_contiguous(PhysAddr base, size_t pages);
Result<void> claim_range(PhysAddr base, size_t pages);

PageFrameAllocator::Stats stats();
Result<void> verify();

} // namespace ts::pmm
