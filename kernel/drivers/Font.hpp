// Font: a bitmap console font in the PC Screen Font format (PSF1 or PSF2).
// Layer: drivers, hardware-free (host-tested). The build embeds one PSF font taken from
// Debian's console-setup-linux package (kernel/CMakeLists.txt); parse() validates the
// header against the data size, so a damaged font is rejected rather than read past.
// Format facts: PSF1 magic 0x36 0x04, 8 pixels wide, 256 or 512 glyphs; PSF2 magic
// 0x864ab572 with explicit header size, glyph count, bytes per glyph, height and width.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Result.hpp>

namespace ts {

class Font {
public:
    static Result<Font> parse(const uint8_t* data, size_t size);

    uint32_t width() const { return m_width; }
    uint32_t height() const { return m_height; }
    uint32_t glyph_count() const { return m_glyph_count; }
    uint32_t bytes_per_row() const { return (m_width + 7) / 8; }

    // Row bitmap of a glyph, most significant bit = leftmost pixel. Characters outside
    // the font map to '?', or to glyph 0 in a font too small to contain '?'.
    const uint8_t* glyph(uint32_t codepoint) const;
    bool pixel(uint32_t codepoint, uint32_t x, uint32_t y) const
    {
        const uint8_t* row = glyph(codepoint) + y * bytes_per_row();
        return row[x / 8] & (0x80 >> (x % 8));
    }

private:
    const uint8_t* m_glyphs { nullptr };
    uint32_t m_width { 0 };
    uint32_t m_height { 0 };
    uint32_t m_glyph_count { 0 };
    uint32_t m_bytes_per_glyph { 0 };
};

} // namespace ts
