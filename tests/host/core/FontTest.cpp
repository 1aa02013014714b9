// Host tests for drivers/Font: PSF1 and PSF2 headers, and rejection of damaged fonts.
#include <drivers/Font.hpp>
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

using ts::Font;

namespace {

std::vector<uint8_t> psf1(uint8_t height, bool wide = false)
{
    size_t glyphs = wide ? 512 : 256;
    std::vector<uint8_t> data { 0x36, 0x04, static_cast<uint8_t>(wide ? 1 : 0), height };
    data.resize(4 + glyphs * height);
    // Glyph 'A' (65): top row fully set.
    if (height > 0)
        data[4 + 65 * height] = 0xff;
    return data;
}

void put_u32(std::vector<uint8_t>& d, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        d[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

std::vector<uint8_t> psf2(uint32_t width, uint32_t height, uint32_t glyphs)
{
    uint32_t row = (width + 7) / 8;
    std::vector<uint8_t> d(32 + glyphs * row * height);
    put_u32(d, 0, 0x864ab572);
    put_u32(d, 8, 32);
    put_u32(d, 16, glyphs);
    put_u32(d, 20, row * height);
    put_u32(d, 24, height);
    put_u32(d, 28, width);
    d[32 + 66 * row * height + row * 2 + 1] = 0x80; // 'B', row 2, pixel 8
    return d;
}

} // namespace

TEST(Font, ParsesPsf1)
{
    auto data = psf1(16);
    auto font = Font::parse(data.data(), data.size());
    ASSERT_TRUE(font.is_ok());
    EXPECT_EQ(font.value().width(), 8u);
    EXPECT_EQ(font.value().height(), 16u);
    EXPECT_EQ(font.value().glyph_count(), 256u);
    EXPECT_TRUE(font.value().pixel('A', 0, 0));
    EXPECT_TRUE(font.value().pixel('A', 7, 0));
    EXPECT_FALSE(font.value().pixel('A', 0, 1));
}

TEST(Font, ParsesPsf2WithWideGlyphs)
{
    auto data = psf2(12, 24, 128);
    auto font = Font::parse(data.data(), data.size());
    ASSERT_TRUE(font.is_ok());
    EXPECT_EQ(font.value().width(), 12u);
    EXPECT_EQ(font.value().bytes_per_row(), 2u);
    EXPECT_TRUE(font.value().pixel('B', 8, 2));
    EXPECT_FALSE(font.value().pixel('B', 7, 2));
    // Out-of-range code points fall back to '?', which exists.
    EXPECT_EQ(font.value().glyph(1000), font.value().glyph('?'));
}

TEST(Font, FallbackGlyphOfAFontWithoutQuestionMark)
{
    // Four glyphs: '?' (63) is not in the font, so missing characters use glyph 0. The
    // buffer is exactly the font's size, so ASan sees any read past the glyph table
    // (fuzz_font found that '?' itself was used, whatever the glyph count).
    std::vector<uint8_t> data(32 + 4 * 16);
    put_u32(data, 0, 0x864ab572);
    put_u32(data, 8, 32);
    put_u32(data, 16, 4);
    put_u32(data, 20, 16);
    put_u32(data, 24, 16);
    put_u32(data, 28, 8);
    data[32] = 0x80; // glyph 0, row 0, pixel 0
    auto font = Font::parse(data.data(), data.size());
    ASSERT_TRUE(font.is_ok());
    EXPECT_EQ(font.value().glyph('?'), font.value().glyph(0));
    EXPECT_EQ(font.value().glyph(0xffffffff), font.value().glyph(0));
    EXPECT_TRUE(font.value().pixel('A', 0, 0));
    EXPECT_FALSE(font.value().pixel('A', 0, 15));
}

TEST(Font, RejectsDamagedFonts)
{
    auto one = psf1(16);
    EXPECT_TRUE(Font::parse(one.data(), one.size() - 1).is_error()); // truncated
    EXPECT_TRUE(Font::parse(one.data(), 3).is_error());
    auto zero = psf1(0);
    EXPECT_TRUE(Font::parse(zero.data(), zero.size()).is_error());
    auto two = psf2(8, 16, 256);
    EXPECT_TRUE(Font::parse(two.data(), two.size() - 1).is_error());
    auto bad_glyph_size = two;
    put_u32(bad_glyph_size, 20, 15);
    EXPECT_TRUE(Font::parse(bad_glyph_size.data(), bad_glyph_size.size()).is_error());
    auto huge = two;
    put_u32(huge, 16, 0x10000000);
    EXPECT_TRUE(Font::parse(huge.data(), huge.size()).is_error());
    std::vector<uint8_t> junk(64, 0xab);
    EXPECT_TRUE(Font::parse(junk.data(), junk.size()).is_error());
}
