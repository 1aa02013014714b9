// The kernel's COM1 console, on the shared 16550 driver (Uart16550.hpp).
#include "Serial.hpp"

#include "Uart16550.hpp"

namespace ts::arch {

namespace {
Uart16550 g_com1(COM1_PORT);
} // namespace

void serial_init() { g_com1.init(); }

void serial_write(const char* text, size_t length) { g_com1.write(text, length); }

bool serial_present() { return g_com1.is_present(); }

bool serial_enable_receive_interrupt() { return g_com1.enable_receive_interrupt(); }

bool serial_read(uint8_t& byte)
{
    if (!g_com1.has_input())
        return false;
    byte = g_com1.read_byte();
    return true;
}

} // namespace ts::arch
