// SlabCache and SlabHeap: the hardware-free core of the kernel heap. Part of kernel/mm;
// it calls only kernel/lib and gets its memory from a PageProvider, so the same code runs
// in the kernel (provider = physical allocator + direct map, mm/Heap.cpp) and in host
// tests (provider = a buffer or aligned_alloc). Nothing here locks: the kernel wraps the
// global heap, and each subsystem its own caches, behind a spinlock.
//
// Layout (docs/kernel/memory.md explains the choices):
//   - A slab is SLAB_SIZE bytes aligned to SLAB_SIZE. Its header sits at the start, so
//     the header of any object is found by masking the object's address. Free objects
//     are linked through their own first word; never-used objects are carved from the
//     slab's tail lazily, so starting a slab costs O(1), not O(objects).
//   - A cache keeps partial and full slabs on intrusive lists. A slab that becomes empty
//     goes back to the provider at once (there is no empty list): after every object is
//     freed, the provider holds exactly what it held before.
//   - SlabHeap serves power-of-two size classes 16..4096 from one cache each, and
//     anything larger (or more aligned) as a page run from the provider, also aligned to
//     SLAB_SIZE and headed by a small header, so the same mask finds it.
// Misuse (double free, foreign or interior pointers) is detected through magic numbers
// and a free-object tag; it is refused and counted in stats().corruption, never followed.
// The mask trick reads the SLAB_SIZE-aligned block below the pointer, so a pointer passed
// to free() must at least point into readable memory (any kernel heap or direct-map
// address does); one that came from nowhere near a heap can still fault.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lib/Addr.hpp"
#include "lib/IntrusiveList.hpp"
#include "lib/Math.hpp"
#include "lib/Result.hpp"

namespace ts {

// Where the heap's memory comes from. Runs must be aligned to align_pages pages and
// stay readable and writable through the returned address until freed.
class PageProvider {
public:
    virtual Result<VirtAddr> allocate_run(size_t pages, size_t align_pages) = 0;
    virtual void free_run(VirtAddr base, size_t pages) = 0;

protected:
    // Providers are never deleted through this interface; a non-virtual protected
    // destructor keeps the kernel free of a deleting destructor (and of operator delete).
    ~PageProvider() = default;
};

// Poison fills freed objects with a pattern and checks it on reuse (catching writes after
// free), and fills new objects with another pattern (catching reads of uninitialized
// memory). It costs a pass over every object on both paths.
enum class HeapDebug { Off, Poison };

inline constexpr size_t SLAB_SIZE = 16 * KiB;
inline constexpr size_t SLAB_PAGES = SLAB_SIZE / PAGE_SIZE;

class SlabCache {
public:
    struct Stats {
        size_t object_size { 0 };     // as requested
        size_t stride { 0 };          // bytes per object slot, padding included
        size_t objects_per_slab { 0 };
        size_t objects_in_use { 0 };
        size_t slabs { 0 };
        size_t pages_held { 0 };      // from the provider, = slabs * SLAB_PAGES
        size_t corruption { 0 };      // refused frees: double, foreign, interior
    };

    // align must be a power of two; objects are at least 16 bytes apart and 8-byte
    // aligned. A size/alignment that fits no object in a slab makes the cache invalid:
    // is_valid() is false and allocate() fails with Error::InvalidArgument. The name is
    // borrowed (a string literal) and only used in diagnostics.
    SlabCache(PageProvider& provider, const char* name, size_t object_size, size_t align,
        HeapDebug debug = HeapDebug::Off);
    SlabCache(const SlabCache&) = delete;
    SlabCache& operator=(const SlabCache&) = delete;
    // Destroy a cache only when it is empty; slabs still holding objects are not freed.
    ~SlabCache() = default;

    bool is_valid() const { return m_capacity != 0; }
    const char* name() const { return m_name; }

    // Not zeroed. Error::NoMemory (or the provider's error) when no slab can be had.
    Result<void*> allocate();
    // Returns false, changing nothing but the corruption counter, when p is not a live
    // object of this cache. free(nullptr) does nothing and returns true.
    bool free(void* p);

    Stats stats() const;

    // The cache whose slab holds p, or nullptr when the block below p is not a live slab.
    // Reads the SLAB_SIZE-aligned block header below p (see the file comment).
    static SlabCache* cache_of(const void* p);

private:
    friend class SlabHeap;

    struct Slab {
        uint64_t magic;
        SlabCache* cache;
        ListNode node;       // on m_partial or m_full
        void* free_list;     // recycled objects, linked through their first word
        uint32_t in_use;
        uint32_t carved;     // objects [0, carved) have been handed out at least once
    };
    using SlabList = IntrusiveList<Slab, &Slab::node>;

    static Slab* slab_of(const void* p);
    bool is_full(const Slab& slab) const { return slab.free_list == nullptr && slab.carved == m_capacity; }
    // p is the start of a slot of `slab` that is currently allocated.
    bool is_live(const Slab& slab, const void* p) const;
    Result<Slab*> grow();
    void release(Slab& slab);

    PageProvider* m_provider;
    const char* m_name;
    HeapDebug m_debug;
    size_t m_object_size;
    size_t m_stride { 0 };
    size_t m_first_offset { 0 }; // of object 0 from the slab base
    size_t m_capacity { 0 };     // objects per slab; 0 = invalid cache
    SlabList m_partial;          // some free objects (never all: empty slabs are released)
    SlabList m_full;
    size_t m_objects_in_use { 0 };
    size_t m_corruption { 0 };
};

class SlabHeap {
public:
    struct Stats {
        size_t bytes_in_use { 0 };      // sum of allocation_size() over live allocations
        size_t objects_in_use { 0 };    // live allocations, small and large
        size_t large_allocations { 0 }; // of those, served as page runs
        size_t pages_held { 0 };        // from the provider, slabs and runs together
        size_t corruption { 0 };        // refused frees
    };

    static constexpr size_t MIN_CLASS = 16;
    static constexpr size_t MAX_CLASS = 4096;
    static constexpr size_t CLASS_COUNT = 9; // 16, 32, ..., 4096
    static constexpr size_t MAX_ALIGN = SLAB_SIZE;

    explicit SlabHeap(PageProvider& provider, HeapDebug debug = HeapDebug::Off);
    SlabHeap(const SlabHeap&) = delete;
    SlabHeap& operator=(const SlabHeap&) = delete;

    // At least `size` bytes aligned to `align` (a power of two up to MAX_ALIGN, else
    // Error::InvalidArgument). Not zeroed. size 0 is served as 1 so every successful call
    // returns a distinct pointer. Error::TooBig when the size cannot be represented as a
    // page run, otherwise the provider's error (normally Error::NoMemory).
    Result<void*> allocate(size_t size, size_t align = 16);
    // Same contract as SlabCache::free(): false and counted when p is not a live
    // allocation of this heap.
    bool free(void* p);
    // Usable bytes at p (the size class, or the run minus its header); 0 when p is not a
    // live allocation of this heap.
    size_t allocation_size(const void* p) const;

    Stats stats() const;
    // The cache serving class i (for diagnostics and tests).
    const SlabCache& size_class(size_t i) const { return m_classes[i]; }

private:
    struct LargeHeader;
    const LargeHeader* large_header_of(const void* p) const;
    bool is_own_class(const SlabCache* cache) const;

    PageProvider* m_provider;
    HeapDebug m_debug;
    SlabCache m_classes[CLASS_COUNT];
    size_t m_large_count { 0 };
    size_t m_large_bytes { 0 };
    size_t m_large_pages { 0 };
    size_t m_corruption { 0 };
};

} // namespace ts
