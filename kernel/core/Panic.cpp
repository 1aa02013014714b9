// Panic: print cause, registers and a symbolised backtrace, then stop. See Panic.hpp.
#include "Panic.hpp"

#include <arch/x86_64/Apic.hpp>
#include <arch/x86_64/Backtrace.hpp>
#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/Cpu.hpp>
#include <arch/x86_64/DebugExit.hpp>
#include <arch/x86_64/Interrupts.hpp>
#include <lib/Format.hpp>
#include <sched/Spinlock.hpp>

#include "Log.hpp"
#include "Processor.hpp"
#include "SymbolTable.hpp"

namespace ts {

namespace {

bool g_test_mode = false;
int g_panicking = 0;

void print_frame(unsigned index, uint64_t address)
{
    SymbolMatch match;
    if (kernel_symbols().lookup(address, match)) {
        log_emergency("  #%-2u 0x%016llx  %.*s+0x%llx\n", index, static_cast<unsigned long long>(address),
            static_cast<int>(match.name_length), match.name, static_cast<unsigned long long>(match.offset));
    } else {
        log_emergency("  #%-2u 0x%016llx  ??\n", index, static_cast<unsigned long long>(address));
    }
}

[[noreturn]] void stop()
{
    if (g_test_mode)
        arch::qemu_exit(arch::ExitCode::Panic);
    arch::halt_forever();
}

[[noreturn]] void vpanic(const arch::InterruptFrame* frame, const char* fmt, va_list args)
{
    arch::disable_interrupts();
    if (__atomic_fetch_add(&g_panicking, 1, __ATOMIC_SEQ_CST) != 0) {
        // A panic inside the panic path: say so and stop without touching anything else.
        log_emergency_write("\nnested panic: stopping\n", 24);
        stop();
    }

    // Stop the other CPUs first, so nothing changes under the report: an NMI reaches them
    // even with interrupts off, and the NMI handler halts when a panic is in progress.
    arch::lapic_send_nmi_all_but_self();

    char message[256];
    vformat(message, sizeof(message), fmt, args);
    uint64_t ns = arch::monotonic_ns();
    log_emergency("\n\x1b[31m[%5llu.%06llu cpu%u] KERNEL PANIC: %s\x1b[0m\n", static_cast<unsigned long long>(ns / 1000000000),
        static_cast<unsigned long long>((ns / 1000) % 1000000), this_cpu_index(), message);
    if (frame)
        arch::dump_registers(*frame);

    log_emergency("Backtrace:\n");
    unsigned index = 0;
    uint64_t rbp;
    if (frame) {
        print_frame(index++, frame->rip); // the faulting instruction itself
        rbp = frame->rbp;
    } else {
        rbp = arch::current_frame_pointer();
    }
    arch::walk_frames(rbp, 32, [&](uint64_t return_address) {
        // A return address points after the call; step back one byte so the lookup names
        // the calling function even when the call is its last instruction.
        print_frame(index++, return_address - 1);
    });
    log_emergency("System halted.\n");
    stop();
}

} // namespace

void panic_set_test_mode(bool enabled) { g_test_mode = enabled; }

bool panic_in_progress() { return __atomic_load_n(&g_panicking, __ATOMIC_SEQ_CST) != 0; }

void lock_rank_violation(LockRank taking, uint64_t held_mask)
{
    panic("lock order: taking a rank-%u spinlock while holding ranks mask 0x%llx (Spinlock.hpp lists the order)",
        static_cast<unsigned>(taking), static_cast<unsigned long long>(held_mask));
}

void panic(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vpanic(nullptr, fmt, args);
}

void panic_with_frame(const arch::InterruptFrame& frame, const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vpanic(&frame, fmt, args);
}

} // namespace ts
