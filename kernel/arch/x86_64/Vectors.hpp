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
inline constexpr uint8_t VECTOR_IRQ_BASE = 0x50; // GSI n -> 0x50 + n, for n < 0x90 (irq_vector)
inline constexpr uint8_t VECTOR_SPURIOUS = 0xff;

// The one rule for device interrupts: GSI n gets vector VECTOR_IRQ_BASE + n, so two
// devices never share a vector unless they share a line. There is no allocator; a GSI
// past IRQ_GSI_LIMIT has no vector (0 says so).
inline constexpr uint32_t IRQ_GSI_LIMIT = 0x90;
constexpr uint8_t irq_vector(uint32_t gsi) { return gsi < IRQ_GSI_LIMIT ? static_cast<uint8_t>(VECTOR_IRQ_BASE + gsi) : 0; }

} // namespace ts::arch
