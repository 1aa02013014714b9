// Heap: the kernel heap, one SlabHeap behind a spinlock, plus operator new/delete.
// Layer: mm. kmalloc-style calls return Result; `new (std::nothrow) T` returns nullptr on
// exhaustion (plain `new` is the same function: the kernel never throws).
#pragma once

#include <cstddef>

#include <lib/Result.hpp>

#include "SlabHeap.hpp"

namespace ts::heap {

void init();
Result<void*> allocate(size_t size, size_t align = 16);
void free(void* p);
size_t allocation_size(const void* p);
SlabHeap::Stats stats();

// Pages handed to the heap come from the Pmm through the direct map; object caches for
// subsystems use the same provider.
PageProvider& page_provider();

} // namespace ts::heap
