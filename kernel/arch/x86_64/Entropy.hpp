// Entropy: raw unpredictability from the CPU, for seeding the kernel's generator
// (core/Random.cpp). Layer: arch facade; uses CPUID's flags (CpuFeatures.hpp) and the
// TSC, touches no device, takes no lock and never sleeps.
//
// The output is raw material, not random numbers: only a cryptographic mixer (Csprng's
// seed()) turns it into keys. Sources, in order:
//  1. RDSEED, the CPU's conditioned entropy source, when CPUID lists it;
//  2. RDRAND, the CPU's DRBG reseeded from the same source, when RDSEED is absent or
//     keeps coming back empty;
//  3. always, timing jitter: the TSC read around short busy loops, folded into every
//     word whether or not the hardware answered, so a missing or untrustworthy RDRAND
//     (QEMU's default TCG CPU has none) still leaves an unpredictable seed.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts::arch {

// Fills out[0, size) and returns how many of those bytes carried a hardware random word
// (RDSEED or RDRAND); the rest carry timing jitter only.
size_t collect_entropy(uint8_t* out, size_t size);

// One cheap sample for periodic reseeding between requests: the current TSC. Its low
// bits depend on when, to the cycle, something asked for randomness.
uint64_t entropy_timestamp();

} // namespace ts::arch
