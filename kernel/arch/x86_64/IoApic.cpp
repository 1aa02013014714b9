// I/O APIC routing. See IoApic.hpp.
#include "IoApic.hpp"

#include <mm/Mmio.hpp>
#include <sched/Spinlock.hpp>

namespace ts::arch {

namespace {

constexpr size_t MAX_IOAPICS = 8;
constexpr size_t MAX_OVERRIDES = 48;
constexpr uint32_t REG_VERSION = 0x01;
constexpr uint32_t REG_REDIRECTION = 0x10; // entry n: 0x10 + 2n (low), 0x11 + 2n (high)
constexpr uint64_t ENTRY_MASKED = 1u << 16;
constexpr uint64_t ENTRY_LEVEL = 1u << 15;
constexpr uint64_t ENTRY_ACTIVE_LOW = 1u << 13;

struct IoApic {
    uint8_t id;
    volatile uint32_t* mmio; // IOREGSEL at +0, IOWIN at +0x10
    uint32_t gsi_base;
    uint32_t inputs;
};

IoApic g_ioapics[MAX_IOAPICS];
size_t g_count = 0;
IsaOverride g_overrides[MAX_OVERRIDES];
size_t g_override_count = 0;
Spinlock g_lock(LockRank::IoApic); // protects the index/data register pairs

uint32_t read(const IoApic& io, uint32_t reg)
{
    io.mmio[0] = reg;
    return io.mmio[4];
}

void write(const IoApic& io, uint32_t reg, uint32_t value)
{
    io.mmio[0] = reg;
    io.mmio[4] = value;
}

IoApic* find(uint32_t gsi)
{
    for (size_t i = 0; i < g_count; ++i) {
        if (gsi >= g_ioapics[i].gsi_base && gsi < g_ioapics[i].gsi_base + g_ioapics[i].inputs)
            return &g_ioapics[i];
    }
    return nullptr;
}

void write_entry(const IoApic& io, uint32_t input, uint64_t entry)
{
    // High half (destination) first, so the entry is never live with a stale target.
    write(io, REG_REDIRECTION + 2 * input + 1, static_cast<uint32_t>(entry >> 32));
    write(io, REG_REDIRECTION + 2 * input, static_cast<uint32_t>(entry));
}

} // namespace

Result<void> ioapic_add(uint8_t id, PhysAddr base, uint32_t gsi_base)
{
    if (g_count >= MAX_IOAPICS)
        return Error::NoSpace;
    VirtAddr mapped = TRY(vmm::map_mmio(base, 0x20));
    IoApic io { id, mapped.as_ptr<volatile uint32_t>(), gsi_base, 0 };
    io.inputs = ((read(io, REG_VERSION) >> 16) & 0xFF) + 1;
    SpinlockGuard guard(g_lock);
    for (uint32_t i = 0; i < io.inputs; ++i)
        write_entry(io, i, ENTRY_MASKED);
    g_ioapics[g_count++] = io;
    return {};
}

Result<void> ioapic_add_override(const IsaOverride& entry)
{
    if (g_override_count >= MAX_OVERRIDES)
        return Error::NoSpace;
    g_overrides[g_override_count++] = entry;
    return {};
}

size_t ioapic_count() { return g_count; }

Result<void> ioapic_route_gsi(uint32_t gsi, uint8_t vector, uint32_t apic_id, Polarity polarity, Trigger trigger)
{
    IoApic* io = find(gsi);
    if (!io)
        return Error::NotFound;
    if (vector < 0x20 || apic_id > 0xFF)
        return Error::InvalidArgument; // physical destination mode takes an 8-bit ID
    uint64_t entry = vector | (uint64_t(apic_id) << 56);
    if (polarity == Polarity::ActiveLow)
        entry |= ENTRY_ACTIVE_LOW;
    if (trigger == Trigger::Level)
        entry |= ENTRY_LEVEL;
    SpinlockGuard guard(g_lock);
    write_entry(*io, gsi - io->gsi_base, entry);
    return {};
}

Result<uint32_t> ioapic_route_isa_irq(uint8_t irq, uint8_t vector, uint32_t apic_id)
{
    IsaOverride route { irq, irq, Polarity::ActiveHigh, Trigger::Edge };
    for (size_t i = 0; i < g_override_count; ++i) {
        if (g_overrides[i].isa_irq == irq)
            route = g_overrides[i];
    }
    TRY(ioapic_route_gsi(route.gsi, vector, apic_id, route.polarity, route.trigger));
    return route.gsi;
}

Result<void> ioapic_mask(uint32_t gsi)
{
    IoApic* io = find(gsi);
    if (!io)
        return Error::NotFound;
    SpinlockGuard guard(g_lock);
    write_entry(*io, gsi - io->gsi_base, ENTRY_MASKED);
    return {};
}

} // namespace ts::arch
