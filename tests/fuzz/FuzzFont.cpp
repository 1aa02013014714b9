// fuzz_font: libFuzzer target for kernel/drivers/Font (PSF1 and PSF2). Part of
// tests/fuzz (host-only).
//
// The input is a font file. When parse() accepts it, every pixel of the glyphs the
// console may ask for is read, including codepoints outside the font (which fall back to
// '?'), so ASan catches a header whose sizes point past the data.
#include <cstddef>
#include <cstdint>

#include "FuzzCheck.hpp"
#include "drivers/Font.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    auto parsed = ts::Font::parse(data, size);
    if (parsed.is_error())
        return 0;
    const ts::Font& font = parsed.value();
    FUZZ_CHECK(font.width() > 0 && font.height() > 0 && font.glyph_count() > 0);

    const uint32_t codepoints[] = { 0, ' ', '?', 'A', 0xe9, font.glyph_count() - 1, font.glyph_count(), 0x2588,
        UINT32_MAX };
    unsigned lit = 0;
    for (uint32_t codepoint : codepoints) {
        for (uint32_t y = 0; y < font.height(); ++y) {
            for (uint32_t x = 0; x < font.width(); ++x)
                lit += font.pixel(codepoint, x, y);
        }
    }
    asm volatile("" : : "r"(lit));
    return 0;
}
