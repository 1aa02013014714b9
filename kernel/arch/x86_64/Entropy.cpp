// RDSEED, RDRAND and TSC jitter. See Entropy.hpp.
#include "Entropy.hpp"

#include <lib/CString.hpp>

#include "Cpu.hpp"
#include "CpuFeatures.hpp"

namespace ts::arch {

namespace {

// Both instructions may transiently return nothing (CF clear) when the entropy source
// or the DRBG cannot keep up; Intel's DRNG guide retries RDRAND 10 times before calling
// the unit failed, and RDSEED, which drains faster, gets the same budget with a PAUSE
// between tries. Ref: Intel SDM Vol. 2B, RDRAND/RDSEED (CF=1 means the destination
// holds a random value; CF=0 means it holds zero and the caller should retry).
constexpr int HARDWARE_RETRIES = 10;

bool rdseed64(uint64_t& value)
{
    bool ok;
    asm volatile("rdseed %0" : "=r"(value), "=@ccc"(ok));
    return ok;
}

bool rdrand64(uint64_t& value)
{
    bool ok;
    asm volatile("rdrand %0" : "=r"(value), "=@ccc"(ok));
    return ok;
}

// Some shipped parts (AMD families 15h/16h after resume, early Zen 2 firmware) report
// success while returning all ones; all zeros is the value CF=0 leaves behind. Either is
// a 2^-64 event from a working unit, so both count as a failure.
bool plausible(uint64_t value) { return value != 0 && value != ~uint64_t(0); }

bool hardware_word(uint64_t& out)
{
    const CpuFeatures& features = cpu_features();
    if (features.rdseed) {
        for (int attempt = 0; attempt < HARDWARE_RETRIES; ++attempt) {
            if (rdseed64(out) && plausible(out))
                return true;
            pause();
        }
    }
    if (features.rdrand) {
        for (int attempt = 0; attempt < HARDWARE_RETRIES; ++attempt) {
            if (rdrand64(out) && plausible(out))
                return true;
        }
    }
    out = 0;
    return false;
}

// Timing jitter. How long a short loop takes, to the cycle, depends on state nobody
// outside this CPU observes: cache and TLB contents, branch-predictor history, the
// memory controller's other clients, SMIs, and under virtualisation the host's
// scheduling of this vCPU. Any single delta carries little of it, so a word folds many.
// The loop length is taken from the previous delta, so a steady rhythm cannot settle.
// The fold (rotate, XOR the delta, multiply by an odd constant) is a bijection of the
// accumulator for a fixed delta: no earlier sample's contribution is lost. It is not a
// cryptographic mix and need not be; Csprng::seed() is.
constexpr int SAMPLES_PER_WORD = 128;
constexpr uint64_t ODD_MULTIPLIER = 0x9e3779b97f4a7c15ull; // 2^64 / golden ratio, rounded to odd

uint64_t jitter_word()
{
    uint64_t accumulator = 0;
    uint64_t previous = rdtsc();
    uint64_t spins = previous;
    for (int sample = 0; sample < SAMPLES_PER_WORD; ++sample) {
        volatile uint64_t sink = 0;
        for (uint64_t i = 0, count = 8 + (spins & 31); i < count; ++i)
            sink = sink + i;
        uint64_t now = rdtsc();
        uint64_t delta = now - previous;
        previous = now;
        spins = delta;
        accumulator = ((accumulator << 13) | (accumulator >> 51)) ^ delta;
        accumulator *= ODD_MULTIPLIER;
    }
    return accumulator;
}

} // namespace

size_t collect_entropy(uint8_t* out, size_t size)
{
    size_t from_hardware = 0;
    for (size_t offset = 0; offset < size; offset += sizeof(uint64_t)) {
        size_t take = size - offset < sizeof(uint64_t) ? size - offset : sizeof(uint64_t);
        // The hardware word is drawn before the jitter it is combined with, so the
        // hardware cannot choose its output to cancel timing it has not yet seen.
        uint64_t word;
        if (hardware_word(word))
            from_hardware += take;
        word ^= jitter_word();
        memcpy(out + offset, &word, take);
    }
    return from_hardware;
}

uint64_t entropy_timestamp() { return rdtsc(); }

} // namespace ts::arch
