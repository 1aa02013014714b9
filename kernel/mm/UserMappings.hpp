// UserMappings: the user half of an address space, with the page tables as the only
// record of what is mapped. Layer: mm, hardware-free (tables are edited through the
// direct map offset in PageTableMemory, so host tests run it over a buffer).
//
// There is no region tree. Every fact about a user page lives in its page-table entry:
//   present leaf        P=1, U=1, W and NX as the protection says, SW_SHARED when the
//                       page belongs to someone else (shared memory) and unmap releases
//                       it instead of freeing it; bits 52-59 then name its owner, an index
//                       1..MAX_OWNERS into the address space's table of mapped objects,
//                       so the owner is found from the entry alone.
//   reserved (lazy)     P=0, SW_LAZY, the protection in W and NX: demand-zero memory
//                       nobody has touched. A lazy entry may sit at any level: one PDPT
//                       entry reserves 1 GiB, one PD entry 2 MiB, so reserving costs O(1)
//                       per aligned block and untouched memory costs no page at all.
//   guard               P=0, SW_GUARD, at the leaf: never populated (stack guards).
//   empty               0.
// A fault on a lazy page splits lazy tables on the way down (a new table of 512 lazy
// entries), takes a zeroed page and maps it. The CPU ignores every bit of a non-present
// entry but bit 0, so the encoding of the software states is ours.
// Ref: Intel SDM Vol. 3A §4.5 (entry formats; "ignored" bits 9-11 and 52-58 in present
// entries, all bits but P in non-present ones).
//
// Not thread-safe: AddressSpace (the kernel glue) serialises calls with its lock. TLB
// invalidation is the caller's: operations report whether a present page changed.
#pragma once

#include <cstddef>
#include <cstdint>

#include <arch/x86_64/PageTable.hpp>
#include <lib/Addr.hpp>
#include <lib/Result.hpp>

namespace ts::vmm {

// The user half: [USER_BASE, USER_END). Page 0 stays empty so null pointers fault, and the
// last page below the canonical hole stays empty so sysret never returns to an address
// whose next instruction is non-canonical.
inline constexpr uint64_t USER_BASE = 0x1000;
inline constexpr uint64_t USER_END = 0x0000'7fff'ffff'f000;
// Owners of shared pages one address space can tell apart (8 entry bits).
inline constexpr unsigned MAX_OWNERS = 255;

enum class Prot : uint8_t {
    None = 0,
    Read = 1 << 0,
    Write = 1 << 1,
    Execute = 1 << 2,
    ReadWrite = Read | Write,
    ReadExecute = Read | Execute,
};
constexpr Prot operator|(Prot a, Prot b) { return Prot(uint8_t(a) | uint8_t(b)); }
constexpr bool has_prot(Prot set, Prot p) { return (uint8_t(set) & uint8_t(p)) == uint8_t(p); }

enum class Access : uint8_t { Read, Write, Execute };

enum class FaultResult : uint8_t {
    Populated,  // a zeroed page now backs the address
    Spurious,   // already mapped with enough rights (another CPU got there first)
    NotMapped,  // nothing reserved there
    Denied,     // mapped, but the access needs a right the page lacks
    Guard,      // a guard page
    NoMemory,   // reserved, but no page could be had
};

struct Counters {
    uint64_t resident;   // present leaf pages (owned or shared)
    uint64_t tables;     // page-table pages below the root
};

class UserMappings {
public:
    UserMappings() = default;
    // `root` is the address space's top-level table; only entries 0..255 are touched.
    UserMappings(PhysAddr root, const arch::PageTableMemory& memory) : m_root(root), m_memory(memory) {}

    static bool is_user_range(uint64_t start, uint64_t length)
    {
        return start >= USER_BASE && start < USER_END && length <= USER_END - start;
    }

    // Reserves [start, start + pages * 4 KiB) as demand-zero memory with `prot`. Fails
    // with Exists if any page there is in use (nothing changes then), InvalidArgument for a
    // range outside user space or unaligned, NoMemory (with nothing changed) when tables
    // run out.
    Result<void> reserve(uint64_t start, uint64_t pages, Prot prot);
    // Marks one page as a guard page (it must be empty).
    Result<void> guard(uint64_t page);
    // Maps a page someone else owns (SW_SHARED, `owner` in 1..MAX_OWNERS); unmap
    // releases it through `release`.
    Result<void> map_shared(uint64_t page, PhysAddr phys, Prot prot, unsigned owner);

    // Handles an access that faulted at `address`.
    FaultResult fault(uint64_t address, Access access);
    // The physical page behind a reserved or mapped page, populating it if needed (how the
    // kernel fills memory it is about to hand over, e.g. ELF segments). NotFound if
    // nothing is reserved there.
    Result<PhysAddr> populate(uint64_t page);

    // Removes every mapping in the range (holes are fine). Owned pages go back through
    // memory.free, shared ones through `release`. Returns how many present pages were
    // removed: non-zero means the TLBs must be flushed.
    Result<uint64_t> unmap(uint64_t start, uint64_t pages);
    // Changes the protection of a fully mapped range (NotFound if any page is empty).
    // Returns whether a present page changed.
    Result<bool> protect(uint64_t start, uint64_t pages, Prot prot);

    // The lowest address >= hint (page aligned) where `pages` empty pages start, within
    // [hint, limit). NoSpace if none.
    Result<uint64_t> find_free(uint64_t hint, uint64_t limit, uint64_t pages) const;

    // What a page holds: Prot::None with `mapped` false when empty.
    struct PageInfo {
        bool mapped;
        bool present;
        bool guard;
        Prot prot;
        PhysAddr phys;
        unsigned owner; // of a shared page; 0 for the address space's own
    };
    PageInfo query(uint64_t page) const;

    // Frees everything in the user half (pages and tables); the root itself stays.
    void clear();

    const Counters& counters() const { return m_counters; }

    // Release callback for shared pages, with the owner index map_shared stored.
    void (*release)(void* context, PhysAddr page, unsigned owner) { nullptr };
    void* release_context { nullptr };

private:
    uint64_t* table_at(PhysAddr phys) const
    {
        return reinterpret_cast<uint64_t*>(phys.value() + m_memory.direct_map_offset);
    }
    bool range_is_empty(const uint64_t* table, unsigned level, uint64_t base, uint64_t start, uint64_t end) const;
    Result<void> fill(uint64_t* table, unsigned level, uint64_t base, uint64_t start, uint64_t end, uint64_t marker);
    Result<void> split(uint64_t& entry);
    uint64_t unmap_level(uint64_t* table, unsigned level, uint64_t base, uint64_t start, uint64_t end, Error* error,
        bool* failed);
    uint64_t free_subtree(uint64_t entry, unsigned level);
    void release_leaf(uint64_t entry);
    Result<bool> protect_level(uint64_t* table, unsigned level, uint64_t base, uint64_t start, uint64_t end, Prot prot);
    // The leaf entry for `page`, splitting lazy tables and creating empty ones as asked.
    uint64_t* leaf(uint64_t page, bool create, Error* error);

    PhysAddr m_root;
    arch::PageTableMemory m_memory {};
    Counters m_counters {};
};

// Whether leaf entries may carry NX (EFER.NXE on). Set once at boot; defaults to true.
void set_user_nx_supported(bool supported);

} // namespace ts::vmm
