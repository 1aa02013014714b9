// Local APIC. See Apic.hpp.
#include "Apic.hpp"

#include <core/Log.hpp>
#include <lib/Math.hpp>
#include <mm/Mmio.hpp>

#include "Clock.hpp"
#include "Cpu.hpp"
#include "CpuFeatures.hpp"
#include "Vectors.hpp"

namespace ts::arch {

namespace {

constexpr uint32_t MSR_APIC_BASE = 0x1B;
constexpr uint64_t APIC_BASE_ENABLE = 1u << 11;
constexpr uint64_t APIC_BASE_X2APIC = 1u << 10;
constexpr uint32_t MSR_TSC_DEADLINE = 0x6E0;

// Register offsets (xAPIC); the x2APIC MSR is 0x800 + offset / 16. Ref: Intel SDM Vol. 3A
// Table 11-1 and Table 11-6.
constexpr uint32_t REG_ID = 0x20, REG_TPR = 0x80, REG_EOI = 0xB0, REG_SVR = 0xF0, REG_ESR = 0x280;
constexpr uint32_t REG_ICR_LOW = 0x300, REG_ICR_HIGH = 0x310, REG_LVT_TIMER = 0x320;
constexpr uint32_t REG_LVT_LINT0 = 0x350, REG_LVT_LINT1 = 0x360, REG_LVT_ERROR = 0x370;
constexpr uint32_t REG_TIMER_INITIAL = 0x380, REG_TIMER_CURRENT = 0x390, REG_TIMER_DIVIDE = 0x3E0;

constexpr uint32_t SVR_ENABLE = 1u << 8;
constexpr uint32_t LVT_MASKED = 1u << 16;
constexpr uint32_t TIMER_ONE_SHOT = 0u << 17, TIMER_TSC_DEADLINE = 2u << 17;
constexpr uint32_t ICR_DELIVERY_PENDING = 1u << 12;
constexpr uint32_t ICR_LEVEL_ASSERT = 1u << 14;
constexpr uint32_t ICR_FIXED = 0u << 8, ICR_NMI = 4u << 8, ICR_INIT = 5u << 8, ICR_STARTUP = 6u << 8;
constexpr uint32_t ICR_ALL_BUT_SELF = 3u << 18;
constexpr uint32_t DIVIDE_16 = 0x3;

bool g_x2apic = false;
bool g_tsc_deadline = false;
volatile uint32_t* g_mmio = nullptr;
bool g_ready = false; // the boot CPU's APIC is enabled in its final mode
uint64_t g_ticks_per_ms = 0; // count-down mode, divide by 16

uint32_t read(uint32_t reg)
{
    if (g_x2apic)
        return static_cast<uint32_t>(rdmsr(0x800 + (reg >> 4)));
    return g_mmio[reg / 4];
}

void write(uint32_t reg, uint32_t value)
{
    if (g_x2apic)
        wrmsr(0x800 + (reg >> 4), value);
    else
        g_mmio[reg / 4] = value;
}

void write_icr(uint32_t apic_id, uint32_t low)
{
    if (g_x2apic) {
        // One 64-bit write; the destination is the full 32-bit x2APIC ID.
        wrmsr(0x830, (uint64_t(apic_id) << 32) | low);
        return;
    }
    while (read(REG_ICR_LOW) & ICR_DELIVERY_PENDING)
        pause();
    write(REG_ICR_HIGH, apic_id << 24);
    write(REG_ICR_LOW, low);
    while (read(REG_ICR_LOW) & ICR_DELIVERY_PENDING)
        pause();
}

} // namespace

Result<void> lapic_init_boot(PhysAddr mmio_base)
{
    const CpuFeatures& f = cpu_features();
    g_x2apic = f.x2apic;
    g_tsc_deadline = f.tsc_deadline;
    if (!g_x2apic) {
        if (mmio_base.is_null())
            mmio_base = PhysAddr(rdmsr(MSR_APIC_BASE) & ~0xFFFull);
        VirtAddr mapped = TRY(vmm::map_mmio(mmio_base, 4096));
        g_mmio = mapped.as_ptr<volatile uint32_t>();
    }
    return {};
}

void lapic_init_cpu()
{
    uint64_t base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;
    if (g_x2apic)
        base |= APIC_BASE_X2APIC;
    wrmsr(MSR_APIC_BASE, base);

    write(REG_TPR, 0);                       // accept every priority
    write(REG_LVT_TIMER, LVT_MASKED | VECTOR_TIMER);
    write(REG_LVT_LINT0, LVT_MASKED);        // legacy PIC path: unused
    write(REG_LVT_LINT1, LVT_MASKED);
    write(REG_LVT_ERROR, VECTOR_LAPIC_ERROR);
    write(REG_ESR, 0);                       // arm, then clear, the error status
    write(REG_ESR, 0);
    write(REG_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
    write(REG_EOI, 0);
    g_ready = true;
}

bool lapic_x2apic() { return g_x2apic; }

uint32_t lapic_id() { return g_x2apic ? read(REG_ID) : read(REG_ID) >> 24; }

void lapic_eoi() { write(REG_EOI, 0); }

void lapic_send_ipi(uint32_t apic_id, uint8_t vector) { write_icr(apic_id, ICR_FIXED | ICR_LEVEL_ASSERT | vector); }

void lapic_broadcast_ipi(uint8_t vector) { write_icr(0, ICR_FIXED | ICR_LEVEL_ASSERT | ICR_ALL_BUT_SELF | vector); }

void lapic_send_nmi_all_but_self()
{
    // Before the APIC is up (an early panic) there are no other CPUs to stop.
    if (!g_ready)
        return;
    write_icr(0, ICR_NMI | ICR_LEVEL_ASSERT | ICR_ALL_BUT_SELF);
}

void lapic_send_init(uint32_t apic_id) { write_icr(apic_id, ICR_INIT | ICR_LEVEL_ASSERT); }

void lapic_send_startup(uint32_t apic_id, uint8_t page) { write_icr(apic_id, ICR_STARTUP | ICR_LEVEL_ASSERT | page); }

void lapic_timer_calibrate()
{
    if (g_tsc_deadline)
        return;
    // Count down from the maximum for 10 ms of TSC time; repeat and keep the median-ish
    // (middle of three) to resist interference.
    uint64_t samples[3];
    for (auto& sample : samples) {
        write(REG_TIMER_DIVIDE, DIVIDE_16);
        write(REG_LVT_TIMER, LVT_MASKED | VECTOR_TIMER);
        write(REG_TIMER_INITIAL, 0xFFFFFFFF);
        uint64_t start = monotonic_ns();
        while (monotonic_ns() - start < 10000000)
            pause();
        sample = (0xFFFFFFFFull - read(REG_TIMER_CURRENT)) / 10;
        write(REG_TIMER_INITIAL, 0);
    }
    g_ticks_per_ms = median_of_three(samples[0], samples[1], samples[2]);
    if (g_ticks_per_ms == 0)
        g_ticks_per_ms = 1;
}

void lapic_timer_arm(uint64_t deadline_ns)
{
    if (g_tsc_deadline) {
        write(REG_LVT_TIMER, TIMER_TSC_DEADLINE | VECTOR_TIMER);
        // Order the LVT write before the deadline write. Ref: Intel SDM Vol. 3A §11.5.4.1.
        asm volatile("mfence" : : : "memory");
        uint64_t tsc = tsc_from_ns(deadline_ns);
        wrmsr(MSR_TSC_DEADLINE, tsc ? tsc : 1);
        return;
    }
    uint64_t now = monotonic_ns();
    uint64_t delta_ns = deadline_ns > now ? deadline_ns - now : 0;
    uint64_t ticks = delta_ns * g_ticks_per_ms / 1000000;
    if (ticks == 0)
        ticks = 1;
    if (ticks > 0xFFFFFFFF)
        ticks = 0xFFFFFFFF; // the interrupt comes early; the handler re-arms for the rest
    write(REG_TIMER_DIVIDE, DIVIDE_16);
    write(REG_LVT_TIMER, TIMER_ONE_SHOT | VECTOR_TIMER);
    write(REG_TIMER_INITIAL, static_cast<uint32_t>(ticks));
}

void lapic_timer_cancel()
{
    if (g_tsc_deadline)
        wrmsr(MSR_TSC_DEADLINE, 0);
    else
        write(REG_TIMER_INITIAL, 0);
}

const char* lapic_timer_mode() { return g_tsc_deadline ? "TSC-deadline" : "one-shot"; }

} // namespace ts::arch
