// Device interrupts through the I/O APIC, routed by ISA IRQ so the MADT's overrides apply:
// the PIT's IRQ 0 arrives at GSI 2 on QEMU (and most PCs), so this only passes when the
// override is honoured.
#include <arch/x86_64/Apic.hpp>
#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/Cpu.hpp>
#include <arch/x86_64/Interrupts.hpp>
#include <arch/x86_64/IoApic.hpp>
#include <core/Log.hpp>
#include <core/Panic.hpp>
#include <core/Processor.hpp>
#include <lib/Atomic.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Spinlock.hpp>

#include "KernelTest.hpp"

namespace ts {

namespace {

constexpr uint8_t TEST_VECTOR = 0x70;
Atomic<uint64_t> g_ticks { 0 };

void on_pit(arch::InterruptFrame&) { g_ticks.fetch_add(1); }

} // namespace

KTEST(ioapic, pit_irq0_arrives_through_the_override)
{
    static bool registered = false;
    if (!registered)
        KASSERT(arch::set_interrupt_handler(TEST_VECTOR, on_pit));
    registered = true;
    // PIT channel 0, mode 2 (rate generator), ~1 kHz. Ref: Intel 8254 datasheet.
    constexpr uint16_t DIVISOR = 1193;
    arch::outb(0x43, 0x34);
    arch::outb(0x40, DIVISOR & 0xff);
    arch::outb(0x40, DIVISOR >> 8);
    g_ticks.store(0);
    auto gsi = arch::ioapic_route_isa_irq(0, TEST_VECTOR, this_processor().apic_id);
    KASSERT(gsi.is_ok());
    uint64_t deadline = arch::monotonic_ns() + 2000000000ull;
    while (g_ticks.load() < 20 && arch::monotonic_ns() < deadline)
        sched::sleep_ns(1000000);
    KEXPECT(arch::ioapic_mask(gsi.value()).is_ok());
    arch::outb(0x43, 0x30); // mode 0 with no count loaded: the channel stays quiet
    KEXPECT(g_ticks.load() >= 20);
    log("ioapic: ISA IRQ 0 routed to GSI %u, %llu interrupts", gsi.value(),
        static_cast<unsigned long long>(g_ticks.load()));
    // The MADT says IRQ 0 is GSI 2 on every machine QEMU emulates.
    KEXPECT_EQ(gsi.value(), 2u);
}

// Sleeping with a spinlock held is a bug the kernel catches, not a silent deadlock.
KTEST_EXPECT_PANIC(panic, sleep_with_spinlock_held)
{
    static Spinlock lock;
    SpinlockGuard guard(lock);
    sched::sleep_ns(1000);
}

} // namespace ts

namespace ts {

// Taking locks against the documented order panics at the acquisition.
KTEST_EXPECT_PANIC(panic, lock_order_violation)
{
    static Spinlock outer(LockRank::Pmm);
    static Spinlock inner(LockRank::WaitQueue);
    SpinlockGuard first(outer);
    SpinlockGuard second(inner); // WaitQueue ranks below Pmm: not allowed inside it
}

} // namespace ts
