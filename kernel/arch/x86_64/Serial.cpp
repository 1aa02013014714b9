// The kernel's COM1 console, on the shared 16550 driver (Uart16550.hpp).
#include "Serial.hpp"

#include "Uart16550.hpp"

namespace ts::arch {

namespace {
Uart16550 g_com1(COM1_PORT);
} // namespace

void serial_init() { g_com1.init(); }

void serial_write(const char* text, size_t length) { g_com1.write(text, length); }

} // namespace ts::arch
