// TLB shootdown. See TlbShootdown.hpp.
#include "TlbShootdown.hpp"

#include <arch/x86_64/Apic.hpp>
#include <arch/x86_64/Cpu.hpp>
#include <arch/x86_64/Vectors.hpp>
#include <core/Processor.hpp>

namespace ts::tlb {

namespace {

uint64_t g_generation = 0;   // shootdowns started
uint64_t g_address = 0;      // what the current one invalidates
uint32_t g_busy = 0;         // one shootdown at a time
uint64_t g_ipis = 0;

void flush_everything()
{
    // Kernel mappings are global: reloading CR3 keeps them, toggling CR4.PGE does not.
    uint64_t cr4 = arch::read_cr4();
    arch::write_cr4(cr4 & ~(1ull << 7));
    arch::write_cr4(cr4);
}

} // namespace

namespace {

// g_address value meaning "drop every non-global translation" (no page address is odd).
constexpr uint64_t FLUSH_USER = 1;

void flush_local(uint64_t address)
{
    if (address == FLUSH_USER)
        arch::write_cr3(arch::read_cr3());
    else
        arch::invlpg(address);
}

void shootdown_on(uint64_t address, uint64_t cpu_mask)
{
    uint32_t cpus = processor_count();
    if (cpus <= 1) {
        flush_local(address);
        return;
    }
    // Serialise without disabling interrupts: a CPU waiting here must still answer the
    // IPI of the shootdown in progress.
    uint32_t expected = 0;
    while (!__atomic_compare_exchange_n(&g_busy, &expected, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        expected = 0;
        arch::pause();
    }
    // From here on stay on one CPU: "self" must mean the CPU that flushes locally. The
    // other CPUs answer with their interrupts, not ours, and none of them can be spinning
    // on g_busy with interrupts off.
    arch::InterruptGuard interrupts;
    flush_local(address);
    __atomic_store_n(&g_address, address, __ATOMIC_RELAXED);
    uint64_t generation = __atomic_add_fetch(&g_generation, 1, __ATOMIC_SEQ_CST);
    uint32_t self = this_processor().index;
    this_processor().tlb_generation = generation;
    bool targeted[MAX_CPUS] = {};
    for (uint32_t i = 0; i < cpus; ++i) {
        Processor& p = processor(i);
        if (i == self || !(cpu_mask & (1ull << i)) || !__atomic_load_n(&p.online, __ATOMIC_ACQUIRE))
            continue;
        // Ordered after the generation increment (seq_cst on both sides): an idle CPU
        // that we skip sees the new generation when it wakes and flushes.
        if (__atomic_load_n(&p.idle, __ATOMIC_SEQ_CST))
            continue;
        targeted[i] = true;
        __atomic_fetch_add(&g_ipis, 1, __ATOMIC_RELAXED);
        arch::lapic_send_ipi(p.apic_id, arch::VECTOR_IPI_TLB);
    }
    for (uint32_t i = 0; i < cpus; ++i) {
        while (targeted[i] && __atomic_load_n(&processor(i).tlb_generation, __ATOMIC_ACQUIRE) < generation
            && !__atomic_load_n(&processor(i).idle, __ATOMIC_SEQ_CST))
            arch::pause();
    }
    __atomic_store_n(&g_busy, 0, __ATOMIC_RELEASE);
}

} // namespace

void shootdown(VirtAddr address) { shootdown_on(address.value(), ~0ull); }

void shootdown_user(uint64_t cpu_mask)
{
    {
        // Only this CPU has the address space loaded, or none does: no IPI at all. (A
        // CPU that loads it later starts with a fresh CR3 and no stale entries.)
        arch::InterruptGuard interrupts;
        const uint64_t self = 1ull << this_processor().index;
        if ((cpu_mask & ~self) == 0) {
            if (cpu_mask & self)
                flush_local(FLUSH_USER);
            return;
        }
    }
    shootdown_on(FLUSH_USER, cpu_mask);
}

void handle_ipi()
{
    Processor& cpu = this_processor();
    uint64_t generation = __atomic_load_n(&g_generation, __ATOMIC_SEQ_CST);
    if (generation == cpu.tlb_generation + 1)
        flush_local(__atomic_load_n(&g_address, __ATOMIC_RELAXED));
    else if (generation != cpu.tlb_generation)
        flush_everything(); // missed one or more: no single address covers them
    __atomic_store_n(&cpu.tlb_generation, generation, __ATOMIC_RELEASE);
}

void catch_up_after_idle()
{
    Processor& cpu = this_processor();
    uint64_t generation = __atomic_load_n(&g_generation, __ATOMIC_SEQ_CST);
    if (generation != cpu.tlb_generation) {
        flush_everything();
        __atomic_store_n(&cpu.tlb_generation, generation, __ATOMIC_RELEASE);
    }
}

uint64_t ipis_sent() { return __atomic_load_n(&g_ipis, __ATOMIC_RELAXED); }

} // namespace ts::tlb
