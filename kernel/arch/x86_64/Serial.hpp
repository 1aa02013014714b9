// Serial: the COM1 UART (16550-compatible), the kernel's first console.
// Layer: arch facade. Output is polled (the kernel log and /dev/cons write here, under the
// log's lock); input arrives by interrupt: drivers/SerialConsole.cpp routes ISA IRQ 4 to
// a handler that drains the receive FIFO with serial_read().
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts::arch {

// COM1's ISA interrupt line on every PC (the MADT may still move it to another GSI).
inline constexpr uint8_t SERIAL_COM1_ISA_IRQ = 4;

void serial_init();
void serial_write(const char* text, size_t length);

// Whether a UART answered at COM1 (an absent one reads 0xff everywhere).
bool serial_present();
// Turns on COM1's received-data interrupt; false when there is no UART.
bool serial_enable_receive_interrupt();
// Takes one received byte; false when none is waiting (or there is no UART).
bool serial_read(uint8_t& byte);

} // namespace ts::arch
