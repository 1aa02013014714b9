// Cpu.hpp: the few privileged instructions the loader needs (port I/O, halting).
// Part of bootloader/, the one place besides Handoff.cpp that holds inline assembly.
// Everything here is usable both before and after ExitBootServices().
#pragma once

#include <cstdint>

namespace ts::loader::cpu {

inline void out8(uint16_t port, uint8_t value)
{
    asm volatile("outb %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

inline uint8_t in8(uint16_t port)
{
    uint8_t value;
    asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port) : "memory");
    return value;
}

inline void out32(uint16_t port, uint32_t value)
{
    asm volatile("outl %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

inline void pause()
{
    asm volatile("pause");
}

// Interrupts off, then halt for good. With IF clear only an NMI or SMI can wake the CPU,
// so the loop is for those.
[[noreturn]] inline void halt_forever()
{
    for (;;)
        asm volatile("cli; hlt" : : : "memory");
}

} // namespace ts::loader::cpu
