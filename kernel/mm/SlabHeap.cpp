// SlabCache and SlabHeap implementation. See SlabHeap.hpp for the contract and
// docs/kernel/memory.md for the layout. Part of kernel/mm; calls kernel/lib and the
// PageProvider it was given, nothing else.
#include "SlabHeap.hpp"

#include <new>

#include "lib/CString.hpp"

namespace ts {

namespace {

// Header magics. The top 16 bits make each a non-canonical x86_64 address, so a pointer
// that some other owner left in the first word of a block (the physical allocator's
// free-list link, say) can never be mistaken for one.
constexpr uint64_t SLAB_MAGIC = 0x51ab'c0de'5eed'0001ull;
constexpr uint64_t SLAB_DEAD = 0x51ab'dead'5eed'0002ull;
constexpr uint64_t LARGE_MAGIC = 0x1a26'c0de'5eed'0003ull;
constexpr uint64_t LARGE_DEAD = 0x1a26'dead'5eed'0004ull;

// A free object's second word holds FREE_TAG ^ its own address. Finding the tag on free
// means "probably freed already"; the slab's free list is then walked to be sure, so a
// live object that happens to contain the value is still freed normally.
constexpr uint64_t FREE_TAG = 0xf4ee'0b1e'c7a9'3d5bull;

constexpr uint8_t POISON_FREED = 0xd5;
constexpr uint8_t POISON_FRESH = 0xa1;

struct FreeObject {
    FreeObject* next;
    uint64_t tag;
};
constexpr size_t MIN_STRIDE = sizeof(FreeObject);

uint64_t address_of(const void* p) { return reinterpret_cast<uint64_t>(p); }
uint64_t tag_for(const void* p) { return FREE_TAG ^ address_of(p); }

// The block header for p. Masking p - 1 rather than p lets a large allocation's data
// start exactly SLAB_SIZE past its header (alignment SLAB_SIZE); for slab objects, which
// never sit at offset 0, both give the same block.
uint64_t block_of(const void* p) { return align_down(address_of(p) - 1, SLAB_SIZE); }

// The first word of a block, read without assuming which header type (if any) lives
// there: the block may hold a slab, a large run, or memory that is neither.
uint64_t block_magic(uint64_t block)
{
    uint64_t magic;
    memcpy(&magic, reinterpret_cast<const void*>(block), sizeof(magic));
    return magic;
}

// A slot's second word, read the same way: a live slot holds the caller's data.
uint64_t slot_tag(const void* p)
{
    uint64_t tag;
    memcpy(&tag, static_cast<const uint8_t*>(p) + offsetof(FreeObject, tag), sizeof(tag));
    return tag;
}

bool bytes_equal(const void* p, uint8_t value, size_t n)
{
    const auto* bytes = static_cast<const uint8_t*>(p);
    for (size_t i = 0; i < n; ++i) {
        if (bytes[i] != value)
            return false;
    }
    return true;
}

} // namespace

// --- SlabCache -------------------------------------------------------------------------

SlabCache::SlabCache(PageProvider& provider, const char* name, size_t object_size, size_t align, HeapDebug debug)
    : m_provider(&provider)
    , m_name(name)
    , m_debug(debug)
    , m_object_size(object_size)
{
    if (object_size == 0 || object_size > SLAB_SIZE || !is_power_of_two(align) || align > SLAB_SIZE)
        return;
    // Every slot must hold a FreeObject when free, at an address where its pointer is
    // naturally aligned.
    size_t slot_align = max<size_t>(align, alignof(FreeObject));
    size_t stride = align_up(max(object_size, MIN_STRIDE), slot_align);
    size_t first = align_up(sizeof(Slab), slot_align);
    if (first >= SLAB_SIZE || stride > SLAB_SIZE - first)
        return;
    m_stride = stride;
    m_first_offset = first;
    m_capacity = (SLAB_SIZE - first) / stride;
}

Result<void*> SlabCache::allocate()
{
    if (!is_valid())
        return Error::InvalidArgument;
    Slab* slab = m_partial.front();
    if (!slab) {
        slab = TRY(grow());
        m_partial.push_front(*slab);
    }

    void* object;
    if (slab->free_list) {
        auto* free_object = static_cast<FreeObject*>(slab->free_list);
        slab->free_list = free_object->next;
        object = free_object;
        // A broken pattern means someone wrote to the object while it was free. The
        // object is still handed out (its slot is fine); the counter records the bug.
        if (m_debug == HeapDebug::Poison
            && !bytes_equal(static_cast<uint8_t*>(object) + MIN_STRIDE, POISON_FREED, m_stride - MIN_STRIDE))
            ++m_corruption;
    } else {
        object = reinterpret_cast<uint8_t*>(slab) + m_first_offset + size_t(slab->carved) * m_stride;
        ++slab->carved;
    }
    // Clear the tag so the double-free check does not fire on an object that merely
    // kept its old free-list words.
    static_cast<FreeObject*>(object)->tag = 0;
    if (m_debug == HeapDebug::Poison)
        memset(object, POISON_FRESH, m_stride);

    ++slab->in_use;
    ++m_objects_in_use;
    if (is_full(*slab)) {
        m_partial.remove(*slab);
        m_full.push_back(*slab);
    }
    return object;
}

bool SlabCache::free(void* p)
{
    if (!p)
        return true;
    Slab* slab = slab_of(p);
    if (!slab || slab->cache != this || !is_live(*slab, p)) {
        ++m_corruption;
        return false;
    }

    auto* object = static_cast<FreeObject*>(p);
    bool was_full = is_full(*slab);
    object->next = static_cast<FreeObject*>(slab->free_list);
    object->tag = tag_for(p);
    if (m_debug == HeapDebug::Poison)
        memset(reinterpret_cast<uint8_t*>(p) + MIN_STRIDE, POISON_FREED, m_stride - MIN_STRIDE);
    slab->free_list = object;
    --slab->in_use;
    --m_objects_in_use;

    if (slab->in_use == 0) {
        (was_full ? m_full : m_partial).remove(*slab);
        release(*slab);
    } else if (was_full) {
        m_full.remove(*slab);
        m_partial.push_front(*slab);
    }
    return true;
}

bool SlabCache::is_live(const Slab& slab, const void* p) const
{
    // Only the exact start of a slot that has been handed out can be an object.
    uint64_t offset = address_of(p) - address_of(&slab);
    if (offset < m_first_offset || (offset - m_first_offset) % m_stride != 0
        || (offset - m_first_offset) / m_stride >= slab.carved)
        return false;
    if (slot_tag(p) != tag_for(p))
        return true;
    for (auto* f = static_cast<const FreeObject*>(slab.free_list); f; f = f->next) {
        if (f == p)
            return false;
    }
    return true;
}

SlabCache::Stats SlabCache::stats() const
{
    size_t slabs = m_partial.size() + m_full.size();
    return Stats {
        .object_size = m_object_size,
        .stride = m_stride,
        .objects_per_slab = m_capacity,
        .objects_in_use = m_objects_in_use,
        .slabs = slabs,
        .pages_held = slabs * SLAB_PAGES,
        .corruption = m_corruption,
    };
}

SlabCache* SlabCache::cache_of(const void* p)
{
    Slab* slab = slab_of(p);
    return slab ? slab->cache : nullptr;
}

SlabCache::Slab* SlabCache::slab_of(const void* p)
{
    if (!p)
        return nullptr;
    uint64_t block = block_of(p);
    return block_magic(block) == SLAB_MAGIC ? reinterpret_cast<Slab*>(block) : nullptr;
}

Result<SlabCache::Slab*> SlabCache::grow()
{
    VirtAddr base = TRY(m_provider->allocate_run(SLAB_PAGES, SLAB_PAGES));
    // The mask trick depends on the alignment; a provider that ignores it gets its run
    // back rather than a heap that silently frees the wrong headers.
    if (!is_aligned(base.value(), SLAB_SIZE)) {
        m_provider->free_run(base, SLAB_PAGES);
        return Error::Unaligned;
    }
    return new (base.as_ptr<void>()) Slab {
        .magic = SLAB_MAGIC,
        .cache = this,
        .node = {},
        .free_list = nullptr,
        .in_use = 0,
        .carved = 0,
    };
}

void SlabCache::release(Slab& slab)
{
    // Kill the magic first: a later free of a stale pointer into this block then finds
    // no slab (unless the block has been reused as a slab meanwhile, which no cheap
    // check can tell apart).
    slab.magic = SLAB_DEAD;
    m_provider->free_run(virt_from_ptr(&slab), SLAB_PAGES);
}

// --- SlabHeap --------------------------------------------------------------------------

struct SlabHeap::LargeHeader {
    uint64_t magic;
    const SlabHeap* heap;
    size_t pages;
    size_t data_offset; // from the run base to the caller's pointer
};

namespace {
constexpr const char* CLASS_NAMES[SlabHeap::CLASS_COUNT] = {
    "heap-16", "heap-32", "heap-64", "heap-128", "heap-256", "heap-512", "heap-1024", "heap-2048", "heap-4096",
};
static_assert(SlabHeap::MIN_CLASS << (SlabHeap::CLASS_COUNT - 1) == SlabHeap::MAX_CLASS);
} // namespace

// Each class is aligned to its own size. With a header under 64 bytes this costs no
// object in any class and lets an aligned request be served by the class of
// max(size, align).
SlabHeap::SlabHeap(PageProvider& provider, HeapDebug debug)
    : m_provider(&provider)
    , m_debug(debug)
    , m_classes {
        { provider, CLASS_NAMES[0], 16, 16, debug },
        { provider, CLASS_NAMES[1], 32, 32, debug },
        { provider, CLASS_NAMES[2], 64, 64, debug },
        { provider, CLASS_NAMES[3], 128, 128, debug },
        { provider, CLASS_NAMES[4], 256, 256, debug },
        { provider, CLASS_NAMES[5], 512, 512, debug },
        { provider, CLASS_NAMES[6], 1024, 1024, debug },
        { provider, CLASS_NAMES[7], 2048, 2048, debug },
        { provider, CLASS_NAMES[8], 4096, 4096, debug },
    }
{
}

Result<void*> SlabHeap::allocate(size_t size, size_t align)
{
    if (!is_power_of_two(align) || align > MAX_ALIGN)
        return Error::InvalidArgument;
    if (size == 0)
        size = 1;

    size_t need = max(size, align);
    if (need <= MAX_CLASS) {
        size_t index = need <= MIN_CLASS ? 0 : log2_floor(need - 1) + 1 - log2_floor(MIN_CLASS);
        return m_classes[index].allocate();
    }

    // Large: [header ... padding][data], the run aligned to SLAB_SIZE so block_of() works.
    size_t data_offset = align_up(sizeof(LargeHeader), max<size_t>(align, MIN_CLASS));
    size_t total = 0;
    if (!checked_add(size, data_offset, &total) || total > (~size_t(0) - PAGE_SIZE))
        return Error::TooBig;
    size_t pages = div_round_up(total, PAGE_SIZE);
    VirtAddr base = TRY(m_provider->allocate_run(pages, SLAB_PAGES));
    if (!is_aligned(base.value(), SLAB_SIZE)) {
        m_provider->free_run(base, pages);
        return Error::Unaligned;
    }
    new (base.as_ptr<void>()) LargeHeader {
        .magic = LARGE_MAGIC,
        .heap = this,
        .pages = pages,
        .data_offset = data_offset,
    };
    void* data = base.offset(data_offset).as_ptr<void>();
    if (m_debug == HeapDebug::Poison)
        memset(data, POISON_FRESH, pages * PAGE_SIZE - data_offset);
    ++m_large_count;
    m_large_bytes += pages * PAGE_SIZE - data_offset;
    m_large_pages += pages;
    return data;
}

bool SlabHeap::free(void* p)
{
    if (!p)
        return true;
    if (SlabCache* cache = SlabCache::cache_of(p)) {
        if (!is_own_class(cache)) {
            ++m_corruption;
            return false;
        }
        return cache->free(p); // counts its own refusals
    }
    auto* header = const_cast<LargeHeader*>(large_header_of(p));
    if (!header) {
        ++m_corruption;
        return false;
    }
    size_t pages = header->pages;
    m_large_bytes -= pages * PAGE_SIZE - header->data_offset;
    m_large_pages -= pages;
    --m_large_count;
    header->magic = LARGE_DEAD;
    m_provider->free_run(virt_from_ptr(header), pages);
    return true;
}

size_t SlabHeap::allocation_size(const void* p) const
{
    if (!p)
        return 0;
    if (SlabCache* cache = SlabCache::cache_of(p)) {
        if (!is_own_class(cache))
            return 0;
        if (!cache->is_live(*SlabCache::slab_of(p), p))
            return 0;
        return cache->m_stride;
    }
    const LargeHeader* header = large_header_of(p);
    return header ? header->pages * PAGE_SIZE - header->data_offset : 0;
}

SlabHeap::Stats SlabHeap::stats() const
{
    Stats stats {};
    for (const SlabCache& cache : m_classes) {
        SlabCache::Stats c = cache.stats();
        stats.objects_in_use += c.objects_in_use;
        stats.bytes_in_use += c.objects_in_use * c.stride;
        stats.pages_held += c.pages_held;
        stats.corruption += c.corruption;
    }
    stats.objects_in_use += m_large_count;
    stats.large_allocations = m_large_count;
    stats.bytes_in_use += m_large_bytes;
    stats.pages_held += m_large_pages;
    stats.corruption += m_corruption;
    return stats;
}

const SlabHeap::LargeHeader* SlabHeap::large_header_of(const void* p) const
{
    uint64_t block = block_of(p);
    if (block_magic(block) != LARGE_MAGIC)
        return nullptr;
    auto* header = reinterpret_cast<const LargeHeader*>(block);
    if (header->heap != this || block + header->data_offset != address_of(p))
        return nullptr;
    return header;
}

bool SlabHeap::is_own_class(const SlabCache* cache) const
{
    // Compare as integers: relational operators on pointers into different objects are
    // unspecified in C++.
    uint64_t first = address_of(&m_classes[0]);
    uint64_t last = address_of(&m_classes[CLASS_COUNT - 1]);
    uint64_t at = address_of(cache);
    return at >= first && at <= last && (at - first) % sizeof(SlabCache) == 0;
}

} // namespace ts
