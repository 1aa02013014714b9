// Shared set-up for the host benchmarks of the kernel/mm cores: a 2 MiB-aligned host
// buffer posing as physical memory behind a direct map, a PageFrameAllocator over it,
// and a PageProvider that feeds a heap from that allocator the way the kernel's adapter
// (mm/Heap.cpp) does. Host-only; aborts on set-up failure since a benchmark has no one
// to return an error to.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "arch/x86_64/BootInfo.hpp"
#include "mm/PageFrameAllocator.hpp"
#include "mm/SlabHeap.hpp"

namespace ts::bench {

class BenchMemory {
public:
    static constexpr uint64_t PHYS_BASE = 0x100000;

    explicit BenchMemory(size_t pages)
        : m_bytes(align_up(pages * PAGE_SIZE, 2 * MiB))
        , m_buffer(static_cast<uint8_t*>(std::aligned_alloc(2 * MiB, m_bytes)))
    {
        if (!m_buffer)
            die("out of host memory");
        // Touch every page once so page faults of the host do not land in the timings.
        std::memset(m_buffer, 0, m_bytes);
        boot::MemoryRegion map { PHYS_BASE, pages, boot::MemoryType::Usable, 0 };
        if (m_pfa.init(&map, 1, offset()).is_error())
            die("PageFrameAllocator::init failed");
    }
    ~BenchMemory() { std::free(m_buffer); }
    BenchMemory(const BenchMemory&) = delete;
    BenchMemory& operator=(const BenchMemory&) = delete;

    uint64_t offset() const { return reinterpret_cast<uint64_t>(m_buffer) - PHYS_BASE; }
    PageFrameAllocator& pfa() { return m_pfa; }

    [[noreturn]] static void die(const char* why)
    {
        std::fprintf(stderr, "bench set-up: %s\n", why);
        std::abort();
    }

private:
    size_t m_bytes;
    uint8_t* m_buffer;
    PageFrameAllocator m_pfa;
};

class BenchProvider final : public PageProvider {
public:
    explicit BenchProvider(BenchMemory& memory) : m_memory(memory) {}

    Result<VirtAddr> allocate_run(size_t pages, size_t align_pages) override
    {
        PhysAddr phys = TRY(m_memory.pfa().allocate_contiguous(pages, align_pages));
        return VirtAddr(phys.value() + m_memory.offset());
    }
    void free_run(VirtAddr base, size_t pages) override
    {
        if (m_memory.pfa().free_contiguous(PhysAddr(base.value() - m_memory.offset()), pages).is_error())
            BenchMemory::die("free_run refused");
    }

private:
    BenchMemory& m_memory;
};

} // namespace ts::bench
