// HPET and ACPI PM timer. See Hpet.hpp.
#include "Hpet.hpp"

#include <mm/Mmio.hpp>

#include "Cpu.hpp"

namespace ts::arch {

namespace {

constexpr uint64_t REG_CAPABILITIES = 0x000, REG_CONFIG = 0x010, REG_COUNTER = 0x0F0;
constexpr uint64_t CONFIG_ENABLE = 1;
constexpr uint64_t MAX_PERIOD_FS = 100000000; // the spec's upper bound: 100 ns per tick

volatile uint64_t* g_hpet = nullptr;
uint64_t g_frequency = 0;

uint64_t read_reg(uint64_t offset) { return g_hpet[offset / 8]; }
void write_reg(uint64_t offset, uint64_t value) { g_hpet[offset / 8] = value; }

uint64_t hpet_read_context(void*) { return hpet_read(); }

uint64_t pm_timer_read(void* context)
{
    auto port = static_cast<uint16_t>(reinterpret_cast<uintptr_t>(context));
    uint32_t value;
    asm volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

} // namespace

Result<void> hpet_init(PhysAddr base)
{
    VirtAddr mapped = TRY(vmm::map_mmio(base, 1024));
    g_hpet = mapped.as_ptr<volatile uint64_t>();
    uint64_t period_fs = read_reg(REG_CAPABILITIES) >> 32;
    if (period_fs == 0 || period_fs > MAX_PERIOD_FS) {
        g_hpet = nullptr;
        return Error::NotSupported;
    }
    g_frequency = 1000000000000000ull / period_fs;
    write_reg(REG_CONFIG, read_reg(REG_CONFIG) | CONFIG_ENABLE);
    return {};
}

bool hpet_present() { return g_hpet != nullptr; }
uint64_t hpet_read() { return g_hpet ? read_reg(REG_COUNTER) : 0; }
uint64_t hpet_frequency_hz() { return g_frequency; }

ReferenceTimer hpet_reference() { return ReferenceTimer { "HPET", g_frequency, 64, hpet_read_context, nullptr }; }

ReferenceTimer pm_timer_reference(uint16_t port, bool extended_32bit)
{
    return ReferenceTimer { "ACPI PM timer", 3579545, extended_32bit ? 32u : 24u, pm_timer_read,
        reinterpret_cast<void*>(static_cast<uintptr_t>(port)) };
}

} // namespace ts::arch
