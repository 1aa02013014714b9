// The ChaCha20 block function. See ChaCha20.hpp.
#include "ChaCha20.hpp"

#include "CString.hpp"

namespace ts::chacha20 {

namespace {

// "expand 32-byte k" read as four little-endian words. Ref: RFC 8439 §2.3.
constexpr uint32_t CONSTANTS[4] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };

// Byte order is fixed by the RFC (little-endian), not by the host, so the words are
// assembled byte by byte; the compiler turns this into a plain load on x86_64.
uint32_t load_le32(const uint8_t* bytes)
{
    return uint32_t(bytes[0]) | uint32_t(bytes[1]) << 8 | uint32_t(bytes[2]) << 16 | uint32_t(bytes[3]) << 24;
}

void store_le32(uint8_t* bytes, uint32_t value)
{
    bytes[0] = static_cast<uint8_t>(value);
    bytes[1] = static_cast<uint8_t>(value >> 8);
    bytes[2] = static_cast<uint8_t>(value >> 16);
    bytes[3] = static_cast<uint8_t>(value >> 24);
}

} // namespace

void block(const Key& key, uint32_t counter, const Nonce& nonce, Block& out)
{
    // The state matrix, row by row: constants, key, counter and nonce. Ref: RFC 8439 §2.3.
    uint32_t input[16];
    for (size_t i = 0; i < 4; ++i)
        input[i] = CONSTANTS[i];
    for (size_t i = 0; i < 8; ++i)
        input[4 + i] = load_le32(key + 4 * i);
    input[12] = counter;
    for (size_t i = 0; i < 3; ++i)
        input[13 + i] = load_le32(nonce + 4 * i);

    uint32_t x[16];
    for (size_t i = 0; i < 16; ++i)
        x[i] = input[i];
    // 20 rounds as 10 double rounds: four column quarter rounds, then four diagonal ones.
    for (int round = 0; round < 10; ++round) {
        quarter_round(x[0], x[4], x[8], x[12]);
        quarter_round(x[1], x[5], x[9], x[13]);
        quarter_round(x[2], x[6], x[10], x[14]);
        quarter_round(x[3], x[7], x[11], x[15]);
        quarter_round(x[0], x[5], x[10], x[15]);
        quarter_round(x[1], x[6], x[11], x[12]);
        quarter_round(x[2], x[7], x[8], x[13]);
        quarter_round(x[3], x[4], x[9], x[14]);
    }
    // Adding the input back is what makes the block function one-way: without it the
    // rounds are a permutation anyone could run backwards to the key.
    for (size_t i = 0; i < 16; ++i)
        store_le32(out + 4 * i, x[i] + input[i]);
}

Result<void> keystream(const Key& key, uint32_t counter, const Nonce& nonce, uint8_t* out, size_t size)
{
    uint64_t blocks = (uint64_t(size) + BLOCK_SIZE - 1) / BLOCK_SIZE;
    if (blocks > (uint64_t(1) << 32) - counter)
        return Error::Overflow;
    Block buffer;
    while (size) {
        block(key, counter++, nonce, buffer);
        size_t take = size < BLOCK_SIZE ? size : BLOCK_SIZE;
        memcpy(out, buffer, take);
        out += take;
        size -= take;
    }
    return {};
}

} // namespace ts::chacha20
