// TlbShootdown: keeping other CPUs' TLBs coherent after a kernel mapping changes.
// Layer: mm (uses the arch facade for IPIs and invalidation).
//
// The kernel half of the address space is shared by every CPU, so after unmapping or
// narrowing a kernel page each CPU that may hold the old translation must drop it. An IPI
// goes only to CPUs that need it: a CPU halted in its idle loop is skipped, and flushes
// everything when it wakes if a shootdown happened while it slept (its generation
// counter lags the global one). Ref: Intel SDM Vol. 3A §4.10.5 (propagation of paging
// changes), §4.10.4.1 (INVLPG; CR4.PGE toggling flushes global entries).
#pragma once

#include <lib/Addr.hpp>

namespace ts::tlb {

// Invalidates `address` on this CPU and every other CPU that may cache it, and returns
// when all of them have. Call from thread context with interrupts enabled (it waits for
// the other CPUs, which must be able to take the IPI meanwhile).
void shootdown(VirtAddr address);
// Drops every user (non-global) translation on the CPUs in `cpu_mask` (bit i = CPU index
// i): after user mappings were removed or narrowed. Same calling rules as shootdown().
void shootdown_user(uint64_t cpu_mask);

// The IPI handler and the idle loop's catch-up (called with interrupts off).
void handle_ipi();
void catch_up_after_idle();

uint64_t ipis_sent();

} // namespace ts::tlb
