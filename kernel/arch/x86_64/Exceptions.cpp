// CPU exceptions (vectors 0-31): name them, decode what the CPU tells us, and panic.
// Faults in user mode become notes once processes exist (issue 5); today every exception
// comes from the kernel and is fatal. Ref: Intel SDM Vol. 3A §6.15 (exception reference),
// §4.7 (page-fault error code).
#include <core/Log.hpp>
#include <core/Panic.hpp>
#include <lib/Format.hpp>

#include "Cpu.hpp"
#include "Interrupts.hpp"

namespace ts::arch {

namespace {

const char* const EXCEPTION_NAMES[32] = {
    "divide error", "debug", "non-maskable interrupt", "breakpoint", "overflow",
    "bound range exceeded", "invalid opcode", "device not available", "double fault",
    "coprocessor segment overrun", "invalid TSS", "segment not present", "stack-segment fault",
    "general protection fault", "page fault", "reserved (15)", "x87 floating-point error",
    "alignment check", "machine check", "SIMD floating-point error", "virtualization exception",
    "control protection exception", "reserved (22)", "reserved (23)", "reserved (24)",
    "reserved (25)", "reserved (26)", "reserved (27)", "hypervisor injection exception",
    "VMM communication exception", "security exception", "reserved (31)",
};

// Page-fault error code bits. Ref: Intel SDM Vol. 3A §4.7, Figure 4-12.
constexpr uint64_t PF_PRESENT = 1 << 0;
constexpr uint64_t PF_WRITE = 1 << 1;
constexpr uint64_t PF_USER = 1 << 2;
constexpr uint64_t PF_RESERVED = 1 << 3;
constexpr uint64_t PF_FETCH = 1 << 4;
constexpr uint64_t PF_PROTECTION_KEY = 1 << 5;
constexpr uint64_t PF_SHADOW_STACK = 1 << 6;

} // namespace

// Writes e.g. "write, not present, kernel" into buffer.
size_t describe_page_fault(uint64_t error, char* buffer, size_t size)
{
    return format(buffer, size, "%s, %s, %s%s%s%s",
        (error & PF_FETCH) ? "instruction fetch" : (error & PF_WRITE) ? "write" : "read",
        (error & PF_PRESENT) ? "protection violation" : "not present", (error & PF_USER) ? "user" : "kernel",
        (error & PF_RESERVED) ? ", reserved bit set" : "", (error & PF_PROTECTION_KEY) ? ", protection key" : "",
        (error & PF_SHADOW_STACK) ? ", shadow stack" : "");
}

FaultHandler g_fault_handler = nullptr;

void set_fault_handler(FaultHandler handler) { g_fault_handler = handler; }

void handle_exception(InterruptFrame& frame)
{
    // Another CPU is panicking and stops this one (Panic.cpp): stay halted, quietly.
    if (frame.vector == 2 && panic_in_progress())
        halt_forever();
    // NMI, double fault and machine check are never a process's doing.
    const bool recoverable = frame.vector != 2 && frame.vector != 8 && frame.vector != 18;
    if (recoverable && g_fault_handler && g_fault_handler(frame, frame.vector == 14 ? read_cr2() : 0))
        return;
    const char* name = EXCEPTION_NAMES[frame.vector & 31];
    if (frame.vector == 14) {
        char detail[128];
        describe_page_fault(frame.error_code, detail, sizeof(detail));
        panic_with_frame(frame, "page fault at 0x%llx (%s) rip=0x%llx", static_cast<unsigned long long>(read_cr2()),
            detail, static_cast<unsigned long long>(frame.rip));
    }
    panic_with_frame(frame, "%s (vector %llu, error code 0x%llx) rip=0x%llx", name,
        static_cast<unsigned long long>(frame.vector), static_cast<unsigned long long>(frame.error_code),
        static_cast<unsigned long long>(frame.rip));
}

} // namespace ts::arch

namespace ts::arch {

void dump_registers(const InterruptFrame& f)
{
    using ull = unsigned long long;
    log_emergency("  rip=%016llx cs=%04llx rflags=%016llx vector=%llu error=%llx\n", ull(f.rip), ull(f.cs), ull(f.rflags),
        ull(f.vector), ull(f.error_code));
    log_emergency("  rax=%016llx rbx=%016llx rcx=%016llx rdx=%016llx\n", ull(f.rax), ull(f.rbx), ull(f.rcx), ull(f.rdx));
    log_emergency("  rsi=%016llx rdi=%016llx rbp=%016llx rsp=%016llx\n", ull(f.rsi), ull(f.rdi), ull(f.rbp), ull(f.rsp));
    log_emergency("  r8 =%016llx r9 =%016llx r10=%016llx r11=%016llx\n", ull(f.r8), ull(f.r9), ull(f.r10), ull(f.r11));
    log_emergency("  r12=%016llx r13=%016llx r14=%016llx r15=%016llx\n", ull(f.r12), ull(f.r13), ull(f.r14), ull(f.r15));
    log_emergency("  cr0=%016llx cr2=%016llx cr3=%016llx cr4=%016llx ss=%04llx\n", ull(read_cr0()), ull(read_cr2()),
        ull(read_cr3()), ull(read_cr4()), ull(f.ss));
}

} // namespace ts::arch
