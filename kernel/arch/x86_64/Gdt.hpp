// Gdt: the global descriptor table and the task state segment of a CPU.
// Layer: arch facade. Long mode ignores segmentation except for the code segment's
// privilege level and the TSS, which holds the kernel stack for ring changes (RSP0) and the
// interrupt stack table (IST) used by exceptions that must not trust the current stack.
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
    Debug = 4,
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

// Sets up and loads the boot CPU's GDT and TSS (with its own IST stacks) and reloads the
// segment registers.
void gdt_init_boot_cpu();

} // namespace ts::arch
