// Test helpers for the kernel/mm host tests: a page-aligned host buffer that stands in for
// physical memory behind a direct map, and PageProvider implementations for the heap.
// Host-only (uses the C++ standard library and GoogleTest).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

#include "arch/x86_64/BootInfo.hpp"
#include "mm/PageFrameAllocator.hpp"
#include "mm/SlabHeap.hpp"

namespace ts::test {

inline boot::MemoryRegion region(uint64_t base, uint64_t pages, boot::MemoryType type)
{
    return boot::MemoryRegion { base, pages, type, 0 };
}

// `pages` pages of "physical memory" starting at physical address phys_base, filled with
// FILL so a test can tell which bytes anyone wrote. The buffer is aligned to 2 MiB so
// that, as with the kernel's direct map, a physical address and its virtual alias agree
// in every alignment up to that size (the heap relies on this for its slab alignment).
class FakeMemory {
public:
    static constexpr uint8_t FILL = 0xcc;
    static constexpr size_t BUFFER_ALIGN = 2 * MiB;

    FakeMemory(uint64_t phys_base, size_t pages)
        : m_phys_base(phys_base)
        , m_pages(pages)
        , m_buffer(static_cast<uint8_t*>(std::aligned_alloc(BUFFER_ALIGN, align_up(pages * PAGE_SIZE, BUFFER_ALIGN))))
    {
        std::memset(m_buffer, FILL, pages * PAGE_SIZE);
    }
    ~FakeMemory() { std::free(m_buffer); }
    FakeMemory(const FakeMemory&) = delete;
    FakeMemory& operator=(const FakeMemory&) = delete;

    // The direct-map offset that makes physical p appear at m_buffer + (p - phys_base).
    // Alignments agree up to the alignment of phys_base itself (1 MiB in the heap tests).
    uint64_t offset() const { return reinterpret_cast<uint64_t>(m_buffer) - m_phys_base; }
    uint64_t phys_base() const { return m_phys_base; }
    uint64_t phys_end() const { return m_phys_base + m_pages * PAGE_SIZE; }
    uint8_t* at(uint64_t phys) const { return m_buffer + (phys - m_phys_base); }
    uint8_t* at(PhysAddr phys) const { return at(phys.value()); }

private:
    uint64_t m_phys_base;
    size_t m_pages;
    uint8_t* m_buffer;
};

// A PageProvider over a PageFrameAllocator and its fake memory, like the kernel's
// adapter. It keeps its own record of outstanding runs so tests can check that the heap
// returns exactly what it took, and can be told to fail after a number of runs.
class PfaProvider final : public PageProvider {
public:
    PfaProvider(PageFrameAllocator& pfa, const FakeMemory& memory) : m_pfa(pfa), m_memory(memory) {}
    ~PfaProvider() { EXPECT_TRUE(m_runs.empty()) << m_runs.size() << " runs still outstanding"; }

    Result<VirtAddr> allocate_run(size_t pages, size_t align_pages) override
    {
        if (m_budget == 0)
            return Error::NoMemory;
        --m_budget;
        auto phys = m_pfa.allocate_contiguous(pages, align_pages);
        if (phys.is_error())
            return phys.error();
        VirtAddr virt(phys.value().value() + m_memory.offset());
        m_runs[virt.value()] = pages;
        m_pages_out += pages;
        return virt;
    }

    void free_run(VirtAddr base, size_t pages) override
    {
        auto it = m_runs.find(base.value());
        ASSERT_NE(it, m_runs.end()) << "free_run of a run never handed out";
        ASSERT_EQ(it->second, pages) << "free_run with the wrong length";
        m_runs.erase(it);
        m_pages_out -= pages;
        EXPECT_TRUE(m_pfa.free_contiguous(PhysAddr(base.value() - m_memory.offset()), pages).is_ok());
    }

    size_t pages_out() const { return m_pages_out; }
    size_t runs_out() const { return m_runs.size(); }
    void set_budget(size_t runs) { m_budget = runs; }

private:
    PageFrameAllocator& m_pfa;
    const FakeMemory& m_memory;
    std::map<uint64_t, size_t> m_runs;
    size_t m_pages_out { 0 };
    size_t m_budget { ~size_t(0) };
};

// A PageProvider that gives every run its own aligned_alloc block, so AddressSanitizer
// sees each slab and large run as a separate object and flags any access past its end.
class MallocProvider final : public PageProvider {
public:
    ~MallocProvider()
    {
        EXPECT_TRUE(m_runs.empty()) << m_runs.size() << " runs still outstanding";
        for (auto& [base, pages] : m_runs)
            std::free(reinterpret_cast<void*>(base));
    }

    Result<VirtAddr> allocate_run(size_t pages, size_t align_pages) override
    {
        // C (and AddressSanitizer) want the size to be a multiple of the alignment.
        void* p = std::aligned_alloc(align_pages * PAGE_SIZE, align_up(pages * PAGE_SIZE, align_pages * PAGE_SIZE));
        if (!p)
            return Error::NoMemory;
        m_runs[reinterpret_cast<uint64_t>(p)] = pages;
        m_pages_out += pages;
        return virt_from_ptr(p);
    }

    void free_run(VirtAddr base, size_t pages) override
    {
        auto it = m_runs.find(base.value());
        ASSERT_NE(it, m_runs.end()) << "free_run of a run never handed out";
        ASSERT_EQ(it->second, pages) << "free_run with the wrong length";
        m_runs.erase(it);
        m_pages_out -= pages;
        std::free(base.as_ptr<void>());
    }

    size_t pages_out() const { return m_pages_out; }

private:
    std::map<uint64_t, size_t> m_runs;
    size_t m_pages_out { 0 };
};

// A buffer-backed allocator and provider in one, for heap tests.
struct HeapMemory {
    explicit HeapMemory(size_t pages = 4096)
        : memory(0x100000, pages)
    {
        auto map = region(memory.phys_base(), pages, boot::MemoryType::Usable);
        EXPECT_TRUE(pfa.init(&map, 1, memory.offset()).is_ok());
        free_at_start = pfa.stats().free_pages;
    }

    FakeMemory memory;
    PageFrameAllocator pfa;
    PfaProvider provider { pfa, memory };
    size_t free_at_start { 0 };
};

} // namespace ts::test
