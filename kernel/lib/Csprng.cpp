// Fast-key-erasure generation and seeding. See Csprng.hpp.
//
// Seeding, without a hash function. The material is cut into 32-byte chunks (the last
// one padded with zeros) and each chunk is absorbed in turn:
//
//     key = first 32 bytes of ChaCha20(key XOR chunk, counter = chunk index,
//                                      nonce = "seed" || material length, 64-bit LE)
//
// ChaCha20 has no key schedule: its key is 8 of the 16 words fed to a 20-round
// permutation whose input is added back at the end. So this step is a compression
// function built from that permutation, the same view Bernstein takes of the Salsa20
// core as a hash of its 64-byte input (and the way Linux's ChaCha-based random driver
// long XORed reseed material into its key). What it gives:
//  - Entropy already in the key stays there: for a fixed chunk, key -> key XOR chunk is
//    a bijection, and the truncated block function behaves as a random function on 256
//    bits, which costs a uniform input less than one bit.
//  - Entropy in the material reaches the key even when the old key is known (the very
//    first seed, from the all-zero key): nobody can invert the block function to learn
//    which material gave the new key.
//  - Material an attacker knows or chooses does no harm while the key is secret: they
//    control a difference in the block function's input, not its value, and the best
//    known differential attacks on ChaCha reach 7 of its 20 rounds.
// The nonce separates seeding from output (which uses the all-zero nonce) and carries
// the length, so zero padding is unambiguous ("ab" and "ab\0" give different keys); the
// counter carries the chunk index, so reordering chunks changes the result. Chunks past
// 2^32 reuse counter values, which is harmless: each step is chained through the key.
#include "Csprng.hpp"

#include "CString.hpp"

namespace ts {

namespace {

constexpr size_t HALF_BLOCK = chacha20::BLOCK_SIZE / 2;
static_assert(chacha20::KEY_SIZE == HALF_BLOCK, "the next key is half a block");

} // namespace

// Through a volatile pointer: each store is then observable behaviour, which the
// compiler must keep.
void secure_wipe(void* buffer, size_t size)
{
    volatile uint8_t* bytes = static_cast<volatile uint8_t*>(buffer);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = 0;
}

Csprng::~Csprng() { secure_wipe(m_key, sizeof(m_key)); }

void Csprng::seed(const uint8_t* material, size_t size)
{
    if (size == 0)
        return;
    chacha20::Nonce nonce = { 's', 'e', 'e', 'd' };
    for (size_t i = 0; i < 8; ++i)
        nonce[4 + i] = static_cast<uint8_t>(uint64_t(size) >> (8 * i));

    chacha20::Key input;
    chacha20::Block block;
    uint32_t index = 0;
    for (size_t offset = 0; offset < size; offset += chacha20::KEY_SIZE, ++index) {
        size_t take = size - offset < chacha20::KEY_SIZE ? size - offset : chacha20::KEY_SIZE;
        for (size_t i = 0; i < chacha20::KEY_SIZE; ++i)
            input[i] = m_key[i] ^ (i < take ? material[offset + i] : 0);
        chacha20::block(input, index, nonce, block);
        memcpy(m_key, block, chacha20::KEY_SIZE);
    }
    secure_wipe(input, sizeof(input));
    secure_wipe(block, sizeof(block));
    m_seeded = true;
}

void Csprng::generate(uint8_t* out, size_t size)
{
    static constexpr chacha20::Nonce ZERO_NONCE = {};
    // Block 0: the next key, then the first 32 bytes of output.
    chacha20::Block first;
    chacha20::block(m_key, 0, ZERO_NONCE, first);
    size_t take = size < HALF_BLOCK ? size : HALF_BLOCK;
    if (take) { // a zero-byte request may come with a null buffer
        memcpy(out, first + HALF_BLOCK, take);
        out += take;
        size -= take;
    }

    chacha20::Block tail;
    for (uint32_t counter = 1; size; ++counter) {
        if (size >= chacha20::BLOCK_SIZE) {
            // Whole blocks go straight into the caller's buffer.
            chacha20::block(m_key, counter, ZERO_NONCE, *reinterpret_cast<chacha20::Block*>(out));
            out += chacha20::BLOCK_SIZE;
            size -= chacha20::BLOCK_SIZE;
        } else {
            chacha20::block(m_key, counter, ZERO_NONCE, tail);
            memcpy(out, tail, size);
            secure_wipe(tail, sizeof(tail)); // its unused bytes are output nobody has seen yet
            size = 0;
        }
    }
    // The erasure itself: from here on the key that produced this output is gone.
    memcpy(m_key, first, chacha20::KEY_SIZE);
    secure_wipe(first, sizeof(first));
}

void Csprng::fill(void* out, size_t size)
{
    auto* bytes = static_cast<uint8_t*>(out);
    do {
        size_t take = size < MAX_REQUEST ? size : MAX_REQUEST;
        generate(bytes, take);
        bytes += take;
        size -= take;
    } while (size);
}

uint64_t Csprng::next_u64()
{
    uint8_t bytes[8];
    fill(bytes, sizeof(bytes));
    uint64_t value = 0;
    for (size_t i = 0; i < 8; ++i)
        value |= uint64_t(bytes[i]) << (8 * i);
    secure_wipe(bytes, sizeof(bytes));
    return value;
}

} // namespace ts
