// Processor blocks. See Processor.hpp.
#include "Processor.hpp"

#include <arch/x86_64/Cpu.hpp>

namespace ts {

namespace {
constexpr uint32_t MSR_GS_BASE = 0xC0000101;
Processor g_processors[MAX_CPUS];
uint32_t g_count = 1; // the boot CPU exists from the start
} // namespace

Processor& processor(uint32_t index) { return g_processors[index]; }

uint32_t processor_count() { return __atomic_load_n(&g_count, __ATOMIC_ACQUIRE); }

void processor_install(uint32_t index)
{
    Processor& p = g_processors[index];
    p.self = &p;
    p.index = index;
    arch::wrmsr(MSR_GS_BASE, reinterpret_cast<uint64_t>(&p));
}

uint32_t processor_allocate(uint32_t apic_id, uint32_t acpi_uid)
{
    // Called by the boot CPU only, while it starts the others one by one.
    if (g_count >= MAX_CPUS)
        return MAX_CPUS;
    uint32_t index = g_count;
    g_processors[index].apic_id = apic_id;
    g_processors[index].acpi_uid = acpi_uid;
    __atomic_store_n(&g_count, index + 1, __ATOMIC_RELEASE);
    return index;
}

} // namespace ts
