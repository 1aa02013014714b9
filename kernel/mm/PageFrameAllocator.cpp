// PageFrameAllocator: free list + bitmap physical page allocator. See the header for the
// contract and docs/kernel/memory.md for the design. Part of kernel/mm; calls kernel/lib
// only and touches memory solely through the direct map it was given.
#include "PageFrameAllocator.hpp"

#include <new>

#include "lib/Math.hpp"

namespace ts {

namespace {

using boot::MemoryRegion;
using boot::MemoryType;

// x86_64 physical addresses have at most 52 bits (Ref: Intel SDM Vol. 3A §4.1.4), so a
// map entry beyond that is garbage. Keeping page numbers below 2^40 also keeps every
// alignment computation below free of overflow.
constexpr uint64_t MAX_PHYS_PAGE = uint64_t(1) << 40;

// The span must cover everything that may ever be handed to the allocator: Usable
// memory now, the reclaimable kinds later through add_free_range().
bool is_spanned(MemoryType type)
{
    switch (type) {
    case MemoryType::Usable:
    case MemoryType::BootloaderReclaimable:
    case MemoryType::FirmwareReclaimable:
    case MemoryType::AcpiReclaimable:
        return true;
    default:
        return false;
    }
}

// [first, end) in page numbers; false when the entry is malformed or out of range.
bool region_pages(const MemoryRegion& region, uint64_t* first, uint64_t* end)
{
    if (!is_aligned(region.base, PAGE_SIZE))
        return false;
    *first = region.base / PAGE_SIZE;
    if (*first >= MAX_PHYS_PAGE || region.pages > MAX_PHYS_PAGE - *first)
        return false;
    *end = *first + region.pages;
    return true;
}

// First clear bit in [start, end) or `end`. Bitmap::find_first_clear() would do, but it
// keeps scanning past `end` to the end of the bitmap, which on a mostly free machine
// turns every successful run check into a walk over the whole span.
size_t first_clear_in(const Bitmap& bitmap, size_t start, size_t end)
{
    const uint64_t* words = bitmap.words();
    size_t i = start;
    while (i < end) {
        size_t w = i / 64;
        uint64_t clear = ~words[w] & (~uint64_t(0) << (i % 64));
        if (clear != 0) {
            size_t index = w * 64 + count_trailing_zeros(clear);
            return index < end ? index : end;
        }
        i = (w + 1) * 64;
    }
    return end;
}

} // namespace

Result<void> PageFrameAllocator::init(const MemoryRegion* regions, size_t count, uint64_t direct_map_offset)
{
    if (m_initialized)
        return Error::Busy;
    if (count != 0 && regions == nullptr)
        return Error::InvalidArgument;

    // Validate the whole map before writing anything, so a refused map leaves both this
    // object and physical memory untouched.
    uint64_t span_first = ~uint64_t(0), span_end = 0;
    uint64_t usable_pages = 0;
    for (size_t i = 0; i < count; ++i) {
        if (regions[i].pages == 0)
            continue;
        uint64_t first = 0, end = 0;
        if (!region_pages(regions[i], &first, &end))
            return Error::BadFormat;
        // Firmware maps are short (tens to a few hundred entries), so the quadratic
        // overlap check costs nothing and saves us from needing the map sorted.
        for (size_t j = 0; j < i; ++j) {
            uint64_t other_first = 0, other_end = 0;
            if (regions[j].pages == 0 || !region_pages(regions[j], &other_first, &other_end))
                continue;
            if (first < other_end && other_first < end)
                return Error::BadFormat;
        }
        if (is_spanned(regions[i].type)) {
            span_first = min(span_first, first);
            span_end = max(span_end, end);
        }
        if (regions[i].type == MemoryType::Usable)
            usable_pages += regions[i].pages - (first == 0 ? 1 : 0);
    }
    if (usable_pages == 0)
        return Error::NoMemory;

    size_t span_pages = span_end - span_first;
    size_t words = Bitmap::words_for(span_pages);
    size_t bookkeeping_pages = div_round_up(2 * words * sizeof(uint64_t), PAGE_SIZE);
    if (usable_pages <= bookkeeping_pages)
        return Error::NoMemory;

    // The bitmaps go at the top of the highest Usable region that holds them: low memory
    // is the scarce kind (the SMP trampoline needs pages below 1 MiB, old DMA engines below
    // 16 MiB), so the allocator's own data should stay out of it.
    uint64_t bookkeeping_first = 0;
    bool placed = false;
    for (size_t i = 0; i < count; ++i) {
        if (regions[i].type != MemoryType::Usable || regions[i].pages == 0)
            continue;
        uint64_t first = 0, end = 0;
        (void)region_pages(regions[i], &first, &end); // validated above
        uint64_t available = end - first - (first == 0 ? 1 : 0);
        if (available >= bookkeeping_pages && (!placed || first > bookkeeping_first)) {
            bookkeeping_first = end - bookkeeping_pages;
            placed = true;
        }
    }
    if (!placed)
        return Error::NoMemory;

    // Commit.
    m_direct_map_offset = direct_map_offset;
    m_base_page = span_first;
    m_span_pages = span_pages;
    auto* bitmap_words = reinterpret_cast<uint64_t*>(bookkeeping_first * PAGE_SIZE + direct_map_offset);
    m_free = Bitmap(bitmap_words, span_pages);
    m_owned = Bitmap(bitmap_words + words, span_pages);
    m_free.fill(false);
    m_owned.fill(false);
    m_bookkeeping_index = bookkeeping_first - span_first;
    m_bookkeeping_pages = bookkeeping_pages;

    // Pushing each page to the front in ascending order leaves the highest address at the
    // head of the list, so single pages are taken from the top of memory while the
    // contiguous scan starts at the bottom; the two kinds of request then fragment each
    // other less.
    for (size_t i = 0; i < count; ++i) {
        if (regions[i].type != MemoryType::Usable || regions[i].pages == 0)
            continue;
        uint64_t first = 0, end = 0;
        (void)region_pages(regions[i], &first, &end);
        for (uint64_t page = first; page < end; ++page) {
            size_t index = page - m_base_page;
            if (page == 0 || in_bookkeeping(index))
                continue;
            m_owned.set(index);
            release(index);
        }
    }
    m_total_pages = m_free_list.size();
    m_next_fit = 0;
    m_initialized = true;
    return {};
}

Result<void> PageFrameAllocator::add_free_range(PhysAddr base, size_t pages)
{
    if (!m_initialized)
        return Error::InvalidArgument;
    if (pages == 0)
        return {};
    if (!base.is_page_aligned())
        return Error::Unaligned;
    uint64_t first = base.value() / PAGE_SIZE;
    if (first < m_base_page || first - m_base_page >= m_span_pages || pages > m_span_pages - (first - m_base_page))
        return Error::OutOfRange;
    size_t start = first - m_base_page;
    if (start < m_bookkeeping_index + m_bookkeeping_pages && m_bookkeeping_index < start + pages)
        return Error::Busy;
    for (size_t index = start; index < start + pages; ++index) {
        if (m_owned.get(index))
            return Error::Exists;
    }

    for (size_t index = start; index < start + pages; ++index) {
        if (m_base_page + index == 0)
            continue;
        m_owned.set(index);
        release(index);
        ++m_total_pages;
    }
    return {};
}

Result<PhysAddr> PageFrameAllocator::allocate_page()
{
    FreePage* page = m_free_list.pop_front();
    if (!page)
        return Error::NoMemory;
    PhysAddr phys(reinterpret_cast<uint64_t>(page) - m_direct_map_offset);
    m_free.clear(index_of(phys));
    return phys;
}

Result<void> PageFrameAllocator::free_page(PhysAddr page)
{
    Check check = check_allocated(page);
    if (check != Check::Ok) {
        ++m_rejected_frees;
        return error_for(check);
    }
    release(index_of(page));
    return {};
}

Result<PhysAddr> PageFrameAllocator::allocate_contiguous(size_t pages, size_t align_pages)
{
    if (pages == 0 || !is_power_of_two(align_pages) || align_pages > MAX_PHYS_PAGE)
        return Error::InvalidArgument;
    if (pages > m_free_list.size())
        return Error::NoMemory;

    // Next fit: resume after the previous run, then wrap around to cover the rest.
    size_t start = m_next_fit < m_span_pages ? m_next_fit : 0;
    size_t index = find_run(start, m_span_pages, pages, align_pages);
    if (index == Bitmap::npos && start > 0)
        index = find_run(0, start, pages, align_pages);
    if (index == Bitmap::npos)
        return Error::NoMemory;

    for (size_t i = index; i < index + pages; ++i) {
        m_free.clear(i);
        m_free_list.remove(*page_node(i));
    }
    m_next_fit = index + pages;
    return PhysAddr((m_base_page + index) * PAGE_SIZE);
}

Result<void> PageFrameAllocator::claim_range(PhysAddr base, size_t pages)
{
    if (!base.is_page_aligned() || pages == 0)
        return Error::InvalidArgument;
    if (base.value() / PAGE_SIZE < m_base_page || base.value() / PAGE_SIZE - m_base_page + pages > m_span_pages)
        return Error::OutOfRange;
    size_t first = index_of(base);
    for (size_t i = first; i < first + pages; ++i) {
        if (!m_free.get(i))
            return Error::Busy;
    }
    for (size_t i = first; i < first + pages; ++i) {
        m_free.clear(i);
        m_free_list.remove(*page_node(i));
    }
    return {};
}

Result<void> PageFrameAllocator::free_contiguous(PhysAddr base, size_t pages)
{
    if (pages == 0) {
        ++m_rejected_frees;
        return Error::InvalidArgument;
    }
    // Bounding the count first also keeps base + i * PAGE_SIZE below from wrapping.
    Check check = pages > m_span_pages ? Check::OutOfRange : Check::Ok;
    for (size_t i = 0; check == Check::Ok && i < pages; ++i)
        check = check_allocated(base + i * PAGE_SIZE);
    if (check != Check::Ok) {
        ++m_rejected_frees;
        return error_for(check);
    }
    for (size_t i = 0; i < pages; ++i)
        release(index_of(base + i * PAGE_SIZE));
    return {};
}

PageFrameAllocator::Stats PageFrameAllocator::stats() const
{
    return Stats {
        .total_pages = m_total_pages,
        .free_pages = m_free_list.size(),
        .bookkeeping_pages = m_bookkeeping_pages,
        .rejected_frees = m_rejected_frees,
    };
}

bool PageFrameAllocator::is_free(PhysAddr page) const
{
    if (!page.is_page_aligned() || page.value() / PAGE_SIZE < m_base_page)
        return false;
    size_t index = index_of(page);
    return index < m_span_pages && m_free.get(index);
}

Result<void> PageFrameAllocator::verify() const
{
    size_t listed = 0;
    for (const FreePage& page : m_free_list) {
        // A cycle that misses the head would loop forever; the count bounds the walk.
        if (++listed > m_free_list.size())
            return Error::Corrupt;
        if (page.node.next->prev != &page.node || page.node.prev->next != &page.node)
            return Error::Corrupt;
        uint64_t address = reinterpret_cast<uint64_t>(&page) - m_direct_map_offset;
        if (!is_aligned(address, PAGE_SIZE) || address / PAGE_SIZE < m_base_page)
            return Error::Corrupt;
        size_t index = index_of(PhysAddr(address));
        if (index >= m_span_pages || !m_free.get(index) || !m_owned.get(index))
            return Error::Corrupt;
    }
    if (listed != m_free_list.size() || m_free.count_set() != listed)
        return Error::Corrupt;
    // Free implies owned, and the bookkeeping is neither.
    for (size_t w = 0; w < Bitmap::words_for(m_span_pages); ++w) {
        if ((m_free.words()[w] & ~m_owned.words()[w]) != 0)
            return Error::Corrupt;
    }
    for (size_t i = 0; i < m_bookkeeping_pages; ++i) {
        if (m_owned.get(m_bookkeeping_index + i))
            return Error::Corrupt;
    }
    if (m_owned.count_set() != m_total_pages)
        return Error::Corrupt;
    return {};
}

PageFrameAllocator::Check PageFrameAllocator::check_allocated(PhysAddr page) const
{
    if (!page.is_page_aligned())
        return Check::Unaligned;
    if (page.value() / PAGE_SIZE < m_base_page || index_of(page) >= m_span_pages)
        return Check::OutOfRange;
    size_t index = index_of(page);
    if (!m_owned.get(index))
        return Check::NotOwned;
    if (m_free.get(index))
        return Check::AlreadyFree;
    return Check::Ok;
}

Error PageFrameAllocator::error_for(Check check)
{
    switch (check) {
    case Check::Unaligned:
        return Error::Unaligned;
    case Check::OutOfRange:
        return Error::OutOfRange;
    case Check::NotOwned:
        return Error::Permission;
    case Check::AlreadyFree:
    case Check::Ok:
        break;
    }
    return Error::InvalidArgument;
}

PageFrameAllocator::FreePage* PageFrameAllocator::page_node(size_t index) const
{
    return reinterpret_cast<FreePage*>((m_base_page + index) * PAGE_SIZE + m_direct_map_offset);
}

bool PageFrameAllocator::in_bookkeeping(size_t index) const
{
    return index >= m_bookkeeping_index && index - m_bookkeeping_index < m_bookkeeping_pages;
}

void PageFrameAllocator::release(size_t index)
{
    // The page's first bytes become a list node; placement new starts its lifetime.
    auto* node = new (page_node(index)) FreePage;
    m_free.set(index);
    m_free_list.push_front(*node);
}

size_t PageFrameAllocator::find_run(size_t from, size_t limit, size_t pages, size_t align_pages) const
{
    if (pages > m_span_pages)
        return Bitmap::npos;
    size_t index = from;
    while (index < limit) {
        index = m_free.find_first_set(index);
        if (index == Bitmap::npos || index >= limit)
            return Bitmap::npos;
        // Alignment is of the physical page number, not of the span index.
        index = align_up(m_base_page + index, align_pages) - m_base_page;
        if (index >= limit || index > m_span_pages - pages)
            return Bitmap::npos;
        size_t clear = first_clear_in(m_free, index, index + pages);
        if (clear == index + pages)
            return index;
        index = clear + 1;
    }
    return Bitmap::npos;
}

} // namespace ts
