// Processor: the per-CPU data block, reached through the GS base.
// Layer: core. Each CPU's GS base points at its Processor, whose first field points at
// itself, so `mov %gs:0` yields this CPU's block in one instruction with no lookup and no
// lock. Fields written only by the owning CPU need no lock; the others say who protects
// them.
#pragma once

#include <cstddef>
#include <cstdint>

#include <arch/x86_64/Gdt.hpp>

namespace ts {

class Thread;
struct RunQueue;

inline constexpr uint32_t MAX_CPUS = 64;

struct Processor {
    Processor* self; // must stay first: read as %gs:0
    // Read with one %gs-relative load (current_thread(), this_cpu_index()), which cannot
    // be split by a preemption that moves the thread to another CPU.
    Thread* current_thread;
    // Read by the syscall entry (arch/x86_64/SyscallEntry.S) at fixed offsets, so they
    // stay here: the running thread's kernel stack top (TSS.RSP0 holds the same value)
    // and the user stack pointer between the syscall instruction and the first push.
    uint64_t kernel_stack_top;
    uint64_t user_rsp_scratch;
    uint32_t index;  // dense, 0 = boot CPU
    uint32_t apic_id;
    uint32_t acpi_uid;
    bool online;

    // Owned by this CPU.
    RunQueue* run_queue;
    uint32_t spinlock_depth;  // spinlocks held: sleeping with one held is a bug
    uint32_t interrupt_depth; // nested interrupt handlers running
    uint64_t held_ranks;      // bit r: a lock of LockRank r is held (sched/Spinlock.hpp)
    uint8_t held_rank_counts[64];

    // Lazy TLB shootdown (mm): the generation of kernel-mapping changes this CPU has
    // flushed; an idle CPU is skipped by the IPI and catches up when it wakes.
    uint64_t tlb_generation;
    bool idle;

    arch::CpuTables tables;
};

static_assert(offsetof(Processor, kernel_stack_top) == 16 && offsetof(Processor, user_rsp_scratch) == 24,
    "SyscallEntry.S reads these offsets");

// The calling CPU's block. Valid from the first line of kernel_entry on (the boot CPU's
// GS base is set before anything else) and on every AP from its entry.
//
// A thread can be preempted and moved to another CPU between any two instructions while
// interrupts are on, so the block (and any field read through it) is only "this CPU's"
// with interrupts off. The two fields threads need with interrupts on have one-load
// accessors below.
inline Processor& this_processor()
{
    Processor* p;
    asm volatile("movq %%gs:0, %0" : "=r"(p));
    return *p;
}

// The running thread: stable under preemption (it is the caller itself).
inline Thread* this_thread()
{
    Thread* t;
    asm volatile("movq %%gs:%c1, %0" : "=r"(t) : "i"(offsetof(Processor, current_thread)));
    return t;
}

// The CPU the caller was on at the moment of the call (a hint with interrupts on).
inline uint32_t this_cpu_index()
{
    uint32_t index;
    asm volatile("movl %%gs:%c1, %0" : "=r"(index) : "i"(offsetof(Processor, index)));
    return index;
}

Processor& processor(uint32_t index);
uint32_t processor_count();
// Makes `index` the calling CPU's block (sets the GS base). Used once per CPU.
void processor_install(uint32_t index);
// Reserves the next index for a CPU being started; returns MAX_CPUS when full.
uint32_t processor_allocate(uint32_t apic_id, uint32_t acpi_uid);

} // namespace ts
