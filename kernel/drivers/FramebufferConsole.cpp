// FramebufferConsole: see FramebufferConsole.hpp.
#include "FramebufferConsole.hpp"

#include <lib/CString.hpp>

namespace ts {

namespace {

// The classic 16-colour palette (dark, then bright), as RGB.
constexpr uint8_t PALETTE[16][3] = {
    { 0x1d, 0x1f, 0x21 }, { 0xcc, 0x33, 0x33 }, { 0x4e, 0x9a, 0x06 }, { 0xc4, 0xa0, 0x00 },
    { 0x34, 0x65, 0xa4 }, { 0x75, 0x50, 0x7b }, { 0x06, 0x98, 0x9a }, { 0xd3, 0xd7, 0xcf },
    { 0x55, 0x57, 0x53 }, { 0xef, 0x29, 0x29 }, { 0x8a, 0xe2, 0x34 }, { 0xfc, 0xe9, 0x4f },
    { 0x72, 0x9f, 0xcf }, { 0xad, 0x7f, 0xa8 }, { 0x34, 0xe2, 0xe2 }, { 0xee, 0xee, 0xec },
};

FramebufferConsole g_console;

} // namespace

FramebufferConsole& framebuffer_console() { return g_console; }

uint32_t FramebufferConsole::rgb(uint8_t r, uint8_t g, uint8_t b) const
{
    if (m_fb.format == boot::PixelFormat::Rgbx)
        return r | (g << 8) | (uint32_t(b) << 16);
    return b | (g << 8) | (uint32_t(r) << 16);
}

void FramebufferConsole::init(const boot::Framebuffer& fb, uint8_t* pixels, const Font& font)
{
    m_fb = fb;
    m_font = font;
    m_columns = fb.width / font.width();
    m_rows = fb.height / font.height();
    if (m_columns == 0 || m_rows == 0)
        return; // framebuffer smaller than one glyph: stay disabled
    m_default_foreground = m_foreground = rgb(PALETTE[7][0], PALETTE[7][1], PALETTE[7][2]);
    m_default_background = m_background = rgb(PALETTE[0][0], PALETTE[0][1], PALETTE[0][2]);
    m_pixels = pixels;
    fill_rows(0, fb.height, m_background);
}

void FramebufferConsole::fill_rows(uint32_t first, uint32_t count, uint32_t colour)
{
    for (uint32_t y = first; y < first + count && y < m_fb.height; ++y) {
        auto* line = reinterpret_cast<uint32_t*>(m_pixels + uint64_t(y) * m_fb.pitch);
        for (uint32_t x = 0; x < m_fb.width; ++x)
            line[x] = colour;
    }
}

void FramebufferConsole::draw_glyph(uint32_t column, uint32_t row, uint8_t c)
{
    const uint8_t* glyph = m_font.glyph(c);
    uint32_t bytes_per_row = m_font.bytes_per_row();
    for (uint32_t y = 0; y < m_font.height(); ++y) {
        auto* line = reinterpret_cast<uint32_t*>(m_pixels + uint64_t(row * m_font.height() + y) * m_fb.pitch)
            + column * m_font.width();
        const uint8_t* bits = glyph + y * bytes_per_row;
        for (uint32_t x = 0; x < m_font.width(); ++x)
            line[x] = (bits[x / 8] & (0x80 >> (x % 8))) ? m_foreground : m_background;
    }
}

void FramebufferConsole::scroll(uint32_t lines)
{
    uint32_t text_height = m_font.height();
    uint64_t moved_rows = uint64_t(m_rows - lines) * text_height;
    memmove(m_pixels, m_pixels + uint64_t(lines) * text_height * m_fb.pitch, moved_rows * m_fb.pitch);
    fill_rows(static_cast<uint32_t>(moved_rows), lines * text_height + (m_fb.height % text_height), m_default_background);
    m_row -= lines;
}

void FramebufferConsole::newline()
{
    m_column = 0;
    if (++m_row >= m_rows) {
        uint32_t jump = m_rows / 4 ? m_rows / 4 : 1;
        scroll(jump);
    }
}

void FramebufferConsole::apply_sgr()
{
    if (m_param_count == 0)
        m_params[m_param_count++] = 0;
    for (uint32_t i = 0; i < m_param_count; ++i) {
        uint32_t p = m_params[i];
        if (p == 0) {
            m_foreground = m_default_foreground;
            m_background = m_default_background;
            m_bright = false;
        } else if (p == 1) {
            m_bright = true;
        } else if (p >= 30 && p <= 37) {
            uint32_t index = p - 30 + (m_bright ? 8 : 0);
            m_foreground = rgb(PALETTE[index][0], PALETTE[index][1], PALETTE[index][2]);
        } else if (p >= 90 && p <= 97) {
            uint32_t index = p - 90 + 8;
            m_foreground = rgb(PALETTE[index][0], PALETTE[index][1], PALETTE[index][2]);
        } else if (p >= 40 && p <= 47) {
            uint32_t index = p - 40;
            m_background = rgb(PALETTE[index][0], PALETTE[index][1], PALETTE[index][2]);
        } else if (p == 39) {
            m_foreground = m_default_foreground;
        } else if (p == 49) {
            m_background = m_default_background;
        }
    }
}

void FramebufferConsole::put(char ch)
{
    auto c = static_cast<uint8_t>(ch);
    switch (m_state) {
    case State::Escape:
        if (c == '[') {
            m_state = State::Csi;
            m_param_count = 0;
            m_params[0] = 0;
        } else {
            m_state = State::Normal;
        }
        return;
    case State::Csi:
        if (c >= '0' && c <= '9') {
            if (m_param_count == 0)
                m_param_count = 1;
            m_params[m_param_count - 1] = m_params[m_param_count - 1] * 10 + (c - '0');
        } else if (c == ';') {
            if (m_param_count == 0)
                m_param_count = 1;
            if (m_param_count < 8)
                m_params[m_param_count++] = 0;
        } else {
            if (c == 'm')
                apply_sgr();
            m_state = State::Normal; // other sequences are ignored
        }
        return;
    case State::Normal:
        break;
    }

    switch (c) {
    case 0x1b:
        m_state = State::Escape;
        return;
    case '\n':
        newline();
        return;
    case '\r':
        m_column = 0;
        return;
    case '\t':
        m_column = (m_column + 8) & ~7u;
        if (m_column >= m_columns)
            newline();
        return;
    case '\b':
        if (m_column > 0)
            --m_column;
        return;
    default:
        break;
    }
    if (m_column >= m_columns)
        newline();
    draw_glyph(m_column, m_row, c);
    ++m_column;
}

bool FramebufferConsole::shows(uint32_t column, uint32_t row, char c) const
{
    if (!m_pixels || column >= m_columns || row >= m_rows)
        return false;
    // A cell shows c when the pixels split into exactly two colours along c's bitmap.
    const uint32_t* origin = reinterpret_cast<const uint32_t*>(m_pixels + uint64_t(row) * m_font.height() * m_fb.pitch)
        + column * m_font.width();
    uint32_t on = 0, off = 0;
    bool have_on = false, have_off = false;
    for (uint32_t y = 0; y < m_font.height(); ++y) {
        const uint32_t* line = reinterpret_cast<const uint32_t*>(reinterpret_cast<const uint8_t*>(origin) + uint64_t(y) * m_fb.pitch);
        for (uint32_t x = 0; x < m_font.width(); ++x) {
            uint32_t pixel = line[x] & 0x00ffffff;
            if (m_font.pixel(static_cast<uint8_t>(c), x, y)) {
                if (have_on && pixel != on)
                    return false;
                on = pixel;
                have_on = true;
            } else {
                if (have_off && pixel != off)
                    return false;
                off = pixel;
                have_off = true;
            }
        }
    }
    return !(have_on && have_off && on == off);
}

int FramebufferConsole::find_on_row(uint32_t row, const char* text) const
{
    size_t length = 0;
    while (text[length])
        ++length;
    for (uint32_t column = 0; column + length <= m_columns; ++column) {
        size_t i = 0;
        while (i < length && shows(column + static_cast<uint32_t>(i), row, text[i]))
            ++i;
        if (i == length)
            return static_cast<int>(column);
    }
    return -1;
}

void FramebufferConsole::write(const char* text, size_t length)
{
    if (!m_pixels)
        return;
    for (size_t i = 0; i < length; ++i)
        put(text[i]);
}

} // namespace ts
