// Notes: Tessera's signals. A note is a string whose first word is its type ("kill",
// "interrupt", "alarm", ...) and the rest free detail. Layer: proc.
//
// Posting queues the note on the process (at most MAX_PENDING_NOTES). A thread of the
// process sees pending notes on its way back to user mode (after a syscall or an
// interrupt):
//   - with a handler installed (notify syscall), the thread's user registers are saved on
//     its user stack, followed by the note text, and it continues in the handler with
//     rdi = the text; note_done returns to the saved registers (cs, ss and rflags are
//     forced back to user values, so a handler cannot forge its way out of ring 3).
//     Notes that arrive meanwhile wait until note_done.
//   - without one, the process exits with the note as its status.
// `kill` cannot be handled: the process exits with "kill [reason]" at the next return
// to user mode, or at once if it was never started. Faults (Faults.cpp) kill directly.
// Known gap: a thread blocked inside a syscall sees notes only when the call returns.
#pragma once

#include <arch/x86_64/Interrupts.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "Process.hpp"

namespace ts::proc {

Result<void> post(Process& process, StringView note);
Result<void> kill(Process& process, StringView note);

// The hook for every return to user mode (syscalls and interrupts alike).
void deliver_notes(arch::InterruptFrame& frame);

// The two syscalls' cores: install (or with 0 remove) the handler; finish a handler.
Result<void> set_note_handler(Process& process, uint64_t handler);
Result<void> finish_note(arch::InterruptFrame& frame);

} // namespace ts::proc
