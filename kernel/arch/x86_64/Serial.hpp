// Serial: the COM1 UART (16550-compatible) used as the kernel's first console.
// Layer: arch facade. Polled output only; input arrives with the drivers later.
#pragma once

#include <cstddef>

namespace ts::arch {

void serial_init();
void serial_write(const char* text, size_t length);

} // namespace ts::arch
