// TLB shootdown across CPUs: after a kernel page is remapped, every CPU sees the new page.
#include <arch/x86_64/Clock.hpp>
#include <core/Processor.hpp>
#include <lib/Atomic.hpp>
#include <mm/DirectMap.hpp>
#include <mm/KernelAddressSpace.hpp>
#include <mm/Pmm.hpp>
#include <mm/TlbShootdown.hpp>
#include <sched/Mutex.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

#include "KernelTest.hpp"

namespace ts {

namespace {

constexpr uint64_t WINDOW = 0xffffc00000200000ull;

struct Readers {
    VirtAddr address;
    Atomic<uint32_t> phase { 0 };   // 1: read (warms the TLB), 2: read again, 3: stop
    Atomic<uint32_t> acks { 0 };
    Atomic<uint32_t> stale { 0 };
    uint64_t expected[3] {};
    Completion done;
    uint32_t readers { 0 };
};

void reader(void* argument)
{
    auto& r = *static_cast<Readers*>(argument);
    uint32_t seen = 0;
    for (;;) {
        uint32_t phase = r.phase.load();
        if (phase == 3)
            break;
        if (phase != seen && phase != 0) {
            uint64_t value = *r.address.as_ptr<volatile uint64_t>();
            if (value != r.expected[phase])
                r.stale.fetch_add(1);
            seen = phase;
            r.acks.fetch_add(1);
        }
        // Keep running on this CPU (not idle): the shootdown must reach us by IPI.
        arch::pause();
    }
    if (r.acks.fetch_add(1) + 1 == 2 * r.readers + r.readers)
        r.done.complete();
}

struct Driver {
    test::TestContext* context;
    Completion done;
};

void drive(test::TestContext& ktest_context);

void driver_thread(void* argument)
{
    auto& driver = *static_cast<Driver*>(argument);
    drive(*driver.context);
    driver.done.complete();
}

} // namespace

// The test runs on a thread pinned to CPU 0, with one reader pinned to each other CPU, so
// every reader is running (not idle, not sharing our CPU) when the mapping changes.
KTEST(tlb, remapped_kernel_page_is_seen_everywhere)
{
    Driver driver { &ktest_context, {} };
    KASSERT(Thread::spawn_on(0, "tlb-driver", driver_thread, &driver).is_ok());
    driver.done.wait();
}

namespace {

void drive(test::TestContext& ktest_context)
{
    uint32_t cpus = sched::online_cpus();
    auto a = pmm::allocate_zeroed_page();
    auto b = pmm::allocate_zeroed_page();
    KASSERT(a.is_ok() && b.is_ok());
    *phys_to_ptr<uint64_t>(a.value()) = 0xAAAA;
    *phys_to_ptr<uint64_t>(b.value()) = 0xBBBB;
    Readers r;
    r.address = VirtAddr(WINDOW);
    r.expected[1] = 0xAAAA;
    r.expected[2] = 0xBBBB;
    r.readers = cpus > 1 ? cpus - 1 : 0;
    KASSERT(vmm::map_kernel_page(r.address, a.value(), arch::PageFlags::Write).is_ok());
    for (uint32_t i = 1; i < cpus; ++i)
        KASSERT(Thread::spawn_on(i, "tlb-reader", reader, &r).is_ok());
    uint64_t ipis_before = tlb::ipis_sent();

    r.phase.store(1); // everyone reads page A: the translation is now cached everywhere
    while (r.acks.load() < r.readers)
        sched::yield();
    KASSERT(vmm::unmap_kernel_page(r.address).is_ok());
    KASSERT(vmm::map_kernel_page(r.address, b.value(), arch::PageFlags::Write).is_ok());
    r.phase.store(2); // and now they must see page B
    while (r.acks.load() < 2 * r.readers)
        sched::yield();
    r.phase.store(3);
    if (r.readers)
        r.done.wait();
    KEXPECT_EQ(r.stale.load(), 0u);
    KEXPECT_EQ(*r.address.as_ptr<volatile uint64_t>(), 0xBBBBu);
    if (cpus > 1) {
        // The busy readers were not idle, so each got an IPI.
        KEXPECT(tlb::ipis_sent() - ipis_before >= r.readers);
    }
    KEXPECT(vmm::unmap_kernel_page(r.address).is_ok());
    pmm::free_page(a.value());
    pmm::free_page(b.value());
}

} // namespace

} // namespace ts
