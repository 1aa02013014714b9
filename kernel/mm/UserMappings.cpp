// UserMappings: see UserMappings.hpp for the entry encoding.
#include "UserMappings.hpp"

#include <lib/Math.hpp>

namespace ts::vmm {

namespace {

constexpr uint64_t PTE_PRESENT = 1ull << 0;
constexpr uint64_t PTE_WRITE = 1ull << 1;
constexpr uint64_t PTE_USER = 1ull << 2;
constexpr uint64_t PTE_LARGE = 1ull << 7;
constexpr uint64_t PTE_NX = 1ull << 63;
constexpr uint64_t PTE_ADDRESS = 0x000f'ffff'ffff'f000ull;
// Software bits. In a present entry bits 9-11 are ignored by the CPU; in a non-present
// one everything but bit 0 is.
constexpr uint64_t SW_LAZY = 1ull << 9;
constexpr uint64_t SW_GUARD = 1ull << 10;
constexpr uint64_t SW_SHARED = 1ull << 11;
constexpr unsigned OWNER_SHIFT = 52;
constexpr uint64_t OWNER_MASK = 0xffull << OWNER_SHIFT;

constexpr unsigned USER_TOP_ENTRIES = 256; // PML4 entries of the lower half
constexpr uint64_t PAGE = 4096;

// Bytes one entry at `level` spans (level 0 = a page table entry).
constexpr uint64_t span(unsigned level) { return PAGE << (9 * level); }
unsigned index_at(uint64_t address, unsigned level) { return (address >> (12 + 9 * level)) & 0x1ff; }

bool g_nx = true;

uint64_t prot_bits(Prot prot)
{
    uint64_t bits = PTE_USER;
    if (has_prot(prot, Prot::Write))
        bits |= PTE_WRITE;
    if (!has_prot(prot, Prot::Execute) && g_nx)
        bits |= PTE_NX;
    return bits;
}

Prot prot_of(uint64_t entry)
{
    Prot prot = Prot::Read;
    if (entry & PTE_WRITE)
        prot = prot | Prot::Write;
    if (!(entry & PTE_NX))
        prot = prot | Prot::Execute;
    return prot;
}

bool is_lazy(uint64_t entry) { return !(entry & PTE_PRESENT) && (entry & SW_LAZY); }
bool is_table(uint64_t entry, unsigned level) { return level > 0 && (entry & PTE_PRESENT) && !(entry & PTE_LARGE); }

bool allows(uint64_t entry, Access access)
{
    switch (access) {
    case Access::Read:
        return true;
    case Access::Write:
        return entry & PTE_WRITE;
    case Access::Execute:
        return !(entry & PTE_NX) || !g_nx;
    }
    return false;
}

} // namespace

bool UserMappings::range_is_empty(const uint64_t* table, unsigned level, uint64_t base, uint64_t start,
    uint64_t end) const
{
    const uint64_t size = span(level);
    for (uint64_t address = align_down(start, size); address < end; address += size) {
        const uint64_t entry = table[index_at(address, level)];
        if (entry == 0)
            continue;
        if (!is_table(entry, level))
            return false;
        const uint64_t lo = address < start ? start : address;
        const uint64_t hi = address + size > end ? end : address + size;
        if (!range_is_empty(table_at(PhysAddr(entry & PTE_ADDRESS)), level - 1, address, lo, hi))
            return false;
    }
    (void)base;
    return true;
}

Result<void> UserMappings::split(uint64_t& entry)
{
    PhysAddr page = TRY(m_memory.allocate(m_memory.context));
    uint64_t* table = table_at(page);
    for (unsigned i = 0; i < 512; ++i)
        table[i] = entry;
    entry = page.value() | PTE_PRESENT | PTE_WRITE | PTE_USER;
    ++m_counters.tables;
    return {};
}

Result<void> UserMappings::fill(uint64_t* table, unsigned level, uint64_t base, uint64_t start, uint64_t end,
    uint64_t marker)
{
    const uint64_t size = span(level);
    for (uint64_t address = align_down(start, size); address < end; address += size) {
        uint64_t& entry = table[index_at(address, level)];
        const uint64_t lo = address < start ? start : address;
        const uint64_t hi = address + size > end ? end : address + size;
        // A whole, aligned block: one lazy entry stands for all of it (not at the top
        // level, whose entries the kernel's copy logic treats as tables).
        if (entry == 0 && lo == address && hi == address + size && level < 3) {
            entry = marker;
            continue;
        }
        if (entry == 0) {
            PhysAddr page = TRY(m_memory.allocate(m_memory.context));
            entry = page.value() | PTE_PRESENT | PTE_WRITE | PTE_USER;
            ++m_counters.tables;
        }
        TRY(fill(table_at(PhysAddr(entry & PTE_ADDRESS)), level - 1, address, lo, hi, marker));
    }
    (void)base;
    return {};
}

Result<void> UserMappings::reserve(uint64_t start, uint64_t pages, Prot prot)
{
    if (pages == 0 || !is_aligned(start, PAGE) || pages > (USER_END - USER_BASE) / PAGE
        || !is_user_range(start, pages * PAGE))
        return Error::InvalidArgument;
    const uint64_t end = start + pages * PAGE;
    if (!range_is_empty(table_at(m_root), 3, 0, start, end))
        return Error::Exists;
    auto filled = fill(table_at(m_root), 3, 0, start, end, SW_LAZY | prot_bits(prot));
    if (filled.is_error()) {
        // Only whole lazy blocks and fresh tables were written: removing them splits
        // nothing, so this cannot fail.
        Error ignored = Error::NoMemory;
        bool failed = false;
        unmap_level(table_at(m_root), 3, 0, start, end, &ignored, &failed);
        return filled.error();
    }
    return {};
}

uint64_t* UserMappings::leaf(uint64_t page, bool create, Error* error)
{
    uint64_t* table = table_at(m_root);
    for (unsigned level = 3; level > 0; --level) {
        uint64_t& entry = table[index_at(page, level)];
        if (is_lazy(entry)) {
            auto split_result = split(entry);
            if (split_result.is_error()) {
                *error = split_result.error();
                return nullptr;
            }
        } else if (entry == 0) {
            if (!create) {
                *error = Error::NotFound;
                return nullptr;
            }
            auto allocated = m_memory.allocate(m_memory.context);
            if (allocated.is_error()) {
                *error = allocated.error();
                return nullptr;
            }
            entry = allocated.value().value() | PTE_PRESENT | PTE_WRITE | PTE_USER;
            ++m_counters.tables;
        } else if (!is_table(entry, level)) {
            *error = Error::Exists; // a guard or a large page where a table should be
            return nullptr;
        }
        table = table_at(PhysAddr(entry & PTE_ADDRESS));
    }
    return &table[index_at(page, 0)];
}

Result<void> UserMappings::guard(uint64_t page)
{
    if (!is_aligned(page, PAGE) || !is_user_range(page, PAGE))
        return Error::InvalidArgument;
    if (!range_is_empty(table_at(m_root), 3, 0, page, page + PAGE))
        return Error::Exists;
    Error error = Error::InvalidArgument;
    uint64_t* entry = leaf(page, true, &error);
    if (!entry)
        return error;
    *entry = SW_GUARD;
    return {};
}

Result<void> UserMappings::map_shared(uint64_t page, PhysAddr phys, Prot prot, unsigned owner)
{
    if (!is_aligned(page, PAGE) || !is_user_range(page, PAGE) || (phys.value() & ~PTE_ADDRESS) || owner == 0
        || owner > MAX_OWNERS)
        return Error::InvalidArgument;
    Error error = Error::InvalidArgument;
    uint64_t* entry = leaf(page, true, &error);
    if (!entry)
        return error;
    if (*entry != 0)
        return Error::Exists;
    *entry = phys.value() | PTE_PRESENT | SW_SHARED | (uint64_t(owner) << OWNER_SHIFT) | prot_bits(prot);
    ++m_counters.resident;
    return {};
}

FaultResult UserMappings::fault(uint64_t address, Access access)
{
    if (!is_user_range(address, 1))
        return FaultResult::NotMapped;
    const uint64_t page = align_down(address, PAGE);
    // Walk without creating: an empty entry on the way means nothing is reserved.
    uint64_t* table = table_at(m_root);
    for (unsigned level = 3; level > 0; --level) {
        uint64_t& entry = table[index_at(page, level)];
        if (entry == 0)
            return FaultResult::NotMapped;
        if (is_lazy(entry)) {
            if (!allows(entry, access))
                return FaultResult::Denied;
            if (split(entry).is_error())
                return FaultResult::NoMemory;
        } else if (!is_table(entry, level)) {
            return FaultResult::NotMapped;
        }
        table = table_at(PhysAddr(entry & PTE_ADDRESS));
    }
    uint64_t& entry = table[index_at(page, 0)];
    if (entry == 0)
        return FaultResult::NotMapped;
    if (entry & SW_GUARD)
        return FaultResult::Guard;
    if (!allows(entry, access))
        return FaultResult::Denied;
    if (entry & PTE_PRESENT)
        return FaultResult::Spurious;
    auto fresh = m_memory.allocate(m_memory.context); // zeroed
    if (fresh.is_error())
        return FaultResult::NoMemory;
    entry = fresh.value().value() | PTE_PRESENT | (entry & (PTE_WRITE | PTE_USER | PTE_NX));
    ++m_counters.resident;
    return FaultResult::Populated;
}

Result<PhysAddr> UserMappings::populate(uint64_t page)
{
    if (!is_aligned(page, PAGE) || !is_user_range(page, PAGE))
        return Error::InvalidArgument;
    PageInfo info = query(page);
    if (!info.mapped || info.guard)
        return Error::NotFound;
    if (!info.present) {
        // Populate as the kernel: any right the page has is enough.
        FaultResult result = fault(page, Access::Read);
        if (result == FaultResult::NoMemory)
            return Error::NoMemory;
        if (result != FaultResult::Populated && result != FaultResult::Spurious)
            return Error::NotFound;
        info = query(page);
    }
    return info.phys;
}

UserMappings::PageInfo UserMappings::query(uint64_t page) const
{
    PageInfo info { false, false, false, Prot::None, PhysAddr(), 0 };
    if (!is_user_range(page, 1))
        return info;
    const uint64_t* table = table_at(m_root);
    for (unsigned level = 3;; --level) {
        const uint64_t entry = table[index_at(page, level)];
        if (entry == 0)
            return info;
        if (level > 0 && is_table(entry, level)) {
            table = table_at(PhysAddr(entry & PTE_ADDRESS));
            continue;
        }
        info.mapped = true;
        info.guard = (entry & SW_GUARD) != 0;
        info.present = (entry & PTE_PRESENT) != 0;
        info.prot = info.guard ? Prot::None : prot_of(entry);
        if (info.present) {
            info.phys = PhysAddr(entry & PTE_ADDRESS);
            if (entry & SW_SHARED)
                info.owner = unsigned((entry & OWNER_MASK) >> OWNER_SHIFT);
        }
        return info;
    }
}

void UserMappings::release_leaf(uint64_t entry)
{
    if (!(entry & PTE_PRESENT))
        return;
    --m_counters.resident;
    PhysAddr page(entry & PTE_ADDRESS);
    if (entry & SW_SHARED) {
        if (release)
            release(release_context, page, unsigned((entry & OWNER_MASK) >> OWNER_SHIFT));
    } else {
        m_memory.free(m_memory.context, page);
    }
}

// Frees what `entry` (at `level`) holds; returns the present pages it held.
uint64_t UserMappings::free_subtree(uint64_t entry, unsigned level)
{
    if (level == 0) {
        const bool present = entry & PTE_PRESENT;
        release_leaf(entry);
        return present ? 1 : 0;
    }
    if (!is_table(entry, level))
        return 0; // lazy: nothing behind it
    uint64_t removed = 0;
    uint64_t* table = table_at(PhysAddr(entry & PTE_ADDRESS));
    for (unsigned i = 0; i < 512; ++i) {
        if (table[i])
            removed += free_subtree(table[i], level - 1);
    }
    m_memory.free(m_memory.context, PhysAddr(entry & PTE_ADDRESS));
    --m_counters.tables;
    return removed;
}

uint64_t UserMappings::unmap_level(uint64_t* table, unsigned level, uint64_t base, uint64_t start, uint64_t end,
    Error* error, bool* failed)
{
    const uint64_t size = span(level);
    uint64_t removed = 0;
    for (uint64_t address = align_down(start, size); address < end; address += size) {
        uint64_t& entry = table[index_at(address, level)];
        if (entry == 0)
            continue;
        const uint64_t lo = address < start ? start : address;
        const uint64_t hi = address + size > end ? end : address + size;
        if (lo == address && hi == address + size) {
            removed += free_subtree(entry, level);
            entry = 0;
            continue;
        }
        // Part of a block: a lazy block becomes a table first.
        if (is_lazy(entry) && split(entry).is_error()) {
            *error = Error::NoMemory;
            *failed = true;
            return removed;
        }
        if (is_table(entry, level)) {
            uint64_t* child = table_at(PhysAddr(entry & PTE_ADDRESS));
            removed += unmap_level(child, level - 1, address, lo, hi, error, failed);
            // A table left empty goes too, so unmapping returns the tables as well.
            bool empty = true;
            for (unsigned i = 0; i < 512 && empty; ++i)
                empty = child[i] == 0;
            if (empty) {
                m_memory.free(m_memory.context, PhysAddr(entry & PTE_ADDRESS));
                --m_counters.tables;
                entry = 0;
            }
        }
    }
    (void)base;
    return removed;
}

Result<uint64_t> UserMappings::unmap(uint64_t start, uint64_t pages)
{
    if (pages == 0 || !is_aligned(start, PAGE) || pages > (USER_END - USER_BASE) / PAGE
        || !is_user_range(start, pages * PAGE))
        return Error::InvalidArgument;
    Error error = Error::InvalidArgument;
    bool failed = false;
    uint64_t removed = unmap_level(table_at(m_root), 3, 0, start, start + pages * PAGE, &error, &failed);
    if (failed)
        return error; // a lazy block could not be split; what was before it is gone
    return removed;
}

Result<bool> UserMappings::protect_level(uint64_t* table, unsigned level, uint64_t base, uint64_t start,
    uint64_t end, Prot prot)
{
    const uint64_t size = span(level);
    bool changed_present = false;
    const uint64_t bits = prot_bits(prot);
    for (uint64_t address = align_down(start, size); address < end; address += size) {
        uint64_t& entry = table[index_at(address, level)];
        if (entry == 0 || (level == 0 && (entry & SW_GUARD)))
            return Error::NotFound;
        const uint64_t lo = address < start ? start : address;
        const uint64_t hi = address + size > end ? end : address + size;
        const bool whole = lo == address && hi == address + size;
        if (is_lazy(entry) && whole) {
            entry = (entry & ~(PTE_WRITE | PTE_NX)) | bits;
            continue;
        }
        if (is_lazy(entry))
            TRY(split(entry));
        if (level == 0) {
            uint64_t updated = (entry & ~(PTE_WRITE | PTE_NX)) | bits;
            if (updated != entry && (entry & PTE_PRESENT))
                changed_present = true;
            entry = updated;
            continue;
        }
        if (!is_table(entry, level))
            return Error::NotFound;
        changed_present |= TRY(protect_level(table_at(PhysAddr(entry & PTE_ADDRESS)), level - 1, address, lo, hi, prot));
    }
    (void)base;
    return changed_present;
}

Result<bool> UserMappings::protect(uint64_t start, uint64_t pages, Prot prot)
{
    if (pages == 0 || !is_aligned(start, PAGE) || pages > (USER_END - USER_BASE) / PAGE
        || !is_user_range(start, pages * PAGE))
        return Error::InvalidArgument;
    const uint64_t end = start + pages * PAGE;
    // Check first, so a hole leaves everything as it was.
    for (uint64_t page = start; page < end;) {
        PageInfo info = query(page);
        if (!info.mapped || info.guard)
            return Error::NotFound;
        page += PAGE;
    }
    return protect_level(table_at(m_root), 3, 0, start, end, prot);
}

Result<uint64_t> UserMappings::find_free(uint64_t hint, uint64_t limit, uint64_t pages) const
{
    if (pages == 0)
        return Error::InvalidArgument;
    uint64_t address = align_up(hint < USER_BASE ? USER_BASE : hint, PAGE);
    if (limit > USER_END)
        limit = USER_END;
    uint64_t run_start = address;
    while (address < limit) {
        // The largest empty aligned block at `address`, or 0 if its page is in use.
        uint64_t empty = 0;
        const uint64_t* table = table_at(m_root);
        for (unsigned level = 3;; --level) {
            const uint64_t entry = table[index_at(address, level)];
            if (entry == 0) {
                empty = span(level) - (address & (span(level) - 1));
                break;
            }
            if (level == 0 || !is_table(entry, level))
                break;
            table = table_at(PhysAddr(entry & PTE_ADDRESS));
        }
        if (empty == 0) {
            address += PAGE;
            run_start = address;
            continue;
        }
        address += empty;
        const uint64_t end = address < limit ? address : limit;
        if (end - run_start >= pages * PAGE)
            return run_start;
    }
    return Error::NoSpace;
}

void UserMappings::clear()
{
    uint64_t* top = table_at(m_root);
    for (unsigned i = 0; i < USER_TOP_ENTRIES; ++i) {
        if (top[i]) {
            free_subtree(top[i], 3);
            top[i] = 0;
        }
    }
}

void set_user_nx_supported(bool supported) { g_nx = supported; }

} // namespace ts::vmm
