// PageTable: x86_64 4-level page tables, edited through the direct map.
// Layer: arch facade, hardware-free apart from TLB invalidation, which the caller does
// (mm/ knows whether an address space is loaded and on which CPUs). Host-tested over a
// buffer standing in for physical memory.
// Ref: Intel SDM Vol. 3A §4.5 (4-level paging), Table 4-15..4-20 (entry formats).
#pragma once

#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

namespace ts::arch {

// Architecture-neutral mapping attributes, translated to entry bits here.
enum class PageFlags : uint32_t {
    None = 0,
    Write = 1 << 0,
    Execute = 1 << 1,
    User = 1 << 2,
    Global = 1 << 3,
    Uncached = 1 << 4,
};
constexpr PageFlags operator|(PageFlags a, PageFlags b) { return PageFlags(uint32_t(a) | uint32_t(b)); }
constexpr bool has_flag(PageFlags set, PageFlags flag) { return (uint32_t(set) & uint32_t(flag)) != 0; }

enum class PageSize : uint64_t { Small = 4096, Large = 2 * 1024 * 1024 };

// Where page-table pages come from: allocate returns a zeroed page, free takes it back.
struct PageTableMemory {
    Result<PhysAddr> (*allocate)(void* context);
    void (*free)(void* context, PhysAddr page);
    void* context;
    uint64_t direct_map_offset; // virtual = physical + offset
};

class PageTable {
public:
    PageTable() = default;
    PageTable(PhysAddr root, const PageTableMemory& memory) : m_root(root), m_memory(memory) {}

    // Allocates an empty top-level table.
    static Result<PageTable> create(const PageTableMemory& memory);

    PhysAddr root() const { return m_root; }

    // Whether leaf entries may carry the no-execute bit (EFER.NXE on; the bit is reserved
    // otherwise). Set once at boot from CPUID; defaults to true.
    static void set_nx_supported(bool supported);

    // Maps one page. Fails with Exists if something is mapped there already and with
    // Unaligned for misaligned addresses; intermediate tables are created on demand.
    Result<void> map(VirtAddr virt, PhysAddr phys, PageFlags flags, PageSize size = PageSize::Small);
    // Removes one page's mapping and returns what it mapped (NotFound if nothing). Empty
    // intermediate tables are not freed here; destroy() frees everything at the end.
    Result<PhysAddr> unmap(VirtAddr virt);
    // Changes the attributes of a mapped page.
    Result<void> protect(VirtAddr virt, PageFlags flags);

    struct Translation {
        PhysAddr phys;
        PageFlags flags;
        PageSize size;
    };
    Result<Translation> translate(VirtAddr virt) const;

    // Frees every table page reachable from the root below `top_index` in the top level
    // (the entries above are shared kernel tables), then the root itself. Mapped pages
    // themselves are not freed.
    void destroy(unsigned top_index = 512);

    // Gives every empty top-level entry in [first, 512) an empty table, so that copies of
    // those entries (share_top_entries) see every later mapping below them.
    Result<void> populate_top_entries(unsigned first);

    // Copies the top-level entries [first, 512) from another table (how new address spaces
    // share the kernel's half).
    void share_top_entries(const PageTable& from, unsigned first);

private:
    uint64_t* table_at(PhysAddr phys) const
    {
        return reinterpret_cast<uint64_t*>(phys.value() + m_memory.direct_map_offset);
    }
    // Returns the leaf entry for virt, creating tables when `create` is set; null when
    // absent (or when a large page sits above the requested level).
    uint64_t* walk(VirtAddr virt, unsigned leaf_level, bool create, Error* error);
    void destroy_level(PhysAddr table, unsigned level, unsigned limit);
    // The leaf entry mapping virt, and what it maps.
    Result<uint64_t*> leaf_entry(VirtAddr virt, Translation& found);

    PhysAddr m_root;
    PageTableMemory m_memory {};
};

} // namespace ts::arch
