// COM1 output. Ref: National Semiconductor PC16550D datasheet (register map, LSR bits).
#include "Serial.hpp"

#include "Cpu.hpp"

namespace ts::arch {

namespace {
constexpr uint16_t COM1 = 0x3F8;
constexpr uint16_t REG_DATA = 0, REG_IER = 1, REG_FCR = 2, REG_LCR = 3, REG_MCR = 4, REG_LSR = 5;
constexpr uint8_t LSR_THR_EMPTY = 1 << 5;
bool g_present = false;
} // namespace

void serial_init()
{
    outb(COM1 + REG_IER, 0x00);  // no interrupts
    outb(COM1 + REG_LCR, 0x80);  // DLAB on to set the divisor
    outb(COM1 + REG_DATA, 0x01); // divisor 1: 115200 baud
    outb(COM1 + REG_IER, 0x00);
    outb(COM1 + REG_LCR, 0x03);  // 8 data bits, no parity, one stop bit, DLAB off
    outb(COM1 + REG_FCR, 0xC7);  // FIFOs on and cleared, 14-byte threshold
    outb(COM1 + REG_MCR, 0x03);  // DTR, RTS
    // A missing UART reads back 0xFF from every register.
    g_present = inb(COM1 + REG_LSR) != 0xFF;
}

static void put(char c)
{
    // Bounded wait: a wedged UART must not hang the kernel log forever.
    for (int spins = 0; spins < 100000 && !(inb(COM1 + REG_LSR) & LSR_THR_EMPTY); ++spins)
        pause();
    outb(COM1 + REG_DATA, static_cast<uint8_t>(c));
}

void serial_write(const char* text, size_t length)
{
    if (!g_present)
        return;
    for (size_t i = 0; i < length; ++i) {
        if (text[i] == '\n')
            put('\r');
        put(text[i]);
    }
}


} // namespace ts::arch
