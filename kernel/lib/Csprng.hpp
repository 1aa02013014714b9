// Csprng: a cryptographically secure pseudo-random generator over ChaCha20, built for
// fast key erasure. Part of kernel/lib (calls only ChaCha20 and the memory primitives):
// no locking, no hardware, no allocation; the owner serialises calls and supplies the
// entropy. The kernel's instance lives in core/Random.cpp.
//
// The whole state is one 32-byte ChaCha20 key. A request of n bytes computes blocks
// 0, 1, 2, ... under that key with a zero nonce; the first 32 bytes of block 0 become the
// next key and the rest of the blocks, from byte 32 of block 0 on, are the output. The old
// key is overwritten before fill() returns. Someone who later steals the state (a memory
// dump, a cold-boot read) holds only the new key, and going from it back to the old one
// means inverting ChaCha20's feed-forward, so output already handed out stays secret:
// that is "fast key erasure" (D. J. Bernstein, "Fast-key-erasure random-number
// generators", 2017). A request larger than MAX_REQUEST is served as consecutive
// requests of MAX_REQUEST bytes, which keeps the 32-bit block counter far from wrapping
// and erases each key after at most 64 KiB of output.
//
// Two documented consequences, which the host tests check:
//  - A request's output does not depend on its length: fill(p, n) writes the first n
//    bytes of what fill(p, m) would have written from the same state, for any m >= n.
//  - next_u64() is exactly fill() of 8 bytes read as a little-endian integer, so a run
//    of next_u64() calls matches the same run of 8-byte fills.
//
// seed() mixes new material into the key (see Csprng.cpp for the construction). Until
// the first seed() the key is all zero and the output is public; is_seeded() lets the
// owner refuse to hand that out.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ChaCha20.hpp"

namespace ts {

class Csprng {
public:
    static constexpr size_t MAX_REQUEST = 64 * 1024;

    constexpr Csprng() = default;
    ~Csprng();
    // Copying a generator would give two owners the same future output.
    Csprng(const Csprng&) = delete;
    Csprng& operator=(const Csprng&) = delete;

    // Mixes `size` bytes of material into the key. Material need not be secret or
    // uniform: what matters is that an attacker cannot guess all of it. A zero size is
    // a no-op.
    void seed(const uint8_t* material, size_t size);
    // Every call, even of zero bytes, ends with a new key.
    void fill(void* out, size_t size);
    uint64_t next_u64();
    bool is_seeded() const { return m_seeded; }

private:
    // One request of at most MAX_REQUEST bytes, ending with the key replaced.
    void generate(uint8_t* out, size_t size);

    chacha20::Key m_key {};
    bool m_seeded { false };

    friend class CsprngTestAccess; // the host tests look at the key to check erasure
};

// Zeroes a buffer that held key material or output, in a way the compiler may not drop
// as a dead store (a plain memset of a buffer about to go out of scope may vanish).
void secure_wipe(void* buffer, size_t size);

} // namespace ts
