// Vectors: the interrupt vector numbers the kernel assigns. Layer: arch facade.
// 0-31 are CPU exceptions; device interrupts from the I/O APIC start at 0x50; the local
// APIC's own sources and IPIs sit at 0x40-0x4f; 0xff is the spurious vector (its low four
// bits must be set on older xAPICs, Intel SDM Vol. 3A §11.9).
#pragma once

#include <cstdint>

namespace ts::arch {

inline constexpr uint8_t VECTOR_TIMER = 0x40;
inline constexpr uint8_t VECTOR_IPI_RESCHEDULE = 0x41;
inline constexpr uint8_t VECTOR_IPI_TLB = 0x42;
inline constexpr uint8_t VECTOR_IPI_HALT = 0x43;
inline constexpr uint8_t VECTOR_IPI_CALL = 0x44;
inline constexpr uint8_t VECTOR_LAPIC_ERROR = 0x4e;
inline constexpr uint8_t VECTOR_IRQ_BASE = 0x50; // GSI n -> 0x50 + n, for n < 0x90
inline constexpr uint8_t VECTOR_SPURIOUS = 0xff;

} // namespace ts::arch
