// UserThread: the threads of a process. Layer: proc.
//
// A user thread is a kernel thread (its own kernel stack) that entered ring 3 and comes
// back for syscalls and interrupts. It holds a reference to its process until it ends.
// The process ends when any thread calls exit (the others end at their next return to
// user mode; Notes.cpp checks) or when its last thread calls thread_exit (status "").
#pragma once

#include <cstdint>

#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "Process.hpp"

namespace ts::proc {

// Starts a thread at `rip` with stack `rsp` and rdi = `argument`. Busy when the process
// has MAX_THREADS threads; NotFound when it has exited. Returns the thread's id.
Result<uint64_t> start_thread(Process& process, uint64_t rip, uint64_t rsp, uint64_t argument);

// Ends the calling thread's process with `status` (the first status wins) and the thread.
[[noreturn]] void exit_current_process(StringView status);
// Ends the calling thread; the process too if it was the last.
[[noreturn]] void exit_current_thread();
// Interrupts every thread of `process` but the caller (sched::interrupt): blocked ones
// leave interruptible waits, running ones on other CPUs enter the kernel.
void kick_threads(Process& process);

} // namespace ts::proc
