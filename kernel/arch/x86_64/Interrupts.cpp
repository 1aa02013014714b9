// IDT construction and vector dispatch. Ref: Intel SDM Vol. 3A §6.10 (IDT), §6.14.1
// (64-bit interrupt gate descriptor).
#include "Interrupts.hpp"
#include "UserMode.hpp"

#include <core/Log.hpp>
#include <core/Processor.hpp>

#include "Apic.hpp"
#include "Gdt.hpp"
#include "Vectors.hpp"

extern "C" char isr_stubs[];

namespace ts::arch {

namespace {

struct [[gnu::packed]] IdtEntry {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attributes;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
};
static_assert(sizeof(IdtEntry) == 16);

struct [[gnu::packed]] IdtPointer {
    uint16_t limit;
    uint64_t base;
};

alignas(16) IdtEntry g_idt[256];
InterruptHandler g_handlers[256];
uint64_t g_spurious = 0;

constexpr uint8_t GATE_INTERRUPT = 0x8E; // present, DPL 0, 64-bit interrupt gate

void set_gate(unsigned vector, IstSlot ist)
{
    uint64_t address = reinterpret_cast<uint64_t>(isr_stubs) + 16 * vector;
    g_idt[vector] = IdtEntry {
        .offset_low = static_cast<uint16_t>(address),
        .selector = KERNEL_CS,
        .ist = static_cast<uint8_t>(ist),
        .type_attributes = GATE_INTERRUPT,
        .offset_mid = static_cast<uint16_t>(address >> 16),
        .offset_high = static_cast<uint32_t>(address >> 32),
        .reserved = 0,
    };
}

} // namespace

void idt_init()
{
    for (unsigned v = 0; v < 256; ++v)
        set_gate(v, IstSlot::None);
    // These can arrive on a broken or untrusted stack, so they get stacks of their own.
    set_gate(2, IstSlot::Nmi);
    set_gate(8, IstSlot::DoubleFault);
    set_gate(18, IstSlot::MachineCheck);
    idt_load();
}

void idt_load()
{
    IdtPointer idtr { sizeof(g_idt) - 1, reinterpret_cast<uint64_t>(g_idt) };
    asm volatile("lidt %0" : : "m"(idtr));
}

bool set_interrupt_handler(uint8_t vector, InterruptHandler handler)
{
    if (vector < 32 || g_handlers[vector])
        return false;
    g_handlers[vector] = handler;
    return true;
}

} // namespace ts::arch

extern "C" void interrupt_dispatch(ts::arch::InterruptFrame* frame)
{
    using namespace ts::arch;
    uint64_t vector = frame->vector;
    if (vector < 32) {
        handle_exception(*frame);
        if (frame_from_user(*frame) && user_return_hook())
            user_return_hook()(*frame);
        return;
    }
    if (vector == VECTOR_SPURIOUS || (vector >= 0x20 && vector < 0x30)) {
        // APIC spurious interrupts and stray vectors from the masked 8259s: no EOI is
        // due for either (Intel SDM Vol. 3A §11.9; 8259A datasheet, spurious IRQ7/15).
        ++g_spurious;
        return;
    }
    // EOI first: the handler may switch threads, and this CPU must keep taking
    // interrupts meanwhile. Level-triggered sources are serviced before interrupts come
    // back on (at iretq), so an early EOI does not re-deliver them.
    lapic_eoi();
    ts::Processor& cpu = ts::this_processor();
    ++cpu.interrupt_depth;
    if (InterruptHandler handler = g_handlers[vector])
        handler(*frame);
    else
        ts::log_warn("interrupt: unexpected vector %llu", static_cast<unsigned long long>(vector));
    --ts::this_processor().interrupt_depth;
    if (frame_from_user(*frame) && user_return_hook())
        user_return_hook()(*frame);
}

namespace ts::arch {
uint64_t spurious_interrupts() { return g_spurious; }
} // namespace ts::arch
