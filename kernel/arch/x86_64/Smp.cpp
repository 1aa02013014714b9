// SMP start-up. See Smp.hpp and Trampoline.S. Ref: Intel SDM Vol. 3A §9.4.4.1 (the
// INIT-SIPI-SIPI sequence and its delays), §11.6 (IPIs).
#include "Smp.hpp"
#include "UserMode.hpp"

#include <core/Log.hpp>
#include <core/Processor.hpp>
#include <lib/CString.hpp>
#include <mm/DirectMap.hpp>
#include <mm/KernelAddressSpace.hpp>
#include <mm/Pmm.hpp>

#include "Apic.hpp"
#include "Clock.hpp"
#include "Cpu.hpp"
#include "Fpu.hpp"
#include "Interrupts.hpp"

extern "C" char smp_trampoline_start[], smp_trampoline_end[];
extern "C" char smp_ap_long_mode[];

namespace ts::arch {

namespace {

constexpr uint64_t TRAMPOLINE_PHYS = 0x8000; // SIPI vector 0x08
constexpr uint64_t PARAMS_OFFSET = 0xF00;
constexpr size_t TRAMPOLINE_PAGES = 4;       // code, PML4, PDPT, PD
constexpr size_t AP_STACK_PAGES = 4;

// Mirrors the offsets Trampoline.S reads.
struct TrampolineParams {
    uint64_t low_pml4;    // +0
    uint64_t kernel_cr3;  // +8
    uint64_t stack_top;   // +16
    uint64_t entry;       // +24
    uint32_t index;       // +32
    uint32_t ready;       // +36
    uint32_t efer_extra;  // +40: EFER bits beyond LME (NXE when the kernel uses NX)
    uint32_t reserved;
};
static_assert(sizeof(TrampolineParams) == 48);

volatile TrampolineParams* params() { return phys_to_ptr<TrampolineParams>(PhysAddr(TRAMPOLINE_PHYS + PARAMS_OFFSET)); }

// A page table for the trip through the trampoline: the first 2 MiB identity-mapped
// (where the trampoline runs while paging turns on) plus the kernel's upper half.
void build_low_tables()
{
    constexpr uint64_t PML4 = TRAMPOLINE_PHYS + 0x1000, PDPT = TRAMPOLINE_PHYS + 0x2000, PD = TRAMPOLINE_PHYS + 0x3000;
    auto* pml4 = phys_to_ptr<uint64_t>(PhysAddr(PML4));
    auto* pdpt = phys_to_ptr<uint64_t>(PhysAddr(PDPT));
    auto* pd = phys_to_ptr<uint64_t>(PhysAddr(PD));
    memset(pml4, 0, 4096);
    memset(pdpt, 0, 4096);
    memset(pd, 0, 4096);
    const auto* kernel = phys_to_ptr<uint64_t>(vmm::kernel_page_table().root());
    for (unsigned i = 256; i < 512; ++i)
        pml4[i] = kernel[i];
    pml4[0] = PDPT | 0x3;
    pdpt[0] = PD | 0x3;
    pd[0] = 0x0 | 0x83; // present, writable, 2 MiB
    params()->low_pml4 = PML4;
}

template<typename Done>
bool wait_until(Done done, uint64_t timeout_ns)
{
    uint64_t end = monotonic_ns() + timeout_ns;
    while (!done()) {
        if (monotonic_ns() > end)
            return false;
        pause();
    }
    return true;
}

bool g_trampoline_reserved = false;

} // namespace

void smp_reserve_trampoline()
{
    auto claimed = pmm::claim_range(PhysAddr(TRAMPOLINE_PHYS), TRAMPOLINE_PAGES);
    g_trampoline_reserved = claimed.is_ok();
    if (claimed.is_error())
        log_error("smp: trampoline pages at 0x%llx unavailable (%s): other CPUs cannot start",
            static_cast<unsigned long long>(TRAMPOLINE_PHYS), error_name(claimed.error()));
}

size_t smp_start_aps(const CpuDescriptor* cpus, size_t count)
{
    uint32_t self = lapic_id();
    size_t wanted = 0;
    for (size_t i = 0; i < count; ++i)
        wanted += cpus[i].enabled && cpus[i].apic_id != self;
    if (wanted == 0)
        return 0;

    if (!g_trampoline_reserved)
        return 0;
    memcpy(phys_to_ptr<void>(PhysAddr(TRAMPOLINE_PHYS)), smp_trampoline_start,
        static_cast<size_t>(smp_trampoline_end - smp_trampoline_start));
    build_low_tables();
    params()->kernel_cr3 = read_cr3();
    params()->entry = reinterpret_cast<uint64_t>(smp_ap_long_mode);
    params()->efer_extra = static_cast<uint32_t>(rdmsr(MSR_EFER) & EFER_NXE);

    size_t started = 0;
    for (size_t i = 0; i < count; ++i) {
        const CpuDescriptor& cpu = cpus[i];
        if (!cpu.enabled || cpu.apic_id == self)
            continue;
        uint32_t index = processor_allocate(cpu.apic_id, cpu.acpi_uid);
        if (index >= MAX_CPUS) {
            log_warn("smp: more than %u CPUs; APIC id %u and later stay off", MAX_CPUS, cpu.apic_id);
            break;
        }
        auto stack = pmm::allocate_contiguous(AP_STACK_PAGES);
        if (stack.is_error()) {
            log_error("smp: no memory for the stack of APIC id %u", cpu.apic_id);
            break;
        }
        params()->stack_top = phys_to_virt(stack.value()).value() + AP_STACK_PAGES * PAGE_SIZE;
        params()->index = index;
        params()->ready = 0;
        Processor& p = processor(index);
        __atomic_store_n(&p.online, false, __ATOMIC_RELEASE);

        lapic_send_init(cpu.apic_id);
        delay_ns(10000000); // 10 ms
        lapic_send_startup(cpu.apic_id, TRAMPOLINE_PHYS >> 12);
        auto ready = [] { return __atomic_load_n(&params()->ready, __ATOMIC_ACQUIRE) != 0; };
        if (!wait_until(ready, 1000000)) { // 1 ms, then the second SIPI
            lapic_send_startup(cpu.apic_id, TRAMPOLINE_PHYS >> 12);
            wait_until(ready, 1000000000); // emulators can be slow to start a vCPU
        }
        bool up = ready() && wait_until([&] { return __atomic_load_n(&p.online, __ATOMIC_ACQUIRE); }, 2000000000);
        if (!up) {
            // Leave it out: its index stays allocated but offline, and the boot goes on.
            log_error("smp: CPU with APIC id %u did not start", cpu.apic_id);
            continue;
        }
        ++started;
    }
    return started;
}

} // namespace ts::arch

// Called from Trampoline.S on the AP's own stack, with the kernel's page tables loaded.
extern "C" [[noreturn]] void smp_ap_main(uint32_t index)
{
    using namespace ts;
    processor_install(index);
    Processor& p = this_processor();
    arch::gdt_init_cpu(p.tables);
    processor_install(index); // loading the GDT reset the GS base
    arch::idt_load();
    arch::fpu_init_cpu(false);
    arch::user_mode_init_cpu();
    arch::lapic_init_cpu();
    ap_started(index);
}
