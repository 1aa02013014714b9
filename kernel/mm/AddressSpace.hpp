// AddressSpace: a process's page tables: the kernel half shared with every other address
// space, the user half described by its own entries (UserMappings.hpp).
// Layer: mm. One spinlock (rank AddressSpace) serialises changes and faults; TLB
// invalidation happens after the lock is dropped and before any page the change freed is
// reused: freed pages wait on a list threaded through the pages themselves until every CPU
// that had the address space loaded has flushed (tlb::shootdown_user to exactly those
// CPUs).
//
// Lifetime: reference counted; each user thread holds one, so the tables outlive every
// CPU that could still be running on them.
#pragma once

#include <lib/Atomic.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <sched/Mutex.hpp>
#include <sched/Spinlock.hpp>

#include "MemoryObject.hpp"
#include "UserMappings.hpp"

namespace ts::vmm {

class AddressSpace : public RefCounted<AddressSpace> {
public:
    static Result<NonnullRefPtr<AddressSpace>> create();
    ~AddressSpace();

    PhysAddr root() const { return m_root; }

    Result<void> reserve(uint64_t start, uint64_t pages, Prot prot);
    // Reserves `pages` at the lowest free address >= hint (below `limit`); returns it.
    Result<uint64_t> reserve_anywhere(uint64_t hint, uint64_t limit, uint64_t pages, Prot prot);
    Result<void> guard(uint64_t page);
    // Maps pages [first_index, first_index + pages) of `object` at `start` (which must be
    // free), shared: writes show in every address space that maps them. Busy when the
    // address space already maps MAX_OWNERS other objects.
    Result<void> map_object(uint64_t start, uint64_t pages, Prot prot, MemoryObject& object, uint64_t first_index);
    // A free range of `pages` at or above hint, below limit (nothing is reserved).
    Result<uint64_t> find_free(uint64_t hint, uint64_t limit, uint64_t pages);
    Result<void> unmap(uint64_t start, uint64_t pages);
    Result<void> protect(uint64_t start, uint64_t pages, Prot prot);
    // The page behind a user page, populated if reserved (for the kernel to fill).
    Result<PhysAddr> populate(uint64_t page);
    FaultResult fault(uint64_t address, Access access);
    UserMappings::PageInfo query(uint64_t page);
    Counters counters();

    // Scheduler hooks: this CPU starts or stops running threads of this address space.
    void loaded_on(uint32_t cpu) { m_cpus.fetch_or(1ull << cpu); }
    void unloaded_from(uint32_t cpu) { m_cpus.fetch_and(~(1ull << cpu)); }

private:
    AddressSpace() = default;
    // Invalidates stale translations everywhere, then frees what the change released.
    void flush_and_free(bool flush);

    Spinlock m_lock { LockRank::AddressSpace };
    // Serialises the calls that change which ranges are mapped (reserve, map_object,
    // unmap, protect) across their TLB flush, so a range another thread has just
    // unmapped cannot be handed out again while some CPU may still hold stale TLB
    // entries for it. Faults and populate take only m_lock. Taken before m_lock.
    Mutex m_changes;
    Result<void> unmap_changing(uint64_t start, uint64_t pages);
    UserMappings m_maps TS_GUARDED_BY(m_lock);
    PhysAddr m_root;
    Atomic<uint64_t> m_cpus { 0 }; // CPUs with this address space in CR3
    // Pages freed by recent changes, waiting for the flush: a chain of kernel-owned
    // bookkeeping pages (AddressSpace.cpp, defer_free). Guarded by m_lock until taken;
    // whoever takes it flushes the TLBs before freeing anything on it.
    uint64_t m_pending TS_GUARDED_BY(m_lock) { 0 };

    // Objects with pages mapped here: the index is what the entries store (1..MAX_OWNERS;
    // slot 0 unused). An object whose last page goes moves to m_released, dropped only
    // after the TLB flush.
    struct Owner {
        RefPtr<MemoryObject> object;
        uint64_t pages { 0 };
    };
    Owner m_owners[MAX_OWNERS + 1] TS_GUARDED_BY(m_lock);
    RefPtr<MemoryObject> m_released[MAX_OWNERS] TS_GUARDED_BY(m_lock);
    size_t m_released_count TS_GUARDED_BY(m_lock) { 0 };
    static void release_shared(void* context, PhysAddr page, unsigned owner);
};

// Loads `to`'s tables on this CPU (the kernel's alone when null). Interrupts off.
void switch_address_space(AddressSpace* from, AddressSpace* to);

} // namespace ts::vmm
