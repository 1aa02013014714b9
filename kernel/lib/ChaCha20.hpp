// ChaCha20: the block function of RFC 8439 (256-bit key, 32-bit block counter, 96-bit
// nonce), producing 64 bytes of keystream per call. Part of kernel/lib: pure arithmetic on
// the caller's buffers, no allocation, no hardware, so it is tested on the host against
// the RFC's own vectors.
//
// This is the primitive under the kernel's random-number generator (Csprng.hpp), not an
// encryption API (no AEAD, no Poly1305). ChaCha20 is constant-time by construction: only
// 32-bit additions, rotations and XORs, with no table look-ups and no branches on the key.
#pragma once

#include <cstddef>
#include <cstdint>

#include "Result.hpp"

namespace ts::chacha20 {

inline constexpr size_t KEY_SIZE = 32;
inline constexpr size_t NONCE_SIZE = 12;
inline constexpr size_t BLOCK_SIZE = 64;

using Key = uint8_t[KEY_SIZE];
using Nonce = uint8_t[NONCE_SIZE];
using Block = uint8_t[BLOCK_SIZE];

constexpr uint32_t rotate_left(uint32_t value, unsigned bits) { return (value << bits) | (value >> (32 - bits)); }

// Ref: RFC 8439 §2.1 (the quarter round on four 32-bit words).
constexpr void quarter_round(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d)
{
    a += b;
    d = rotate_left(d ^ a, 16);
    c += d;
    b = rotate_left(b ^ c, 12);
    a += b;
    d = rotate_left(d ^ a, 8);
    c += d;
    b = rotate_left(b ^ c, 7);
}

// One 64-byte keystream block for (key, counter, nonce). Ref: RFC 8439 §2.3.
void block(const Key& key, uint32_t counter, const Nonce& nonce, Block& out);

// `size` bytes of keystream starting at block `counter`: the blocks counter, counter + 1,
// ... laid end to end, the last one cut short. The counter is 32 bits and must not wrap
// (RFC 8439 §2.4 caps one nonce at 2^32 blocks); a request that would is refused with
// Error::Overflow before anything is written.
Result<void> keystream(const Key& key, uint32_t counter, const Nonce& nonce, uint8_t* out, size_t size);

} // namespace ts::chacha20
