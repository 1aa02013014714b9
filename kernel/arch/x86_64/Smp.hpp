// Smp: starting the application processors. Layer: arch facade.
// The boot CPU starts each CPU the MADT lists, one at a time, with INIT-SIPI-SIPI through
// a trampoline copied below 1 MiB; each AP sets up its own GDT/TSS/IST stacks, IDT, FPU
// and local APIC, installs its Processor block in GS and calls the generic
// `ap_started(index)` hook (core/Main.cpp), which never returns.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts::arch {

struct CpuDescriptor {
    uint32_t apic_id;
    uint32_t acpi_uid;
    bool enabled;
};

// Reserves the trampoline's pages below 1 MiB. Called right after the page allocator
// has taken the firmware's memory back, before anything else can allocate them.
void smp_reserve_trampoline();

// Starts every enabled CPU in `cpus` other than the caller; returns how many came online.
// A CPU that does not answer is logged and skipped.
size_t smp_start_aps(const CpuDescriptor* cpus, size_t count);

} // namespace ts::arch

namespace ts {
// Provided by core: what an AP runs once its arch state is up.
[[noreturn]] void ap_started(uint32_t index);
} // namespace ts
