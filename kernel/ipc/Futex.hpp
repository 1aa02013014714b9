// Futex: sleeping on a 32-bit word of user memory. Layer: ipc (on mm and sched).
//
// wait(space, address, expected, deadline) sleeps only if the word still holds
// `expected` when checked, and the check and the queueing happen under the bucket's
// mutex, which wake() also takes: a wake that follows a change of the word can never be
// lost between the waiter's check and its sleep. Waiters are keyed by (address space,
// virtual address), so futexes work between the threads of one process (shared-memory
// futexes between processes would key by physical page; not yet).
#pragma once

#include <cstdint>

#include <lib/Result.hpp>
#include <mm/AddressSpace.hpp>

namespace ts::ipc {

inline constexpr uint64_t FUTEX_FOREVER = ~uint64_t(0);

// WouldBlock if the word differs from `expected`, Timeout at the deadline (monotonic
// ns), Fault for a bad address, InvalidArgument if unaligned; 0 when woken.
Result<void> futex_wait(vmm::AddressSpace& space, uint64_t address, uint32_t expected, uint64_t deadline_ns);
// Wakes up to `count` waiters on the word; returns how many.
Result<size_t> futex_wake(vmm::AddressSpace& space, uint64_t address, size_t count);

} // namespace ts::ipc
