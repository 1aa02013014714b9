// PageTables: building the loader's hand-off page tables. Part of bootloader/.
#include "PageTables.hpp"

#include <arch/x86_64/BootInfo.hpp>
#include <lib/Math.hpp>

#include "Fatal.hpp"
#include "Firmware.hpp"

namespace ts::loader {

namespace {

// Ref: Intel SDM Vol. 3A §4.5, Tables 4-15 to 4-20 (bits shared by all levels)
constexpr uint64_t PTE_PRESENT = 1ull << 0;
constexpr uint64_t PTE_WRITABLE = 1ull << 1;
constexpr uint64_t PTE_LARGE = 1ull << 7; // PS: this PDE maps a 2 MiB page
constexpr uint64_t PTE_ADDRESS = 0x000ffffffffff000ull;

constexpr uint64_t ENTRIES_PER_TABLE = 512;
constexpr uint64_t LARGE_PAGE_SIZE = 2 * MiB;
constexpr uint64_t PDPT_SPAN = 512 * GiB; // what one PML4 entry covers

// The direct map reuses the identity map's PDPTs, which only works if it starts on a
// PML4-entry boundary.
static_assert(boot::DIRECT_MAP_BASE % PDPT_SPAN == 0);
constexpr unsigned DIRECT_MAP_PML4_INDEX = (boot::DIRECT_MAP_BASE >> 39) & 511;

enum class Level : unsigned { Pt = 0, Pd = 1, Pdpt = 2, Pml4 = 3 };

unsigned index_at(uint64_t virt, Level level)
{
    return (virt >> (12 + 9 * static_cast<unsigned>(level))) & (ENTRIES_PER_TABLE - 1);
}

// Hands out zeroed 4 KiB tables from one pre-sized run, so building the tables costs
// one AllocatePages() call.
class TableBuilder {
public:
    TableBuilder(uint64_t pool_phys, uint64_t pool_pages)
        : m_pool_phys(pool_phys)
        , m_pool_pages(pool_pages)
    {
        m_pml4 = new_table();
    }

    uint64_t pml4() const { return m_pml4; }

    void map_large(uint64_t virt, uint64_t phys)
    {
        uint64_t* pd = walk(virt, Level::Pd);
        pd[index_at(virt, Level::Pd)] = phys | PTE_PRESENT | PTE_WRITABLE | PTE_LARGE;
    }

    void map_small(uint64_t virt, uint64_t phys)
    {
        uint64_t* pt = walk(virt, Level::Pt);
        pt[index_at(virt, Level::Pt)] = phys | PTE_PRESENT | PTE_WRITABLE;
    }

    void copy_pml4_entries(unsigned from, unsigned to, unsigned count)
    {
        uint64_t* pml4 = table(m_pml4);
        for (unsigned i = 0; i < count; ++i)
            pml4[to + i] = pml4[from + i];
    }

private:
    static uint64_t* table(uint64_t phys) { return phys_to_ptr<uint64_t>(phys); }

    uint64_t new_table()
    {
        // The pool is sized from the request, so running out is a bug in that sizing.
        if (m_used == m_pool_pages)
            fatal("internal error: page table pool of %llu pages exhausted", static_cast<unsigned long long>(m_pool_pages));
        return m_pool_phys + m_used++ * PAGE_SIZE; // the pool was zeroed when allocated
    }

    // Returns the table at `target` level for `virt`, creating intermediate tables.
    uint64_t* walk(uint64_t virt, Level target)
    {
        uint64_t* current = table(m_pml4);
        for (unsigned level = static_cast<unsigned>(Level::Pml4); level > static_cast<unsigned>(target); --level) {
            uint64_t& entry = current[index_at(virt, static_cast<Level>(level))];
            if (!(entry & PTE_PRESENT))
                entry = new_table() | PTE_PRESENT | PTE_WRITABLE;
            current = table(entry & PTE_ADDRESS);
        }
        return current;
    }

    uint64_t m_pool_phys;
    uint64_t m_pool_pages;
    uint64_t m_used { 0 };
    uint64_t m_pml4 { 0 };
};

} // namespace

uint64_t build_page_tables(const PageTableRequest& request)
{
    if (request.direct_map_size == 0 || request.direct_map_size % GiB != 0)
        fatal("internal error: direct map size 0x%llx is not a multiple of 1 GiB",
            static_cast<unsigned long long>(request.direct_map_size));
    if (request.direct_map_size > MAX_DIRECT_MAP_SIZE)
        fatal("the physical address space (%llu GiB) is larger than the %llu GiB the direct map can hold",
            static_cast<unsigned long long>(request.direct_map_size / GiB),
            static_cast<unsigned long long>(MAX_DIRECT_MAP_SIZE / GiB));

    // One PD per GiB and one PDPT per 512 GiB serve both the identity and the direct
    // map. The kernel span (at most 1 GiB, not necessarily aligned) touches one PDPT,
    // at most size/1GiB + 2 PDs and size/2MiB + 2 PTs.
    const uint64_t gigabytes = request.direct_map_size / GiB;
    const uint64_t pdpts = div_round_up(gigabytes, 512);
    const uint64_t kernel_tables = 1 + (request.kernel_size / GiB + 2) + (request.kernel_size / LARGE_PAGE_SIZE + 2);
    const uint64_t pool_pages = 1 + pdpts + gigabytes + kernel_tables;

    const uint64_t pool = allocate_zeroed_pages(pool_pages, OsMemoryType::BootloaderReclaimable, "page tables");
    TableBuilder builder(pool, pool_pages);

    for (uint64_t phys = 0; phys < request.direct_map_size; phys += LARGE_PAGE_SIZE)
        builder.map_large(phys, phys);
    builder.copy_pml4_entries(0, DIRECT_MAP_PML4_INDEX, static_cast<unsigned>(pdpts));

    for (uint64_t offset = 0; offset < request.kernel_size; offset += PAGE_SIZE)
        builder.map_small(request.kernel_virt + offset, request.kernel_phys + offset);

    return builder.pml4();
}

} // namespace ts::loader
