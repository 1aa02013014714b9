// Uart16550: a polled 16550-compatible serial port, header-only so the loader and the
// kernel share one driver (the loader has no kernel runtime to link against).
// Layer: arch facade. Output is polled; the kernel reads input from its COM1 interrupt
// handler (drivers/SerialConsole.cpp, through Serial.hpp), turned on here.
// Ref: TI PC16550D UART datasheet (SNLS378), register summary table and the register
// descriptions of IER (ERBFI), LSR (DR, THRE) and MCR (OUT2).
#pragma once

#include <cstddef>
#include <cstdint>

#include "Cpu.hpp"

namespace ts::arch {

inline constexpr uint16_t COM1_PORT = 0x3f8;

class Uart16550 {
public:
    explicit constexpr Uart16550(uint16_t base) : m_base(base) {}

    // Programs 115200 baud, 8N1, FIFOs on, no interrupts. Returns false (and leaves the
    // port alone) when no UART answers: an absent one floats its lines, reading 0xff.
    bool init()
    {
        m_present = inb(m_base + LSR) != 0xff;
        if (!m_present)
            return false;
        outb(m_base + IER, 0x00);
        outb(m_base + LCR, LCR_DLAB);
        outb(m_base + DATA, DIVISOR_115200 & 0xff);
        outb(m_base + IER, DIVISOR_115200 >> 8);
        outb(m_base + LCR, LCR_8N1);
        outb(m_base + FCR, FCR_ENABLE_AND_CLEAR);
        outb(m_base + MCR, MCR_DTR_RTS);
        return true;
    }

    bool is_present() const { return m_present; }

    // Asks for an interrupt whenever received data is waiting: the "received data
    // available" interrupt (the FIFO reached its trigger level) and the character
    // timeout (fewer bytes sat there for four character times) both come from ERBFI.
    // OUT2 gates the UART's interrupt line onto the ISA bus on PC hardware. Reading the
    // receive buffer until it is empty clears both. False without a UART.
    bool enable_receive_interrupt()
    {
        if (!m_present)
            return false;
        outb(m_base + MCR, MCR_DTR_RTS | MCR_OUT2);
        outb(m_base + IER, IER_RECEIVED_DATA);
        return true;
    }

    // Whether a received byte is waiting (LSR data ready). Never true without a UART,
    // whose floating lines would read as "data ready" forever.
    bool has_input() const { return m_present && (inb(m_base + LSR) & LSR_DATA_READY); }

    // Takes the oldest received byte; only meaningful when has_input() said so.
    uint8_t read_byte() const { return inb(m_base + DATA); }

    // Writes text, turning "\n" into "\r\n" for terminals.
    void write(const char* text, size_t length)
    {
        if (!m_present)
            return;
        for (size_t i = 0; i < length; ++i) {
            if (text[i] == '\n')
                put('\r');
            put(text[i]);
        }
    }

private:
    static constexpr uint16_t DATA = 0, IER = 1, FCR = 2, LCR = 3, MCR = 4, LSR = 5;
    static constexpr uint8_t LCR_DLAB = 0x80;
    static constexpr uint8_t LCR_8N1 = 0x03;
    static constexpr uint8_t FCR_ENABLE_AND_CLEAR = 0xc7; // enable, clear both, 14-byte trigger
    static constexpr uint8_t MCR_DTR_RTS = 0x03;
    static constexpr uint8_t MCR_OUT2 = 0x08;
    static constexpr uint8_t IER_RECEIVED_DATA = 0x01; // ERBFI
    static constexpr uint8_t LSR_DATA_READY = 0x01;
    static constexpr uint8_t LSR_THR_EMPTY = 0x20;
    static constexpr uint16_t DIVISOR_115200 = 1; // 1.8432 MHz / 16 / 115200
    // A wedged UART must not hang its caller: at 115200 baud a byte takes under 100 us,
    // far less than this many polls.
    static constexpr unsigned SPIN_LIMIT = 100000;

    void put(char c)
    {
        for (unsigned spin = 0; spin < SPIN_LIMIT && !(inb(m_base + LSR) & LSR_THR_EMPTY); ++spin)
            pause();
        outb(m_base + DATA, static_cast<uint8_t>(c));
    }

    uint16_t m_base;
    bool m_present { false };
};

} // namespace ts::arch
