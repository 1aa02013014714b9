// In-kernel tests of the physical allocator, the kernel page tables and the heap, run on
// the real memory map. The "million" tests are the foundation's acceptance criteria:
// after a million allocations and frees the free counts are exactly where they started.
#include <lib/CString.hpp>
#include <mm/DirectMap.hpp>
#include <mm/Heap.hpp>
#include <mm/KernelAddressSpace.hpp>
#include <mm/Pmm.hpp>

#include "KernelTest.hpp"

namespace ts {

namespace {

// xorshift64*: deterministic pseudo-random numbers for the tests' access patterns.
struct Random {
    uint64_t state;
    uint64_t next()
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return state * 2685821657736338717ull;
    }
};

} // namespace

KTEST(mm, page_allocate_free_million)
{
    constexpr size_t BATCH = 4096;
    constexpr size_t TOTAL = 1000000;
    static PhysAddr pages[BATCH];
    auto before = pmm::stats();
    KASSERT(before.free_pages > BATCH);
    Random random { 0x9e3779b97f4a7c15ull };
    size_t done = 0;
    while (done < TOTAL) {
        size_t count = BATCH < TOTAL - done ? BATCH : TOTAL - done;
        for (size_t i = 0; i < count; ++i) {
            auto page = pmm::allocate_page();
            KASSERT(page.is_ok());
            pages[i] = page.value();
            // Tag the page so overlapping hand-outs would be detected below.
            *phys_to_ptr<uint64_t>(pages[i]) = pages[i].value() ^ 0x5a5a;
        }
        // Free in a shuffled order to exercise list relinking, checking tags first.
        for (size_t i = count; i > 1; --i) {
            size_t j = random.next() % i;
            PhysAddr tmp = pages[i - 1];
            pages[i - 1] = pages[j];
            pages[j] = tmp;
        }
        for (size_t i = 0; i < count; ++i) {
            KEXPECT(*phys_to_ptr<uint64_t>(pages[i]) == (pages[i].value() ^ 0x5a5a));
            pmm::free_page(pages[i]);
        }
        done += count;
    }
    auto after = pmm::stats();
    KEXPECT_EQ(after.free_pages, before.free_pages);
    KEXPECT_EQ(after.rejected_frees, before.rejected_frees);
    KEXPECT(pmm::verify().is_ok());
}

KTEST(mm, contiguous_runs)
{
    auto before = pmm::stats();
    PhysAddr runs[64];
    size_t sizes[64];
    for (size_t i = 0; i < 64; ++i) {
        sizes[i] = 1 + (i * 7) % 33;
        size_t align = (i % 4 == 0) ? 16 : 1;
        auto run = pmm::allocate_contiguous(sizes[i], align);
        KASSERT(run.is_ok());
        runs[i] = run.value();
        KEXPECT(is_aligned(runs[i].value(), align * PAGE_SIZE));
    }
    // No two runs overlap.
    for (size_t i = 0; i < 64; ++i)
        for (size_t j = i + 1; j < 64; ++j)
            KEXPECT(runs[i].value() + sizes[i] * PAGE_SIZE <= runs[j].value()
                || runs[j].value() + sizes[j] * PAGE_SIZE <= runs[i].value());
    for (size_t i = 0; i < 64; ++i)
        pmm::free_contiguous(runs[i], sizes[i]);
    KEXPECT_EQ(pmm::stats().free_pages, before.free_pages);
    KEXPECT(pmm::verify().is_ok());
}

KTEST(mm, double_free_is_refused)
{
    auto page = pmm::allocate_page();
    KASSERT(page.is_ok());
    pmm::free_page(page.value());
    auto before = pmm::stats();
    pmm::free_page(page.value()); // logged and refused, not corrupting the list
    auto after = pmm::stats();
    KEXPECT_EQ(after.free_pages, before.free_pages);
    KEXPECT_EQ(after.rejected_frees, before.rejected_frees + 1);
    KEXPECT(pmm::verify().is_ok());
}

KTEST(mm, heap_allocate_free_million)
{
    constexpr size_t BATCH = 8192;
    constexpr size_t TOTAL = 1000000;
    static void* objects[BATCH];
    static size_t sizes[BATCH];
    auto pages_before = pmm::stats().free_pages;
    auto heap_before = heap::stats();
    Random random { 12345 };
    size_t done = 0;
    while (done < TOTAL) {
        size_t count = BATCH < TOTAL - done ? BATCH : TOTAL - done;
        for (size_t i = 0; i < count; ++i) {
            // Mostly small objects, some up to 4 KiB, a few large (page-run) ones.
            uint64_t r = random.next();
            size_t size = (r % 100 < 90) ? 8 + r % 256 : (r % 100 < 99) ? 256 + r % 3840 : 8192 + r % 20000;
            auto p = heap::allocate(size);
            KASSERT(p.is_ok());
            objects[i] = p.value();
            sizes[i] = size;
            memset(objects[i], static_cast<int>(i & 0xff), size < 64 ? size : 64);
        }
        for (size_t i = 0; i < count; ++i) {
            auto* bytes = static_cast<unsigned char*>(objects[i]);
            size_t checked = sizes[i] < 64 ? sizes[i] : 64;
            bool intact = true;
            for (size_t b = 0; b < checked; ++b)
                intact &= bytes[b] == (i & 0xff);
            KEXPECT(intact);
            heap::free(objects[i]);
        }
        done += count;
    }
    auto heap_after = heap::stats();
    KEXPECT_EQ(heap_after.objects_in_use, heap_before.objects_in_use);
    KEXPECT_EQ(heap_after.bytes_in_use, heap_before.bytes_in_use);
    KEXPECT_EQ(heap_after.pages_held, heap_before.pages_held);
    KEXPECT_EQ(heap_after.corruption, heap_before.corruption);
    KEXPECT_EQ(pmm::stats().free_pages, pages_before);
}

KTEST(mm, new_and_delete)
{
    struct Object {
        uint64_t a, b;
    };
    auto before = heap::stats();
    auto* object = new (std::nothrow) Object { 1, 2 };
    KASSERT(object != nullptr);
    KEXPECT(object->a + object->b == 3);
    KEXPECT_EQ(heap::stats().objects_in_use, before.objects_in_use + 1);
    delete object;
    KEXPECT_EQ(heap::stats().objects_in_use, before.objects_in_use);
}

KTEST(vmm, map_protect_unmap)
{
    // A page in an otherwise unused kernel region, written through two mappings.
    VirtAddr virt(0xffffc00000000000ull);
    auto page = pmm::allocate_zeroed_page();
    KASSERT(page.is_ok());
    KASSERT(vmm::map_kernel_page(virt, page.value(), arch::PageFlags::Write).is_ok());
    *virt.as_ptr<volatile uint64_t>() = 0x1122334455667788ull;
    KEXPECT(*phys_to_ptr<uint64_t>(page.value()) == 0x1122334455667788ull);
    auto translated = vmm::kernel_page_table().translate(virt);
    KEXPECT(translated.is_ok() && translated.value().phys == page.value());
    KEXPECT(vmm::map_kernel_page(virt, page.value(), arch::PageFlags::Write).error() == Error::Exists);
    KEXPECT(vmm::protect_kernel_page(virt, arch::PageFlags::None).is_ok());
    KEXPECT(!has_flag(vmm::kernel_page_table().translate(virt).value().flags, arch::PageFlags::Write));
    auto unmapped = vmm::unmap_kernel_page(virt);
    KEXPECT(unmapped.is_ok() && unmapped.value() == page.value());
    KEXPECT(vmm::kernel_page_table().translate(virt).error() == Error::NotFound);
    // The intermediate tables created for this region stay (and are reused by the next
    // mapping there); the page itself goes back.
    auto before_free = pmm::stats().free_pages;
    pmm::free_page(page.value());
    KEXPECT_EQ(pmm::stats().free_pages, before_free + 1);
    // Mapping the same address again needs no new tables.
    auto again = pmm::allocate_page();
    KASSERT(again.is_ok());
    auto before_remap = pmm::stats().free_pages;
    KEXPECT(vmm::map_kernel_page(virt, again.value(), arch::PageFlags::Write).is_ok());
    KEXPECT_EQ(pmm::stats().free_pages, before_remap);
    KEXPECT(vmm::unmap_kernel_page(virt).is_ok());
    pmm::free_page(again.value());
}

} // namespace ts
