// Graphics: GOP mode selection and framebuffer description. Part of bootloader/.
#include "Graphics.hpp"

#include "Console.hpp"
#include "Efi.hpp"
#include "Fatal.hpp"
#include "Firmware.hpp"

namespace ts::loader {

namespace {

// Ref: UEFI 2.10 §12.9.1 (EFI_GRAPHICS_PIXEL_FORMAT): only these two describe a
// framebuffer we can write to directly, with 4 bytes per pixel.
bool is_direct(EFI_GRAPHICS_PIXEL_FORMAT format)
{
    return format == PixelRedGreenBlueReserved8BitPerColor || format == PixelBlueGreenRedReserved8BitPerColor;
}

struct ModeInfo {
    bool valid;
    uint32_t width;
    uint32_t height;
    EFI_GRAPHICS_PIXEL_FORMAT format;
};

ModeInfo query(EFI_GRAPHICS_OUTPUT_PROTOCOL* gop, uint32_t number)
{
    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION* info = nullptr;
    UINTN size = 0;
    // Ref: UEFI 2.10 §12.9.2.1 (EFI_GRAPHICS_OUTPUT_PROTOCOL.QueryMode()): the firmware
    // allocates the returned structure from pool; we free it.
    EFI_STATUS status = gop->QueryMode(gop, number, &size, &info);
    if (EFI_ERROR(status) || !info || size < sizeof(*info))
        return { false, 0, 0, PixelBltOnly };
    ModeInfo mode { true, info->HorizontalResolution, info->VerticalResolution, info->PixelFormat };
    boot_services()->FreePool(info);
    return mode;
}

// Returns the mode number, or -1.
int64_t choose_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL* gop, const BootConfig& config)
{
    const uint32_t mode_count = gop->Mode->MaxMode;
    if (config.has_resolution) {
        for (uint32_t number = 0; number < mode_count; ++number) {
            ModeInfo mode = query(gop, number);
            if (mode.valid && is_direct(mode.format) && mode.width == config.width && mode.height == config.height)
                return number;
        }
        warn("resolution %ux%u is not available with a linear framebuffer; using the default choice",
            config.width, config.height);
    }

    int64_t best = -1;
    uint64_t best_pixels = 0;
    for (uint32_t number = 0; number < mode_count; ++number) {
        ModeInfo mode = query(gop, number);
        if (!mode.valid || !is_direct(mode.format) || mode.width > MAX_WIDTH || mode.height > MAX_HEIGHT)
            continue;
        uint64_t pixels = uint64_t { mode.width } * mode.height;
        if (pixels > best_pixels) {
            best = number;
            best_pixels = pixels;
        }
    }
    if (best < 0) {
        // Every direct mode is larger than our limit: the current mode is as good as any.
        ModeInfo current = query(gop, gop->Mode->Mode);
        if (current.valid && is_direct(current.format))
            best = gop->Mode->Mode;
    }
    return best;
}

} // namespace

GraphicsSetup setup_graphics(const BootConfig& config)
{
    EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
    EFI_GRAPHICS_OUTPUT_PROTOCOL* gop = nullptr;
    EFI_STATUS status = boot_services()->LocateProtocol(&gop_guid, nullptr, reinterpret_cast<void**>(&gop));
    if (EFI_ERROR(status) || !gop || !gop->Mode) {
        fatal("no graphics output (GOP) device found (%s); Tessera needs a framebuffer console",
            status_name(EFI_ERROR(status) ? status : EFI_NOT_FOUND));
    }

    int64_t chosen = choose_mode(gop, config);
    if (chosen < 0)
        fatal("the graphics device offers no mode with a linear 32-bit framebuffer");

    uint32_t number = static_cast<uint32_t>(chosen);
    if (number != gop->Mode->Mode) {
        // Ref: UEFI 2.10 §12.9.2.2 (EFI_GRAPHICS_OUTPUT_PROTOCOL.SetMode()); it also
        // clears the screen, so the console is set up again for the new resolution.
        status = gop->SetMode(gop, number);
        if (EFI_ERROR(status)) {
            // The mode the firmware is already in may still do.
            warn("cannot set graphics mode %u (%s); keeping mode %u", number, status_name(status),
                gop->Mode->Mode);
            number = gop->Mode->Mode;
        }
        console_reset_screen();
    }

    const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION* info = gop->Mode->Info;
    if (!is_direct(info->PixelFormat) || gop->Mode->FrameBufferBase == 0)
        fatal("graphics mode %u has no linear 32-bit framebuffer", number);

    GraphicsSetup setup;
    setup.mode_number = number;
    setup.framebuffer = {
        .phys_base = gop->Mode->FrameBufferBase,
        .size = gop->Mode->FrameBufferSize,
        .width = info->HorizontalResolution,
        .height = info->VerticalResolution,
        .pitch = info->PixelsPerScanLine * 4,
        .format = info->PixelFormat == PixelRedGreenBlueReserved8BitPerColor ? boot::PixelFormat::Rgbx
                                                                              : boot::PixelFormat::Bgrx,
    };
    return setup;
}

} // namespace ts::loader
