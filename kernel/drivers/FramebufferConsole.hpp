// FramebufferConsole: a text console drawn with a bitmap font on the GOP framebuffer.
// Layer: drivers (depends on lib, the Font and the boot framebuffer description).
// Understands \n, \r, \t, \b and the ANSI SGR colour escapes the log uses
// (ESC[0m, ESC[1m, ESC[30-37m, ESC[90-97m, ESC[40-47m). Scrolls in jumps of a quarter
// screen: copying the framebuffer is the expensive part, so fewer, larger scrolls keep a
// chatty boot fast (especially under emulation).
#pragma once

#include <arch/x86_64/BootInfo.hpp>

#include "Font.hpp"

namespace ts {

class FramebufferConsole {
public:
    void init(const boot::Framebuffer& fb, uint8_t* pixels, const Font& font);
    bool is_ready() const { return m_pixels != nullptr; }
    void write(const char* text, size_t length);
    uint32_t columns() const { return m_columns; }
    uint32_t rows() const { return m_rows; }

    // Reads the screen back: true when the cell shows character c (in any colours). Lets
    // tests check what a person would see rather than what we meant to draw.
    bool shows(uint32_t column, uint32_t row, char c) const;
    // Finds text on a row; returns the column or -1.
    int find_on_row(uint32_t row, const char* text) const;

private:
    void put(char c);
    void draw_glyph(uint32_t column, uint32_t row, uint8_t c);
    void newline();
    void scroll(uint32_t lines);
    void fill_rows(uint32_t first_pixel_row, uint32_t count, uint32_t colour);
    uint32_t rgb(uint8_t r, uint8_t g, uint8_t b) const;
    void apply_sgr();

    uint8_t* m_pixels { nullptr };
    boot::Framebuffer m_fb {};
    Font m_font {};
    uint32_t m_columns { 0 }, m_rows { 0 };
    uint32_t m_column { 0 }, m_row { 0 };
    uint32_t m_foreground { 0 }, m_background { 0 };
    uint32_t m_default_foreground { 0 }, m_default_background { 0 };
    bool m_bright { false };
    // Escape-sequence parser state.
    enum class State { Normal, Escape, Csi } m_state { State::Normal };
    uint32_t m_params[8] {};
    uint32_t m_param_count { 0 };
};

FramebufferConsole& framebuffer_console();

} // namespace ts
