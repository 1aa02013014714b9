// PageTable: see PageTable.hpp.
#include "PageTable.hpp"

namespace ts::arch {

namespace {

// Entry bits. Ref: Intel SDM Vol. 3A §4.5, Tables 4-15 to 4-20.
constexpr uint64_t PTE_PRESENT = 1ull << 0;
constexpr uint64_t PTE_WRITE = 1ull << 1;
constexpr uint64_t PTE_USER = 1ull << 2;
constexpr uint64_t PTE_PWT = 1ull << 3;
constexpr uint64_t PTE_PCD = 1ull << 4;
constexpr uint64_t PTE_LARGE = 1ull << 7; // PS in a PDE or PDPTE
constexpr uint64_t PTE_GLOBAL = 1ull << 8;
constexpr uint64_t PTE_NX = 1ull << 63;
constexpr uint64_t PTE_ADDRESS = 0x000ffffffffff000ull;

// Level 3 = PML4, 2 = PDPT, 1 = page directory, 0 = page table.
bool g_nx_supported = true;

unsigned index_at(VirtAddr virt, unsigned level) { return (virt.value() >> (12 + 9 * level)) & 0x1ff; }

uint64_t leaf_bits(PageFlags flags)
{
    uint64_t bits = PTE_PRESENT;
    if (has_flag(flags, PageFlags::Write))
        bits |= PTE_WRITE;
    if (has_flag(flags, PageFlags::User))
        bits |= PTE_USER;
    if (has_flag(flags, PageFlags::Global))
        bits |= PTE_GLOBAL;
    if (has_flag(flags, PageFlags::Uncached))
        bits |= PTE_PCD | PTE_PWT;
    if (!has_flag(flags, PageFlags::Execute) && g_nx_supported)
        bits |= PTE_NX;
    return bits;
}

PageFlags flags_of(uint64_t entry)
{
    PageFlags flags = PageFlags::None;
    if (entry & PTE_WRITE)
        flags = flags | PageFlags::Write;
    if (entry & PTE_USER)
        flags = flags | PageFlags::User;
    if (entry & PTE_GLOBAL)
        flags = flags | PageFlags::Global;
    if (entry & PTE_PCD)
        flags = flags | PageFlags::Uncached;
    if (!(entry & PTE_NX))
        flags = flags | PageFlags::Execute;
    return flags;
}

bool is_canonical(VirtAddr virt)
{
    uint64_t top = virt.value() >> 47;
    return top == 0 || top == 0x1ffff;
}

} // namespace

void PageTable::set_nx_supported(bool supported) { g_nx_supported = supported; }

Result<PageTable> PageTable::create(const PageTableMemory& memory)
{
    PhysAddr root = TRY(memory.allocate(memory.context));
    return PageTable(root, memory);
}

uint64_t* PageTable::walk(VirtAddr virt, unsigned leaf_level, bool create, Error* error)
{
    uint64_t* table = table_at(m_root);
    for (unsigned level = 3; level > leaf_level; --level) {
        uint64_t& entry = table[index_at(virt, level)];
        if (!(entry & PTE_PRESENT)) {
            if (!create) {
                *error = Error::NotFound;
                return nullptr;
            }
            auto page = m_memory.allocate(m_memory.context);
            if (page.is_error()) {
                *error = page.error();
                return nullptr;
            }
            // Intermediate entries are permissive; the leaf decides. User is set so user
            // leaves work below; kernel leaves are still protected by their own U bit.
            entry = page.value().value() | PTE_PRESENT | PTE_WRITE | PTE_USER;
        } else if (entry & PTE_LARGE) {
            *error = create ? Error::Exists : Error::NotFound;
            return nullptr;
        }
        table = table_at(PhysAddr(entry & PTE_ADDRESS));
    }
    return &table[index_at(virt, leaf_level)];
}

Result<void> PageTable::map(VirtAddr virt, PhysAddr phys, PageFlags flags, PageSize size)
{
    uint64_t bytes = static_cast<uint64_t>(size);
    if (!is_aligned(virt.value(), bytes) || !is_aligned(phys.value(), bytes))
        return Error::Unaligned;
    if (!is_canonical(virt) || (phys.value() & ~PTE_ADDRESS) != 0)
        return Error::InvalidArgument;
    unsigned level = size == PageSize::Large ? 1 : 0;
    Error error = Error::InvalidArgument;
    uint64_t* entry = walk(virt, level, true, &error);
    if (!entry)
        return error;
    if (*entry & PTE_PRESENT)
        return Error::Exists;
    *entry = phys.value() | leaf_bits(flags) | (size == PageSize::Large ? PTE_LARGE : 0);
    return {};
}

Result<uint64_t*> PageTable::leaf_entry(VirtAddr virt, Translation& found)
{
    found = TRY(translate(virt));
    unsigned level = found.size == PageSize::Large ? 1 : 0;
    Error error = Error::NotFound;
    uint64_t* entry = walk(VirtAddr(align_down(virt.value(), static_cast<uint64_t>(found.size))), level, false, &error);
    if (!entry)
        return error;
    return entry;
}

Result<PhysAddr> PageTable::unmap(VirtAddr virt)
{
    Translation found;
    uint64_t* entry = TRY(leaf_entry(virt, found));
    *entry = 0;
    return PhysAddr(align_down(found.phys.value(), static_cast<uint64_t>(found.size)));
}

Result<void> PageTable::protect(VirtAddr virt, PageFlags flags)
{
    Translation found;
    uint64_t* entry = TRY(leaf_entry(virt, found));
    *entry = (*entry & PTE_ADDRESS) | leaf_bits(flags) | (found.size == PageSize::Large ? PTE_LARGE : 0);
    return {};
}

Result<PageTable::Translation> PageTable::translate(VirtAddr virt) const
{
    if (!is_canonical(virt))
        return Error::InvalidArgument;
    const uint64_t* table = table_at(m_root);
    for (unsigned level = 3;; --level) {
        uint64_t entry = table[index_at(virt, level)];
        if (!(entry & PTE_PRESENT))
            return Error::NotFound;
        if (level == 0 || (level == 1 && (entry & PTE_LARGE))) {
            uint64_t page = level == 0 ? 4096 : 2 * 1024 * 1024;
            uint64_t base = entry & PTE_ADDRESS & ~(page - 1);
            return Translation { PhysAddr(base + (virt.value() & (page - 1))), flags_of(entry),
                level == 0 ? PageSize::Small : PageSize::Large };
        }
        if (entry & PTE_LARGE)
            return Error::NotSupported; // 1 GiB pages: we never create them
        table = table_at(PhysAddr(entry & PTE_ADDRESS));
    }
}

void PageTable::destroy_level(PhysAddr table_phys, unsigned level, unsigned limit)
{
    uint64_t* table = table_at(table_phys);
    if (level > 0) {
        for (unsigned i = 0; i < limit; ++i) {
            uint64_t entry = table[i];
            if ((entry & PTE_PRESENT) && !(entry & PTE_LARGE))
                destroy_level(PhysAddr(entry & PTE_ADDRESS), level - 1, 512);
        }
    }
    m_memory.free(m_memory.context, table_phys);
}

void PageTable::destroy(unsigned top_index)
{
    destroy_level(m_root, 3, top_index);
    m_root = PhysAddr();
}

Result<void> PageTable::populate_top_entries(unsigned first)
{
    uint64_t* top = table_at(m_root);
    for (unsigned i = first; i < 512; ++i) {
        if (top[i] & PTE_PRESENT)
            continue;
        PhysAddr page = TRY(m_memory.allocate(m_memory.context));
        top[i] = page.value() | PTE_PRESENT | PTE_WRITE;
    }
    return {};
}

void PageTable::share_top_entries(const PageTable& from, unsigned first)
{
    uint64_t* mine = table_at(m_root);
    const uint64_t* theirs = from.table_at(from.m_root);
    for (unsigned i = first; i < 512; ++i)
        mine[i] = theirs[i];
}

} // namespace ts::arch
