// Console: COM1 serial (direct port I/O) plus the firmware's text output on the screen.
// Part of bootloader/.
#include "Console.hpp"

#include <lib/CString.hpp>
#include <lib/Format.hpp>
#include <lib/Math.hpp>
#include <arch/x86_64/Uart16550.hpp>

#include "Firmware.hpp"

namespace ts::loader {

namespace {

arch::Uart16550 s_com1(arch::COM1_PORT);
SIMPLE_TEXT_OUTPUT_INTERFACE* s_screen;

// Longest line; longer messages are cut and end in "...".
constexpr size_t LINE_CAPACITY = 512;

// Everything shown on screen so far, for console_reset_screen().
constexpr size_t REPLAY_CAPACITY = 4096;
char s_replay[REPLAY_CAPACITY];
size_t s_replay_length;

void serial_write(const char* text, size_t length) { s_com1.write(text, length); }

void screen_write(const char* text, size_t length)
{
    SIMPLE_TEXT_OUTPUT_INTERFACE* out = s_screen;
    if (!boot_services_usable() || !out)
        return; // after ExitBootServices(), or headless firmware
    // The firmware takes UCS-2; our text is ASCII. Anything else is shown as '?'.
    // Ref: UEFI 2.10 §12.4.3 (EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL.OutputString())
    CHAR16 chunk[130];
    size_t used = 0;
    for (size_t i = 0; i < length; ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n')
            chunk[used++] = u'\r';
        chunk[used++] = (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' ? c : u'?';
        if (used >= 128) {
            chunk[used] = 0;
            out->OutputString(out, chunk);
            used = 0;
        }
    }
    if (used > 0) {
        chunk[used] = 0;
        out->OutputString(out, chunk);
    }
}

} // namespace

void console_init()
{
    s_com1.init();
}

void console_attach_screen()
{
    // Firmware such as OVMF mirrors ConOut to the serial port through its own terminal
    // driver, so writing to ConOut and to COM1 would print every line twice on serial,
    // interleaved. The graphics console's own text output, installed on the GOP
    // device's handle, reaches the screen only. The console splitter behind ConOut may
    // carry a GOP too, so its handle is skipped. Without a separate graphics console we
    // fall back to ConOut and accept the echo.
    // Ref: UEFI 2.10 §7.3.15 (LocateHandleBuffer()), §12.4 (Simple Text Output Protocol)
    EFI_SYSTEM_TABLE* st = system_table();
    s_screen = st->ConOut;

    EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
    EFI_GUID text_out_guid = EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL_GUID;
    UINTN count = 0;
    EFI_HANDLE* handles = nullptr;
    if (EFI_ERROR(boot_services()->LocateHandleBuffer(ByProtocol, &gop_guid, nullptr, &count, &handles)))
        return;
    for (UINTN i = 0; i < count; ++i) {
        if (handles[i] == st->ConsoleOutHandle)
            continue;
        SIMPLE_TEXT_OUTPUT_INTERFACE* out = nullptr;
        if (!EFI_ERROR(boot_services()->HandleProtocol(handles[i], &text_out_guid, reinterpret_cast<void**>(&out)))
            && out) {
            s_screen = out;
            break;
        }
    }
    boot_services()->FreePool(handles);
}

void console_write(const char* text, size_t length)
{
    serial_write(text, length);
    if (!boot_services_usable())
        return;
    screen_write(text, length);
    size_t room = REPLAY_CAPACITY - s_replay_length;
    size_t keep = length < room ? length : room;
    memcpy(s_replay + s_replay_length, text, keep);
    s_replay_length += keep;
}

void console_vline(const char* prefix, const char* fmt, va_list args)
{
    // The line is assembled first and written whole: where the firmware's console also
    // echoes to the serial port (the ConOut fallback), an echoed line then follows ours
    // instead of being interleaved with it piece by piece.
    constexpr size_t TEXT_MAX = LINE_CAPACITY - 1; // room for the newline
    char line[LINE_CAPACITY];
    size_t length = min(strlen(prefix), TEXT_MAX);
    memcpy(line, prefix, length);
    // vformat writes at most TEXT_MAX - length characters and a NUL, which the newline
    // then replaces; it returns the length the whole message would have had.
    size_t wanted = vformat(line + length, TEXT_MAX - length + 1, fmt, args);
    if (wanted > TEXT_MAX - length) {
        length = TEXT_MAX;
        memcpy(line + TEXT_MAX - 3, "...", 3); // mark the cut
    } else {
        length += wanted;
    }
    line[length++] = '\n';
    console_write(line, length);
}

void print(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    console_vline("", fmt, args);
    va_end(args);
}

void info(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    console_vline("tessera-loader: ", fmt, args);
    va_end(args);
}

void warn(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    console_vline("tessera-loader: warning: ", fmt, args);
    va_end(args);
}

void console_reset_screen()
{
    // The text mode is left alone on purpose: in EDK2 each text mode of the graphics
    // console is tied to a graphics mode, and selecting a larger text mode (say, to use
    // the whole screen) switches the GOP to another resolution behind our back.
    screen_write(s_replay, s_replay_length);
}

} // namespace ts::loader
