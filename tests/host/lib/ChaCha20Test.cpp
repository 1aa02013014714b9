// Host tests for kernel/lib/ChaCha20 against the test vectors of RFC 8439: the quarter
// round (§2.1.1 and §2.2.1), the block function (§2.3.2), the keystream behind the
// encryption example (§2.4.2) and the all-zero block of Appendix A.1, plus the counter
// overflow refusal.
#include <lib/ChaCha20.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

namespace chacha20 = ts::chacha20;

std::vector<uint8_t> from_hex(const char* text)
{
    std::vector<uint8_t> bytes;
    int high = -1;
    for (const char* p = text; *p; ++p) {
        int digit;
        if (*p >= '0' && *p <= '9')
            digit = *p - '0';
        else if (*p >= 'a' && *p <= 'f')
            digit = *p - 'a' + 10;
        else
            continue; // spaces, colons and line breaks as the RFC prints them
        if (high < 0) {
            high = digit;
        } else {
            bytes.push_back(static_cast<uint8_t>(high << 4 | digit));
            high = -1;
        }
    }
    return bytes;
}

void sequential_key(chacha20::Key& key)
{
    for (size_t i = 0; i < chacha20::KEY_SIZE; ++i)
        key[i] = static_cast<uint8_t>(i);
}

// RFC 8439 §2.1.1.
TEST(ChaCha20, QuarterRoundVector)
{
    uint32_t a = 0x11111111, b = 0x01020304, c = 0x9b8d6f43, d = 0x01234567;
    chacha20::quarter_round(a, b, c, d);
    EXPECT_EQ(a, 0xea2a92f4u);
    EXPECT_EQ(b, 0xcb1cf8ceu);
    EXPECT_EQ(c, 0x4581472eu);
    EXPECT_EQ(d, 0x5881c4bbu);
}

// RFC 8439 §2.2.1: QUARTERROUND(2, 7, 8, 13) on a full state; only those words change.
TEST(ChaCha20, QuarterRoundOnStateVector)
{
    uint32_t state[16] = {
        0x879531e0, 0xc5ecf37d, 0x516461b1, 0xc9a62f8a,
        0x44c20ef3, 0x3390af7f, 0xd9fc690b, 0x2a5f714c,
        0x53372767, 0xb00a5631, 0x974c541a, 0x359e9963,
        0x5c971061, 0x3d631689, 0x2098d9d6, 0x91dbd320,
    };
    const uint32_t expected[16] = {
        0x879531e0, 0xc5ecf37d, 0xbdb886dc, 0xc9a62f8a,
        0x44c20ef3, 0x3390af7f, 0xd9fc690b, 0xcfacafd2,
        0xe46bea80, 0xb00a5631, 0x974c541a, 0x359e9963,
        0x5c971061, 0xccc07c79, 0x2098d9d6, 0x91dbd320,
    };
    chacha20::quarter_round(state[2], state[7], state[8], state[13]);
    for (size_t i = 0; i < 16; ++i)
        EXPECT_EQ(state[i], expected[i]) << "word " << i;
}

constexpr bool quarter_round_is_constexpr()
{
    uint32_t a = 0x11111111, b = 0x01020304, c = 0x9b8d6f43, d = 0x01234567;
    chacha20::quarter_round(a, b, c, d);
    return a == 0xea2a92f4u && d == 0x5881c4bbu;
}
static_assert(quarter_round_is_constexpr());

// RFC 8439 §2.3.2: key 00..1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00, counter 1.
TEST(ChaCha20, BlockVector)
{
    chacha20::Key key;
    sequential_key(key);
    chacha20::Nonce nonce = { 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x4a, 0x00, 0x00, 0x00, 0x00 };
    chacha20::Block out;
    chacha20::block(key, 1, nonce, out);
    auto expected = from_hex("10 f1 e7 e4 d1 3b 59 15 50 0f dd 1f a3 20 71 c4"
                             "c7 d1 f4 c7 33 c0 68 03 04 22 aa 9a c3 d4 6c 4e"
                             "d2 82 64 46 07 9f aa 09 14 c2 d7 05 d9 8b 02 a2"
                             "b5 12 9c d1 de 16 4e b9 cb d0 83 e8 a2 50 3c 4e");
    ASSERT_EQ(expected.size(), chacha20::BLOCK_SIZE);
    EXPECT_EQ(std::memcmp(out, expected.data(), chacha20::BLOCK_SIZE), 0);
}

// RFC 8439 Appendix A.1, test vector #1: everything zero.
TEST(ChaCha20, AllZeroBlockVector)
{
    chacha20::Key key = {};
    chacha20::Nonce nonce = {};
    chacha20::Block out;
    chacha20::block(key, 0, nonce, out);
    auto expected = from_hex("76 b8 e0 ad a0 f1 3d 90 40 5d 6a e5 53 86 bd 28"
                             "bd d2 19 b8 a0 8d ed 1a a8 36 ef cc 8b 77 0d c7"
                             "da 41 59 7c 51 57 48 8d 77 24 e0 3f b8 d8 4a 37"
                             "6a 43 b8 f4 15 18 a1 1c c3 87 b6 69 b2 ee 65 86");
    EXPECT_EQ(std::memcmp(out, expected.data(), chacha20::BLOCK_SIZE), 0);
}

// RFC 8439 §2.4.2: the "sunscreen" plaintext XORed with the keystream from counter 1
// gives the RFC's ciphertext (114 bytes: one block and a partial second one).
TEST(ChaCha20, KeystreamEncryptionVector)
{
    chacha20::Key key;
    sequential_key(key);
    chacha20::Nonce nonce = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x4a, 0x00, 0x00, 0x00, 0x00 };
    std::string plaintext = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
                            "future, sunscreen would be it.";
    auto expected = from_hex("6e 2e 35 9a 25 68 f9 80 41 ba 07 28 dd 0d 69 81"
                             "e9 7e 7a ec 1d 43 60 c2 0a 27 af cc fd 9f ae 0b"
                             "f9 1b 65 c5 52 47 33 ab 8f 59 3d ab cd 62 b3 57"
                             "16 39 d6 24 e6 51 52 ab 8f 53 0c 35 9f 08 61 d8"
                             "07 ca 0d bf 50 0d 6a 61 56 a3 8e 08 8a 22 b6 5e"
                             "52 bc 51 4d 16 cc f8 06 81 8c e9 1a b7 79 37 36"
                             "5a f9 0b bf 74 a3 5b e6 b4 0b 8e ed f2 78 5e 42"
                             "87 4d");
    ASSERT_EQ(plaintext.size(), 114u);
    ASSERT_EQ(expected.size(), plaintext.size());

    std::vector<uint8_t> stream(plaintext.size());
    ASSERT_TRUE(chacha20::keystream(key, 1, nonce, stream.data(), stream.size()).is_ok());
    for (size_t i = 0; i < plaintext.size(); ++i)
        EXPECT_EQ(static_cast<uint8_t>(plaintext[i]) ^ stream[i], expected[i]) << "byte " << i;

    // The keystream is the blocks laid end to end.
    chacha20::Block second;
    chacha20::block(key, 2, nonce, second);
    EXPECT_EQ(std::memcmp(stream.data() + 64, second, plaintext.size() - 64), 0);
}

TEST(ChaCha20, KeystreamRefusesCounterWrap)
{
    chacha20::Key key = {};
    chacha20::Nonce nonce = {};
    uint8_t out[130];
    std::memset(out, 0xcc, sizeof(out));
    // From counter 2^32 - 2 two blocks fit, a third would wrap: refused, nothing written.
    auto refused = chacha20::keystream(key, 0xfffffffeu, nonce, out, 130);
    ASSERT_TRUE(refused.is_error());
    EXPECT_EQ(refused.error(), ts::Error::Overflow);
    for (uint8_t byte : out)
        EXPECT_EQ(byte, 0xcc);
    EXPECT_TRUE(chacha20::keystream(key, 0xfffffffeu, nonce, out, 128).is_ok());
    EXPECT_TRUE(chacha20::keystream(key, 0xffffffffu, nonce, out, 64).is_ok());
    EXPECT_TRUE(chacha20::keystream(key, 0xffffffffu, nonce, out, 0).is_ok());
}

} // namespace
