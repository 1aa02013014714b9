// The kernel's generator: one Csprng behind a spinlock. See Random.hpp.
#include "Random.hpp"

#include <arch/x86_64/Entropy.hpp>
#include <lib/CString.hpp>
#include <lib/Csprng.hpp>
#include <sched/Spinlock.hpp>

#include "Log.hpp"
#include "Panic.hpp"
#include "Platform.hpp"

namespace ts {

namespace {

// Twice the key size from the CPU: with RDSEED that is 512 bits of full entropy, and with
// jitter alone 512 bits of material of which only a fraction needs to be unguessable.
constexpr size_t BOOT_ENTROPY_BYTES = 64;
// Each reseed costs one ChaCha20 block and one RDTSC, so it can be frequent. What it buys
// is limited: it ends a leaked state's usefulness to an attacker who cannot watch the
// output, but one who can may guess each reseed's few unpredictable TSC bits in turn.
// Recovering from that needs an entropy pool released in large steps (Fortuna's design),
// which waits for sources worth pooling (interrupt timings).
constexpr uint32_t RESEED_INTERVAL = 64;
// Requests up to this size are generated under the lock (at most five ChaCha20 blocks,
// six with a reseed, with interrupts off). Larger ones draw a key for a private generator
// under the lock and fill from that with the lock dropped, so a megabyte request does not
// hold up the other CPUs or this one's interrupts.
constexpr size_t LOCKED_REQUEST_MAX = 256;

struct Generator {
    Spinlock lock { LockRank::Random };
    Csprng csprng TS_GUARDED_BY(lock);
    uint32_t requests_since_reseed TS_GUARDED_BY(lock) { 0 };
};
Generator g_generator;

// The generator, ready for one request: seeded (or we panic) and reseeded when due.
Csprng& generator_for_request_locked() TS_REQUIRES(g_generator.lock)
{
    Csprng& csprng = g_generator.csprng;
    VERIFY(csprng.is_seeded());
    if (++g_generator.requests_since_reseed >= RESEED_INTERVAL) {
        g_generator.requests_since_reseed = 0;
        uint64_t stamp = arch::entropy_timestamp();
        uint8_t material[sizeof(stamp)];
        memcpy(material, &stamp, sizeof(stamp));
        csprng.seed(material, sizeof(material));
    }
    return csprng;
}

} // namespace

void random_init()
{
    // Collected before taking the lock: the jitter loops take tens of microseconds and
    // need no protection. The wall time adds little (it is guessable to a few seconds)
    // but makes two jitter-only boots of one machine start from different material.
    uint8_t material[BOOT_ENTROPY_BYTES + 2 * sizeof(uint64_t)];
    size_t from_hardware = arch::collect_entropy(material, BOOT_ENTROPY_BYTES);
    uint64_t wall_clock = boot_wall_clock();
    uint64_t stamp = arch::entropy_timestamp();
    memcpy(material + BOOT_ENTROPY_BYTES, &wall_clock, sizeof(wall_clock));
    memcpy(material + BOOT_ENTROPY_BYTES + sizeof(wall_clock), &stamp, sizeof(stamp));
    {
        SpinlockGuard guard(g_generator.lock);
        g_generator.csprng.seed(material, sizeof(material));
    }
    secure_wipe(material, sizeof(material));

    if (from_hardware)
        log("random: seeded with %zu bytes from RDSEED/RDRAND + TSC jitter", from_hardware);
    else
        log_warn("random: seeded with %zu bytes from TSC jitter only (no hardware RNG)", BOOT_ENTROPY_BYTES);
}

void random_bytes(void* out, size_t size)
{
    if (size <= LOCKED_REQUEST_MAX) {
        SpinlockGuard guard(g_generator.lock);
        generator_for_request_locked().fill(out, size);
        return;
    }
    uint8_t key[chacha20::KEY_SIZE];
    {
        SpinlockGuard guard(g_generator.lock);
        generator_for_request_locked().fill(key, sizeof(key));
    }
    Csprng child; // wipes its key when it goes out of scope
    child.seed(key, sizeof(key));
    secure_wipe(key, sizeof(key));
    child.fill(out, size);
}

uint64_t random_u64()
{
    SpinlockGuard guard(g_generator.lock);
    return generator_for_request_locked().next_u64();
}

} // namespace ts
