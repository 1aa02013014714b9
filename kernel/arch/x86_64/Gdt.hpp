// Gdt: the global descriptor table and the task state segment of each CPU.
// Layer: arch facade. Long mode ignores segmentation except for the code segment's
// privilege level and the TSS, which holds the kernel stack for ring changes (RSP0) and the
// interrupt stack table (IST) used by exceptions that must not trust the current stack.
// Every CPU has its own GDT and TSS (a TSS descriptor is marked busy once loaded, so two
// CPUs cannot share one) and its own IST stacks.
#pragma once

#include <cstdint>

namespace ts::arch {

// Selector values; the order matches what syscall/sysret will require (issue 5):
// kernel code, kernel data, user data, user code.
inline constexpr uint16_t KERNEL_CS = 0x08;
inline constexpr uint16_t KERNEL_DS = 0x10;
inline constexpr uint16_t USER_DS = 0x18 | 3;
inline constexpr uint16_t USER_CS = 0x20 | 3;
inline constexpr uint16_t TSS_SELECTOR = 0x28;

// IST slots (1-based as the IDT encodes them).
enum class IstSlot : uint8_t {
    None = 0,
    DoubleFault = 1,
    Nmi = 2,
    MachineCheck = 3,
};

// Ref: Intel SDM Vol. 3A §8.7 (64-bit TSS format).
struct [[gnu::packed]] Tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iopb_offset;
};
static_assert(sizeof(Tss) == 104);

inline constexpr uint64_t IST_STACK_SIZE = 8 * 1024;
inline constexpr unsigned IST_STACKS = 3;

struct CpuTables {
    uint64_t gdt[7]; // null, kcode, kdata, udata, ucode, tss (two slots)
    Tss tss;
    alignas(16) uint8_t ist_stacks[IST_STACKS][IST_STACK_SIZE];
};

// Fills and loads `tables` on the calling CPU and reloads the segment registers. GS is
// reloaded with a null selector, which clears the GS base: set it afterwards.
void gdt_init_cpu(CpuTables& tables);

} // namespace ts::arch
