// AddressSpace: see AddressSpace.hpp.
#include "AddressSpace.hpp"

#include <arch/x86_64/Cpu.hpp>
#include <core/Processor.hpp>
#include <mm/DirectMap.hpp>
#include <mm/KernelAddressSpace.hpp>
#include <mm/Pmm.hpp>
#include <mm/TlbShootdown.hpp>

namespace ts::vmm {

namespace {

// The kernel half: PML4 entries 256..511, shared by every address space.
constexpr unsigned KERNEL_TOP_FIRST = 256;

Result<PhysAddr> allocate_zeroed(void*) { return pmm::allocate_zeroed_page(); }

// Frees are deferred until the TLBs that may still hold a page are flushed. The pending
// list lives in kernel-owned bookkeeping pages, never in the freed pages themselves:
// until the flush, another thread of the process (on any CPU, or later on this one) can
// still write a freed page through a stale TLB entry, and a link stored there would be
// corrupted (the C11 thread tests caught exactly that). A bookkeeping page holds the
// next bookkeeping page, a count, and then the pending pages.
constexpr uint64_t PENDING_NEXT = 0, PENDING_COUNT = 1, PENDING_FIRST = 2;
constexpr uint64_t PENDING_PER_PAGE = PAGE_SIZE / sizeof(uint64_t) - PENDING_FIRST;

void defer_free(void* context, PhysAddr page)
{
    auto* head = static_cast<uint64_t*>(context);
    uint64_t* book = *head ? phys_to_ptr<uint64_t>(PhysAddr(*head)) : nullptr;
    if (!book || book[PENDING_COUNT] == PENDING_PER_PAGE) {
        auto fresh = pmm::allocate_page();
        // Out of memory: the freed page itself becomes the bookkeeping page. That one page
        // is exposed to a racing stale-TLB write until the flush; nothing better can be
        // done without memory, and it is the only case that ever stores into a freed page.
        PhysAddr book_page = fresh.is_ok() ? fresh.value() : page;
        book = phys_to_ptr<uint64_t>(book_page);
        book[PENDING_NEXT] = *head;
        book[PENDING_COUNT] = 0;
        *head = book_page.value();
        if (fresh.is_error())
            return; // the page is freed with its bookkeeping page
    }
    book[PENDING_FIRST + book[PENDING_COUNT]++] = page.value();
}

// Frees every page on a pending list taken off an address space, bookkeeping included.
void free_pending(uint64_t head)
{
    while (head) {
        PhysAddr book_page(head);
        const uint64_t* book = phys_to_ptr<uint64_t>(book_page);
        for (uint64_t i = 0; i < book[PENDING_COUNT]; ++i)
            pmm::free_page(PhysAddr(book[PENDING_FIRST + i]));
        head = book[PENDING_NEXT];
        pmm::free_page(book_page);
    }
}

} // namespace

Result<NonnullRefPtr<AddressSpace>> AddressSpace::create()
{
    auto* raw = new (std::nothrow) AddressSpace();
    if (!raw)
        return Error::NoMemory;
    NonnullRefPtr<AddressSpace> space = adopt_ref(*raw);
    space->m_root = TRY(pmm::allocate_zeroed_page());
    uint64_t* mine = phys_to_ptr<uint64_t>(space->m_root);
    const uint64_t* kernel = phys_to_ptr<uint64_t>(kernel_page_table().root());
    for (unsigned i = KERNEL_TOP_FIRST; i < 512; ++i)
        mine[i] = kernel[i];
    SpinlockGuard guard(space->m_lock);
    space->m_maps = UserMappings(space->m_root,
        arch::PageTableMemory { allocate_zeroed, defer_free, &space->m_pending, boot::DIRECT_MAP_BASE });
    space->m_maps.release = release_shared;
    space->m_maps.release_context = raw;
    return space;
}

AddressSpace::~AddressSpace() TS_NO_THREAD_SAFETY_ANALYSIS
{
    // No CPU runs on these tables any more (every thread holding a reference is gone).
    m_maps.clear();
    flush_and_free(false);
    if (!m_root.is_null())
        pmm::free_page(m_root);
}

void AddressSpace::release_shared(void* context, PhysAddr, unsigned owner) TS_NO_THREAD_SAFETY_ANALYSIS
{
    // Called by m_maps under m_lock.
    auto* self = static_cast<AddressSpace*>(context);
    Owner& entry = self->m_owners[owner];
    if (--entry.pages == 0) {
        self->m_released[self->m_released_count++] = static_cast<RefPtr<MemoryObject>&&>(entry.object);
        entry.object = nullptr;
    }
}

void AddressSpace::flush_and_free(bool flush) TS_NO_THREAD_SAFETY_ANALYSIS
{
    uint64_t pending;
    RefPtr<MemoryObject> released[MAX_OWNERS];
    size_t released_count;
    {
        SpinlockGuard guard(m_lock);
        pending = m_pending;
        m_pending = 0;
        released_count = m_released_count;
        for (size_t i = 0; i < released_count; ++i)
            released[i] = static_cast<RefPtr<MemoryObject>&&>(m_released[i]);
        m_released_count = 0;
    }
    // Whoever takes pending pages flushes before freeing them, even if another caller
    // queued them: freeing first would let a stale TLB entry reach a reused page.
    if (flush || released_count || pending)
        tlb::shootdown_user(m_cpus.load());
    free_pending(pending);
    // `released` goes out of scope here, after the flush: objects may free their pages.
}

Result<uint64_t> AddressSpace::find_free(uint64_t hint, uint64_t limit, uint64_t pages)
{
    SpinlockGuard guard(m_lock);
    return m_maps.find_free(hint, limit, pages);
}

Result<void> AddressSpace::map_object(uint64_t start, uint64_t pages, Prot prot, MemoryObject& object,
    uint64_t first_index) TS_NO_THREAD_SAFETY_ANALYSIS
{
    if (pages == 0 || !is_aligned(start, PAGE_SIZE) || pages > (USER_END - USER_BASE) / PAGE_SIZE
        || !UserMappings::is_user_range(start, pages * PAGE_SIZE))
        return Error::InvalidArgument;
    MutexGuard changes(m_changes);
    // The pages first (the object may sleep to allocate them), a chunk at a time, then
    // the entries under the lock.
    constexpr uint64_t CHUNK = 64;
    PhysAddr chunk[CHUNK];
    Result<void> result;
    uint64_t mapped = 0;
    while (mapped < pages && result.is_ok()) {
        uint64_t count = pages - mapped < CHUNK ? pages - mapped : CHUNK;
        for (uint64_t i = 0; i < count && result.is_ok(); ++i) {
            auto page = object.page(first_index + mapped + i);
            if (page.is_error())
                result = page.error();
            else
                chunk[i] = page.value();
        }
        if (result.is_error())
            break;
        SpinlockGuard guard(m_lock);
        unsigned slot = 0, free_slot = 0;
        for (unsigned i = 1; i <= MAX_OWNERS; ++i) {
            if (m_owners[i].object.ptr() == &object) {
                slot = i;
                break;
            }
            if (!free_slot && !m_owners[i].object)
                free_slot = i;
        }
        if (!slot && !free_slot) {
            result = Error::Busy;
            break;
        }
        if (!slot) {
            slot = free_slot;
            m_owners[slot].object = &object;
            m_owners[slot].pages = 0;
        }
        const uint64_t base = mapped;
        for (uint64_t i = 0; i < count; ++i) {
            auto done = m_maps.map_shared(start + (base + i) * PAGE_SIZE, chunk[i], prot, slot);
            if (done.is_error()) {
                result = done.error();
                break;
            }
            ++m_owners[slot].pages;
            ++mapped;
        }
        if (m_owners[slot].pages == 0)
            m_owners[slot].object = nullptr;
    }
    if (result.is_error() && mapped)
        (void)unmap_changing(start, mapped);
    return result;
}

Result<void> AddressSpace::reserve(uint64_t start, uint64_t pages, Prot prot)
{
    MutexGuard changes(m_changes);
    Result<void> result;
    {
        SpinlockGuard guard(m_lock);
        result = m_maps.reserve(start, pages, prot);
    }
    flush_and_free(false); // a failed reserve may have returned tables
    return result;
}

Result<uint64_t> AddressSpace::reserve_anywhere(uint64_t hint, uint64_t limit, uint64_t pages, Prot prot)
{
    MutexGuard changes(m_changes);
    Result<uint64_t> result = Error::NoSpace;
    {
        SpinlockGuard guard(m_lock);
        auto start = m_maps.find_free(hint, limit, pages);
        if (start.is_ok()) {
            auto reserved = m_maps.reserve(start.value(), pages, prot);
            result = reserved.is_ok() ? Result<uint64_t>(start.value()) : Result<uint64_t>(reserved.error());
        } else {
            result = start.error();
        }
    }
    flush_and_free(false);
    return result;
}

Result<void> AddressSpace::guard(uint64_t page)
{
    SpinlockGuard guard(m_lock);
    return m_maps.guard(page);
}

Result<void> AddressSpace::unmap(uint64_t start, uint64_t pages)
{
    MutexGuard changes(m_changes);
    return unmap_changing(start, pages);
}

// unmap with m_changes held: the range stays unavailable until the flush is done.
Result<void> AddressSpace::unmap_changing(uint64_t start, uint64_t pages)
{
    Result<uint64_t> removed = Error::InvalidArgument;
    {
        SpinlockGuard guard(m_lock);
        removed = m_maps.unmap(start, pages);
    }
    // Tables may have gone even with no present page: page-walk caches can hold them,
    // so flush whenever anything was freed.
    flush_and_free(true);
    if (removed.is_error())
        return removed.error();
    return {};
}

Result<void> AddressSpace::protect(uint64_t start, uint64_t pages, Prot prot)
{
    MutexGuard changes(m_changes);
    Result<bool> changed = Error::InvalidArgument;
    {
        SpinlockGuard guard(m_lock);
        changed = m_maps.protect(start, pages, prot);
    }
    flush_and_free(changed.is_ok() && changed.value());
    if (changed.is_error())
        return changed.error();
    return {};
}

Result<PhysAddr> AddressSpace::populate(uint64_t page)
{
    SpinlockGuard guard(m_lock);
    return m_maps.populate(page);
}

FaultResult AddressSpace::fault(uint64_t address, Access access)
{
    SpinlockGuard guard(m_lock);
    return m_maps.fault(address, access);
}

UserMappings::PageInfo AddressSpace::query(uint64_t page)
{
    SpinlockGuard guard(m_lock);
    return m_maps.query(page);
}

Counters AddressSpace::counters()
{
    SpinlockGuard guard(m_lock);
    return m_maps.counters();
}

void switch_address_space(AddressSpace* from, AddressSpace* to)
{
    const uint32_t cpu = this_processor().index;
    if (from)
        from->unloaded_from(cpu);
    if (to)
        to->loaded_on(cpu);
    arch::write_cr3(to ? to->root().value() : kernel_page_table().root().value());
}

} // namespace ts::vmm
