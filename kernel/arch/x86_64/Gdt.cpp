// GDT and TSS setup. Ref: Intel SDM Vol. 3A §3.4.5 (segment descriptors), §8.2.3 (TSS
// descriptor in 64-bit mode), §6.14.5 (interrupt stack table).
#include "Gdt.hpp"

#include <lib/CString.hpp>

namespace ts::arch {

namespace {

// Flat code/data descriptors: base and limit are ignored in long mode; what matters is
// present, DPL, type, and L (64-bit code).
constexpr uint64_t descriptor(bool code, unsigned dpl)
{
    uint64_t access = (1ull << 7) /*P*/ | (uint64_t(dpl) << 5) | (1ull << 4) /*S*/ | (1ull << 1) /*RW*/;
    if (code)
        access |= 1ull << 3; // executable
    uint64_t flags = code ? 0x2 /*L*/ : 0x0;
    flags |= 0x8; // G: limit in pages (ignored, but conventional)
    return (access << 40) | (flags << 52) | (0xFull << 48) | 0xFFFF;
}

struct [[gnu::packed]] DescriptorPointer {
    uint16_t limit;
    uint64_t base;
};

} // namespace

void gdt_init_cpu(CpuTables& t)
{
    memset(&t.tss, 0, sizeof(t.tss));
    t.gdt[0] = 0;
    t.gdt[1] = descriptor(true, 0);
    t.gdt[2] = descriptor(false, 0);
    t.gdt[3] = descriptor(false, 3);
    t.gdt[4] = descriptor(true, 3);

    for (unsigned i = 0; i < IST_STACKS; ++i)
        t.tss.ist[i] = reinterpret_cast<uint64_t>(&t.ist_stacks[i][IST_STACK_SIZE]);
    t.tss.iopb_offset = sizeof(Tss); // no I/O permission bitmap

    // 16-byte TSS descriptor: type 0x9 (available 64-bit TSS), present.
    uint64_t base = reinterpret_cast<uint64_t>(&t.tss);
    uint64_t limit = sizeof(Tss) - 1;
    t.gdt[5] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40) | (((limit >> 16) & 0xF) << 48)
        | (((base >> 24) & 0xFF) << 56);
    t.gdt[6] = base >> 32;

    DescriptorPointer gdtr { sizeof(t.gdt) - 1, reinterpret_cast<uint64_t>(t.gdt) };
    asm volatile(
        "lgdt %0\n"
        // Reload CS with a far return, then the data segments.
        "pushq %[cs]\n"
        "leaq 1f(%%rip), %%rax\n"
        "pushq %%rax\n"
        "lretq\n"
        "1:\n"
        "movw %[ds], %%ax\n"
        "movw %%ax, %%ds\n"
        "movw %%ax, %%es\n"
        "movw %%ax, %%ss\n"
        "xorw %%ax, %%ax\n"
        "movw %%ax, %%fs\n"
        "movw %%ax, %%gs\n"
        "ltr %[tss]\n"
        :
        : "m"(gdtr), [cs] "i"(uint64_t(KERNEL_CS)), [ds] "i"(KERNEL_DS), [tss] "r"(uint16_t(TSS_SELECTOR))
        : "rax", "memory");
}

} // namespace ts::arch
