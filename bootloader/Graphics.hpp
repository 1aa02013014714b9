// Graphics: picks and sets a GOP mode with a linear framebuffer and describes it for the
// kernel. Part of bootloader/; sits on Firmware and Console.
//
// The choice: among the modes with a direct 32-bit pixel format (RGB or BGR with 8 bits
// per colour and one reserved byte, never BltOnly), the largest by pixel count that fits
// in MAX_WIDTH x MAX_HEIGHT. `resolution = WxH` in boot.cfg asks for that exact mode
// instead; if there is none, a warning and the default choice. No GOP at all, or no mode
// with a linear framebuffer, is fatal: the kernel's console needs one.
#pragma once

#include <cstdint>

#include <arch/x86_64/BootInfo.hpp>

#include "BootConfig.hpp"

namespace ts::loader {

inline constexpr uint32_t MAX_WIDTH = 1920;
inline constexpr uint32_t MAX_HEIGHT = 1080;

struct GraphicsSetup {
    boot::Framebuffer framebuffer;
    uint32_t mode_number;
};

GraphicsSetup setup_graphics(const BootConfig& config);

} // namespace ts::loader
