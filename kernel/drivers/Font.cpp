// PSF font parsing. See Font.hpp.
#include "Font.hpp"

namespace ts {

namespace {
uint32_t read_u32(const uint8_t* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t(p[3]) << 24); }
} // namespace

Result<Font> Font::parse(const uint8_t* data, size_t size)
{
    Font font;
    if (size >= 4 && data[0] == 0x36 && data[1] == 0x04) {
        // PSF1: 4-byte header; mode bit 0 selects 512 glyphs; width is always 8.
        font.m_glyph_count = (data[2] & 0x01) ? 512 : 256;
        font.m_height = data[3];
        font.m_width = 8;
        font.m_bytes_per_glyph = font.m_height;
        font.m_glyphs = data + 4;
        if (font.m_height == 0 || 4 + uint64_t(font.m_glyph_count) * font.m_bytes_per_glyph > size)
            return Error::BadFormat;
        return font;
    }
    if (size >= 32 && read_u32(data) == 0x864ab572) {
        uint32_t header_size = read_u32(data + 8);
        font.m_glyph_count = read_u32(data + 16);
        font.m_bytes_per_glyph = read_u32(data + 20);
        font.m_height = read_u32(data + 24);
        font.m_width = read_u32(data + 28);
        if (font.m_width == 0 || font.m_height == 0 || font.m_glyph_count == 0 || font.m_width > 64
            || font.m_height > 128 || header_size < 32)
            return Error::BadFormat;
        if (uint64_t(font.bytes_per_row()) * font.m_height != font.m_bytes_per_glyph)
            return Error::BadFormat;
        if (uint64_t(header_size) + uint64_t(font.m_glyph_count) * font.m_bytes_per_glyph > size)
            return Error::BadFormat;
        font.m_glyphs = data + header_size;
        return font;
    }
    return Error::BadFormat;
}

const uint8_t* Font::glyph(uint32_t codepoint) const
{
    // PSF2 allows any glyph count, so the '?' stand-in may itself be missing: a font of
    // fewer than 64 glyphs falls back to glyph 0 instead of reading past its table.
    if (codepoint >= m_glyph_count)
        codepoint = m_glyph_count > '?' ? '?' : 0;
    return m_glyphs + uint64_t(codepoint) * m_bytes_per_glyph;
}

} // namespace ts
