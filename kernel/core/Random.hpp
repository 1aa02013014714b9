// Random: the kernel-wide source of unpredictable numbers, for keys nobody may guess
// (the VFS's share() keys) and later for address-space randomisation. Layer: core; calls
// the arch facade's entropy collection (arch/x86_64/Entropy.hpp), lib's Csprng and the
// log. Callable from any context but an NMI handler, interrupts on or off, with any lock
// held but the log's: it takes one spinlock of rank LockRank::Random and never sleeps.
//
// random_init() seeds the generator once at boot from RDSEED/RDRAND (when the CPU has
// them), TSC jitter and the RTC's wall time; every 64th request also mixes in the TSC.
// Drawing before random_init() is a kernel bug and panics. See docs/kernel/core.md,
// "Randomness".
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts {

// After platform_init (the CPU features, the TSC and the RTC are ready), before anything
// that needs a key.
void random_init();
void random_bytes(void* out, size_t size);
uint64_t random_u64();

} // namespace ts
