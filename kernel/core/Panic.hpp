// Panic and VERIFY: the kernel's way of stopping when an invariant is broken.
// Layer: core. A panic prints the cause, the registers (when it comes from an exception)
// and a symbolised backtrace to serial and screen, then stops all progress (the other CPUs
// are halted by NMI): in test mode it
// exits QEMU with the panic code (arch/x86_64/DebugExit.hpp), otherwise it halts.
#pragma once

namespace ts {

namespace arch {
struct InterruptFrame;
}

[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] void panic_with_frame(const arch::InterruptFrame& frame, const char* fmt, ...)
    __attribute__((format(printf, 2, 3)));

// In test mode a panic exits QEMU with the panic status instead of halting.
void panic_set_test_mode(bool enabled);
// True once some CPU has begun to panic (the others are then halted by NMI).
bool panic_in_progress();

} // namespace ts

// VERIFY is for invariants the kernel itself guarantees; never for anything user space or
// firmware controls (those are error returns).
#define VERIFY(cond)                                                                         \
    do {                                                                                     \
        if (!(cond)) [[unlikely]]                                                            \
            ::ts::panic("VERIFY(%s) failed at %s:%d", #cond, __FILE__, __LINE__);            \
    } while (0)

#define VERIFY_NOT_REACHED() ::ts::panic("VERIFY_NOT_REACHED at %s:%d", __FILE__, __LINE__)
