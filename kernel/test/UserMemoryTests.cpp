// User memory from the kernel's side: the user-copy routines against real page tables,
// TLB shootdowns of user mappings across CPUs, and address spaces giving back every page.
// The threads here are kernel threads that carry an address space (as user threads do),
// so the scheduler loads its tables on their CPU; they touch user memory only through
// the copy routines, as syscalls do.
#include <arch/x86_64/Cpu.hpp>
#include <core/Processor.hpp>
#include <lib/Atomic.hpp>
#include <mm/AddressSpace.hpp>
#include <mm/DirectMap.hpp>
#include <mm/Pmm.hpp>
#include <mm/TlbShootdown.hpp>
#include <mm/UserAccess.hpp>
#include <sched/Mutex.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

#include "KernelTest.hpp"

namespace ts {

namespace {

constexpr uint64_t PAGE = 4096;
constexpr uint64_t BASE = 0x4000'0000;

struct Job {
    test::TestContext* context;
    vmm::AddressSpace* space;
    void (*body)(test::TestContext&, vmm::AddressSpace&);
    Completion done;
};

void run_job(void* argument)
{
    auto& job = *static_cast<Job*>(argument);
    job.body(*job.context, *job.space);
    job.done.complete();
}

// Waits until a thread has ended and its last switch is done, then drops it: its stack
// is free when this returns, so later tests see settled memory.
void settle(NonnullRefPtr<Thread> thread)
{
    thread->join();
    while (thread->ref_count() > 1)
        arch::pause();
}

// Runs `body` on a thread of `space` pinned to CPU 0.
void in_address_space(test::TestContext& ktest_context, vmm::AddressSpace& space,
    void (*body)(test::TestContext&, vmm::AddressSpace&))
{
    Job job { &ktest_context, &space, body, {} };
    auto thread = Thread::spawn_user("umem-test", run_job, &job, &space, nullptr, 0, 0);
    KASSERT(thread.is_ok());
    job.done.wait();
    settle(thread.release_value());
}

void copies(test::TestContext& ktest_context, vmm::AddressSpace& space)
{
    KASSERT(space.reserve(BASE, 4, vmm::Prot::ReadWrite).is_ok());
    KASSERT(space.guard(BASE + 4 * PAGE).is_ok());
    const char text[] = "through the user copy";
    KEXPECT(copy_to_user(UserPtr<void>(BASE + PAGE - 5), text, sizeof(text)).is_ok()); // across a page
    char back[sizeof(text)] = {};
    KEXPECT(copy_from_user(back, UserPtr<const void>(BASE + PAGE - 5), sizeof(back)).is_ok());
    KEXPECT(__builtin_memcmp(back, text, sizeof(text)) == 0);
    char name[8];
    auto length = copy_string_from_user(name, sizeof(name), UserPtr<const char>(BASE + PAGE - 5));
    KEXPECT(length.is_error() && length.error() == Error::TooBig); // no NUL within 8 bytes
    KEXPECT(copy_string_from_user(back, sizeof(back), UserPtr<const char>(BASE + PAGE - 5)).value_or(0) == 21);

    // Hostile addresses: nothing faults in the kernel, everything is Fault.
    const uint64_t bad[] = { 0, 0x10, BASE + 4 * PAGE /* guard */, BASE + 5 * PAGE /* unmapped */,
        0xffff'8000'0000'0000 /* kernel */, 0x0000'8000'0000'0000 /* non-canonical */,
        vmm::USER_END - 4 /* straddles the end */ };
    for (uint64_t address : bad) {
        KEXPECT_EQ(copy_from_user(back, UserPtr<const void>(address), 8).error(), Error::Fault);
        KEXPECT_EQ(copy_to_user(UserPtr<void>(address), text, 8).error(), Error::Fault);
    }
    // A read-only page refuses the kernel's write too (CR0.WP).
    KASSERT(space.protect(BASE + 2 * PAGE, 1, vmm::Prot::Read).is_ok());
    KEXPECT_EQ(copy_to_user(UserPtr<void>(BASE + 2 * PAGE), text, 1).error(), Error::Fault);
    KEXPECT(copy_from_user(back, UserPtr<const void>(BASE + 2 * PAGE), 1).is_ok());
    // Futex words.
    KEXPECT(compare_exchange_user_u32(UserPtr<uint32_t>(BASE + 3 * PAGE), 0, 7).value_or(false));
    KEXPECT_EQ(load_user_u32(UserPtr<const uint32_t>(BASE + 3 * PAGE)).value_or(0), 7u);
    KEXPECT_EQ(load_user_u32(UserPtr<const uint32_t>(BASE + 3 * PAGE + 2)).error(), Error::InvalidArgument);
}

} // namespace

KTEST(usermem, copies_succeed_or_fail_cleanly)
{
    auto space = vmm::AddressSpace::create();
    KASSERT(space.is_ok());
    in_address_space(ktest_context, *space.value(), copies);
}

namespace {

// Readers on the other CPUs keep reading the page at BASE through their own TLBs while
// CPU 0 unmaps it (they must fault from then on) and maps a new page (they must see it).
struct Readers {
    vmm::AddressSpace* space;
    Atomic<uint32_t> phase { 0 }; // 1: expect A, 2: expect a fault, 3: expect B, 4: stop
    Atomic<uint32_t> acks { 0 };
    Atomic<uint32_t> wrong { 0 };
    Atomic<uint32_t> finished { 0 };
    uint32_t readers { 0 };
    Completion done;
};

void reader(void* argument)
{
    auto& r = *static_cast<Readers*>(argument);
    uint32_t seen = 0;
    for (;;) {
        uint32_t phase = r.phase.load();
        if (phase == 4)
            break;
        if (phase != seen && phase != 0) {
            uint64_t value = 0;
            auto read = copy_from_user(&value, UserPtr<const void>(BASE), 8);
            bool right = phase == 1 ? read.is_ok() && value == 0xAAAA
                : phase == 2        ? read.is_error()
                                    : read.is_ok() && value == 0xBBBB;
            if (!right)
                r.wrong.fetch_add(1);
            seen = phase;
            r.acks.fetch_add(1);
        }
        arch::pause(); // stay busy on this CPU: the shootdown must come by IPI
    }
    if (r.finished.fetch_add(1) + 1 == r.readers)
        r.done.complete();
}

void shootdowns(test::TestContext& ktest_context, vmm::AddressSpace& space)
{
    const uint32_t cpus = sched::online_cpus();
    Readers r;
    r.space = &space;
    r.readers = cpus - 1;
    KASSERT(space.reserve(BASE, 1, vmm::Prot::ReadWrite).is_ok());
    *phys_to_ptr<uint64_t>(space.populate(BASE).value()) = 0xAAAA;
    RefPtr<Thread> readers[MAX_CPUS];
    for (uint32_t i = 1; i < cpus; ++i) {
        auto thread = Thread::spawn_user("umem-reader", reader, &r, &space, nullptr, 0, static_cast<int32_t>(i));
        KASSERT(thread.is_ok());
        readers[i] = thread.release_value();
    }
    uint64_t ipis = tlb::ipis_sent();
    auto wait_acks = [&](uint32_t count) {
        while (r.acks.load() < count)
            sched::yield();
    };
    r.phase.store(1);
    wait_acks(r.readers);
    KASSERT(space.unmap(BASE, 1).is_ok());
    r.phase.store(2);
    wait_acks(2 * r.readers);
    KASSERT(space.reserve(BASE, 1, vmm::Prot::ReadWrite).is_ok());
    *phys_to_ptr<uint64_t>(space.populate(BASE).value()) = 0xBBBB;
    r.phase.store(3);
    wait_acks(3 * r.readers);
    r.phase.store(4);
    r.done.wait();
    for (uint32_t i = 1; i < cpus; ++i) {
        NonnullRefPtr<Thread> thread(*readers[i]);
        readers[i] = nullptr; // ours is then the only reference but the scheduler's
        settle(static_cast<NonnullRefPtr<Thread>&&>(thread));
    }
    KEXPECT_EQ(r.wrong.load(), 0u);
    KEXPECT(tlb::ipis_sent() - ipis >= r.readers); // the readers had it loaded, so they got IPIs
}

} // namespace

KTEST(usermem, unmapped_user_pages_are_shot_down_on_every_cpu)
{
    if (sched::online_cpus() < 2)
        return; // one CPU: nothing to shoot down (the smp2/smp4 boots run it)
    auto space = vmm::AddressSpace::create();
    KASSERT(space.is_ok());
    in_address_space(ktest_context, *space.value(), shootdowns);
}

KTEST(usermem, address_spaces_give_back_every_page)
{
    const size_t before = pmm::stats().free_pages;
    {
        auto space = vmm::AddressSpace::create();
        KASSERT(space.is_ok());
        vmm::AddressSpace& s = *space.value();
        KASSERT(s.reserve(BASE, (1ull << 30) / PAGE, vmm::Prot::ReadWrite).is_ok());
        for (uint64_t i = 0; i < 300; ++i)
            KASSERT(s.populate(BASE + i * 7 * PAGE).is_ok());
        KEXPECT_EQ(s.counters().resident, 300u);
        KASSERT(s.unmap(BASE + 100 * PAGE, 1000).is_ok()); // a partial unmap in the middle
        KEXPECT(s.counters().resident < 300u);
    }
    KEXPECT_EQ(pmm::stats().free_pages, before);
}

} // namespace ts
