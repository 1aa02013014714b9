// PageFrameAllocator: the hardware-free core of the physical page allocator. Part of
// kernel/mm; it calls only kernel/lib and reads the boot memory map types from
// arch/x86_64/BootInfo.hpp (plain data, no hardware access). It never locks: the kernel
// wraps one global instance behind a spinlock (mm/Pmm.cpp), and host tests drive it
// directly over an ordinary buffer.
//
// All physical memory is reached through a "direct map": physical address p lives at
// virtual address p + direct_map_offset. The allocator keeps two structures that must
// always agree (docs/kernel/memory.md has the full picture):
//   - a doubly linked list threaded through the free pages themselves (the first 16 bytes
//     of each free page hold its links), which makes single-page allocate/free O(1);
//   - a bitmap with one bit per page of the managed span (set = free), which answers
//     "is this page free?" in O(1) and lets allocate_contiguous() scan for runs.
// A second bitmap marks which pages the allocator owns at all, so freeing a page that
// was never handed to it (a hole, MMIO, the kernel image, its own bookkeeping) is refused
// instead of silently growing the pool.
//
// Pages handed out are NOT zeroed: the previous contents, including the free-list links,
// are still there. Callers that need zeroed memory clear it themselves.
#pragma once

#include <cstddef>
#include <cstdint>

#include "arch/x86_64/BootInfo.hpp"
#include "lib/Addr.hpp"
#include "lib/Bitmap.hpp"
#include "lib/IntrusiveList.hpp"
#include "lib/Result.hpp"

namespace ts {

class PageFrameAllocator {
public:
    struct Stats {
        size_t total_pages { 0 };       // pages the allocator can hand out (owned, not bookkeeping)
        size_t free_pages { 0 };        // of those, currently free
        size_t bookkeeping_pages { 0 }; // pages holding the two bitmaps
        size_t rejected_frees { 0 };    // frees refused (double, foreign, unaligned, ...)
    };

    PageFrameAllocator() = default;
    // The free list's head lives inside this object and the free pages point at it.
    PageFrameAllocator(const PageFrameAllocator&) = delete;
    PageFrameAllocator& operator=(const PageFrameAllocator&) = delete;

    // Takes the boot memory map (any order, but no two regions may overlap and every base
    // must be page aligned; otherwise Error::BadFormat). The managed span runs from the
    // lowest to the highest page of all Usable and reclaimable regions; only Usable pages
    // become free now, the reclaimable ones arrive later through add_free_range().
    // The bitmaps go at the end of the highest Usable region that can hold them.
    // Physical page 0 is never handed out, so PhysAddr(0) can keep meaning "none".
    // Error::NoMemory when no Usable page would be left for callers; Error::Busy when
    // called twice.
    Result<void> init(const boot::MemoryRegion* regions, size_t count, uint64_t direct_map_offset);

    // Hands over memory that has become free after boot (bootloader/firmware/ACPI
    // reclaimable regions). The caller vouches that the range is RAM nobody uses any more.
    // The span is fixed at init(): a range reaching outside it is refused with
    // Error::OutOfRange and the kernel must leave that memory unused. Also refused, with
    // nothing changed: unaligned base (Unaligned), overlap with the bookkeeping (Busy),
    // pages the allocator already owns (Exists). Page 0 is skipped silently.
    Result<void> add_free_range(PhysAddr base, size_t pages);

    // O(1): pops the most recently freed page. Error::NoMemory when none is free.
    Result<PhysAddr> allocate_page();
    // O(1). Refuses, leaving all state untouched and counting it in rejected_frees:
    // Unaligned (not page aligned), OutOfRange (outside the span), Permission (a page the
    // allocator does not own, e.g. a reserved hole or its bitmaps), InvalidArgument
    // (already free: a double free).
    Result<void> free_page(PhysAddr page);

    // `pages` physically contiguous pages whose first page number is a multiple of
    // align_pages (a power of two). Next-fit scan of the bitmap, then O(1) per page to
    // unlink them from the list. Error::InvalidArgument for 0 pages or a bad alignment,
    // Error::NoMemory when no such run is free.
    Result<PhysAddr> allocate_contiguous(size_t pages, size_t align_pages = 1);
    // Frees every page of [base, base + pages * PAGE_SIZE). Validates the whole range
    // first (same errors as free_page), so a refused call frees nothing. Pages carry no
    // memory of how they were allocated: a run may be freed page by page and vice versa.
    Result<void> free_contiguous(PhysAddr base, size_t pages);
    // Takes the specific pages [base, base + pages) if all are free (Busy otherwise,
    // OutOfRange outside the span), for hardware that needs a fixed address such as the
    // SMP start-up trampoline below 1 MiB. Free them with free_contiguous().
    Result<void> claim_range(PhysAddr base, size_t pages);

    Stats stats() const;
    // True when `page` is an owned page that is currently free (for tests and debugging).
    bool is_free(PhysAddr page) const;
    // The managed span, [span_base, span_base + span_pages * PAGE_SIZE).
    PhysAddr span_base() const { return PhysAddr(m_base_page * PAGE_SIZE); }
    size_t span_pages() const { return m_span_pages; }

    // Cross-checks the free list against the bitmaps: every listed page is in the span,
    // owned and marked free, the links are consistent, there is no cycle, and the list
    // length equals the number of free bits. O(free pages); for tests and debug builds.
    // Error::Corrupt on the first mismatch.
    Result<void> verify() const;

private:
    // Overlaid on the first bytes of every free page.
    struct FreePage {
        ListNode node;
    };
    using FreeList = IntrusiveList<FreePage, &FreePage::node>;

    enum class Check { Ok, Unaligned, OutOfRange, NotOwned, AlreadyFree };
    Check check_allocated(PhysAddr page) const;
    static Error error_for(Check check);

    FreePage* page_node(size_t index) const;
    size_t index_of(PhysAddr page) const { return page.value() / PAGE_SIZE - m_base_page; }
    bool in_bookkeeping(size_t index) const;
    void release(size_t index);
    size_t find_run(size_t from, size_t limit, size_t pages, size_t align_pages) const;

    uint64_t m_direct_map_offset { 0 };
    uint64_t m_base_page { 0 };  // physical page number of bit 0
    size_t m_span_pages { 0 };
    Bitmap m_free;               // bit set = page is free (and on m_free_list)
    Bitmap m_owned;              // bit set = the allocator may hand this page out
    size_t m_bookkeeping_index { 0 }; // first span index of the bitmaps' own pages
    size_t m_bookkeeping_pages { 0 };
    FreeList m_free_list;        // its size() is the free page count
    size_t m_total_pages { 0 };
    size_t m_next_fit { 0 };     // span index where the next contiguous scan starts
    size_t m_rejected_frees { 0 };
    bool m_initialized { false };
};

} // namespace ts
