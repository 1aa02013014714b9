// Heap: see Heap.hpp.
#include "Heap.hpp"

#include <core/Log.hpp>
#include <core/Panic.hpp>
#include <sched/Spinlock.hpp>

#include "DirectMap.hpp"
#include "Pmm.hpp"

namespace ts::heap {

namespace {

// Feeds the slab heap with page runs from the Pmm, addressed through the direct map.
class PmmPageProvider final : public PageProvider {
public:
    Result<VirtAddr> allocate_run(size_t pages, size_t align_pages) override
    {
        PhysAddr base = TRY(pages == 1 && align_pages <= 1 ? pmm::allocate_page()
                                                          : pmm::allocate_contiguous(pages, align_pages));
        return phys_to_virt(base);
    }
    void free_run(VirtAddr base, size_t pages) override
    {
        PhysAddr phys = virt_to_phys_direct(base);
        if (pages == 1)
            pmm::free_page(phys);
        else
            pmm::free_contiguous(phys, pages);
    }
};

PmmPageProvider g_provider;
alignas(SlabHeap) unsigned char g_heap_storage[sizeof(SlabHeap)];
SlabHeap* g_heap = nullptr;
Spinlock g_lock(LockRank::Heap); // protects *g_heap

} // namespace

void init()
{
    g_heap = new (g_heap_storage) SlabHeap(g_provider);
}

PageProvider& page_provider() { return g_provider; }

Result<void*> allocate(size_t size, size_t align)
{
    VERIFY(g_heap);
    SpinlockGuard guard(g_lock);
    return g_heap->allocate(size, align);
}

void free(void* p)
{
    if (!p)
        return;
    SpinlockGuard guard(g_lock);
    if (!g_heap->free(p))
        log_error("heap: refused to free %p (not a live allocation)", p);
}

size_t allocation_size(const void* p)
{
    SpinlockGuard guard(g_lock);
    return g_heap->allocation_size(p);
}

SlabHeap::Stats stats()
{
    SpinlockGuard guard(g_lock);
    return g_heap->stats();
}

} // namespace ts::heap

// The C++ allocation functions. Every form is nothrow in practice: on exhaustion they
// return nullptr and the caller (through make_own/make_ref or a null check) reports
// Error::NoMemory.
void* operator new(size_t size, const std::nothrow_t&) noexcept
{
    auto r = ts::heap::allocate(size);
    return r.is_ok() ? r.value() : nullptr;
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept
{
    auto r = ts::heap::allocate(size);
    return r.is_ok() ? r.value() : nullptr;
}
void* operator new(size_t size, std::align_val_t align, const std::nothrow_t&) noexcept
{
    auto r = ts::heap::allocate(size, static_cast<size_t>(align));
    return r.is_ok() ? r.value() : nullptr;
}
void operator delete(void* p) noexcept { ts::heap::free(p); }
void operator delete(void* p, size_t) noexcept { ts::heap::free(p); }
void operator delete[](void* p) noexcept { ts::heap::free(p); }
void operator delete[](void* p, size_t) noexcept { ts::heap::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { ts::heap::free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { ts::heap::free(p); }
