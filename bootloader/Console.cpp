// Console: COM1 serial (direct port I/O) plus the firmware's text output on the screen.
// Part of bootloader/.
#include "Console.hpp"

#include <lib/CString.hpp>
#include <lib/Format.hpp>
#include <lib/Math.hpp>

#include "Cpu.hpp"
#include "Firmware.hpp"

namespace ts::loader {

namespace {

// 16550-compatible UART registers, as offsets from the base port.
// Ref: TI PC16550D UART datasheet (SNLS378), "Registers" (register summary table)
constexpr uint16_t COM1 = 0x3f8;
constexpr uint16_t UART_DATA = 0;        // THR (write) / divisor latch low with DLAB
constexpr uint16_t UART_IER = 1;         // interrupt enable / divisor latch high with DLAB
constexpr uint16_t UART_FCR = 2;         // FIFO control
constexpr uint16_t UART_LCR = 3;         // line control
constexpr uint16_t UART_MCR = 4;         // modem control
constexpr uint16_t UART_LSR = 5;         // line status
constexpr uint8_t LCR_DLAB = 0x80;
constexpr uint8_t LCR_8N1 = 0x03;
constexpr uint8_t FCR_ENABLE_AND_CLEAR = 0xc7; // enable, clear both FIFOs, 14-byte trigger
constexpr uint8_t MCR_DTR_RTS = 0x03;
constexpr uint8_t LSR_THR_EMPTY = 0x20;
constexpr uint16_t DIVISOR_115200 = 1;   // 1.8432 MHz / 16 / 115200

// A missing or wedged UART must not hang the loader, so waiting for the transmitter is
// bounded; at 115200 baud a byte takes under 100 microseconds, far less than this.
constexpr unsigned SERIAL_SPIN_LIMIT = 100000;

bool s_serial_present;
SIMPLE_TEXT_OUTPUT_INTERFACE* s_screen;

// Longest line; longer messages are cut and end in "...".
constexpr size_t LINE_CAPACITY = 512;

// Everything shown on screen so far, for console_reset_screen().
constexpr size_t REPLAY_CAPACITY = 4096;
char s_replay[REPLAY_CAPACITY];
size_t s_replay_length;

void serial_put(char c)
{
    for (unsigned spin = 0; spin < SERIAL_SPIN_LIMIT; ++spin) {
        if (cpu::in8(COM1 + UART_LSR) & LSR_THR_EMPTY)
            break;
        cpu::pause();
    }
    cpu::out8(COM1 + UART_DATA, static_cast<uint8_t>(c));
}

void serial_write(const char* text, size_t length)
{
    if (!s_serial_present)
        return;
    for (size_t i = 0; i < length; ++i) {
        if (text[i] == '\n')
            serial_put('\r');
        serial_put(text[i]);
    }
}

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
    // An absent UART floats its data lines: every register reads 0xff.
    s_serial_present = cpu::in8(COM1 + UART_LSR) != 0xff;
    if (!s_serial_present)
        return;
    cpu::out8(COM1 + UART_IER, 0x00); // we poll; no interrupts
    cpu::out8(COM1 + UART_LCR, LCR_DLAB);
    cpu::out8(COM1 + UART_DATA, DIVISOR_115200 & 0xff);
    cpu::out8(COM1 + UART_IER, DIVISOR_115200 >> 8);
    cpu::out8(COM1 + UART_LCR, LCR_8N1);
    cpu::out8(COM1 + UART_FCR, FCR_ENABLE_AND_CLEAR);
    cpu::out8(COM1 + UART_MCR, MCR_DTR_RTS);
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
