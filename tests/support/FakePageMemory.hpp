// FakePageMemory: host memory standing in for physical pages behind a direct map, for
// the page-table tests (arch/x86_64/PageTable, mm/UserMappings). Part of tests/support:
// host-only test code. Pages [0, PAGES) live at physical 0x100000 upwards; allocation
// zeroes the page; `budget` makes allocation fail after that many more (-1: never).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>

#include "arch/x86_64/PageTable.hpp"

namespace ts::test {

struct FakePageMemory {
    static constexpr uint64_t BASE = 0x100000;
    const size_t pages;
    uint8_t* buffer;
    std::set<uint64_t> free_pages;
    size_t allocated = 0;
    long budget = -1;

    explicit FakePageMemory(size_t page_count = 2048)
        : pages(page_count), buffer(static_cast<uint8_t*>(std::aligned_alloc(4096, page_count * 4096)))
    {
        for (size_t i = 0; i < pages; ++i)
            free_pages.insert(BASE + i * 4096);
    }
    ~FakePageMemory() { std::free(buffer); }
    FakePageMemory(const FakePageMemory&) = delete;
    FakePageMemory& operator=(const FakePageMemory&) = delete;

    uint64_t offset() const { return reinterpret_cast<uint64_t>(buffer) - BASE; }
    uint8_t* at(PhysAddr page) { return buffer + (page.value() - BASE); }

    static Result<PhysAddr> allocate(void* context)
    {
        auto* self = static_cast<FakePageMemory*>(context);
        if (self->budget == 0 || self->free_pages.empty())
            return Error::NoMemory;
        if (self->budget > 0)
            --self->budget;
        uint64_t page = *self->free_pages.begin();
        self->free_pages.erase(self->free_pages.begin());
        std::memset(self->buffer + (page - BASE), 0, 4096);
        ++self->allocated;
        return PhysAddr(page);
    }
    static void free(void* context, PhysAddr page)
    {
        auto* self = static_cast<FakePageMemory*>(context);
        EXPECT_TRUE(self->free_pages.insert(page.value()).second) << "double free of page 0x" << std::hex << page.value();
        --self->allocated;
    }
    arch::PageTableMemory memory() { return { allocate, free, this, offset() }; }
};

} // namespace ts::test
