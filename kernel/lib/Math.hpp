// Small integer helpers: alignment, rounding, min/max. Part of kernel/lib.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts {

template<typename T> constexpr T min(T a, T b) { return a < b ? a : b; }
template<typename T> constexpr T max(T a, T b) { return a < b ? b : a; }

// The middle of three values (measurements repeated to resist interference).
template<typename T> constexpr T median_of_three(T a, T b, T c)
{
    return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}

constexpr bool is_power_of_two(uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

// align must be a power of two.
constexpr uint64_t align_down(uint64_t value, uint64_t align) { return value & ~(align - 1); }
constexpr uint64_t align_up(uint64_t value, uint64_t align) { return (value + align - 1) & ~(align - 1); }
constexpr bool is_aligned(uint64_t value, uint64_t align) { return (value & (align - 1)) == 0; }
constexpr uint64_t div_round_up(uint64_t value, uint64_t divisor) { return (value + divisor - 1) / divisor; }

// Index of the lowest/highest set bit; x must be non-zero.
constexpr unsigned count_trailing_zeros(uint64_t x) { return static_cast<unsigned>(__builtin_ctzll(x)); }
constexpr unsigned log2_floor(uint64_t x) { return 63u - static_cast<unsigned>(__builtin_clzll(x)); }

// Overflow-checked addition: returns false when a + b does not fit.
template<typename T> constexpr bool checked_add(T a, T b, T* out) { return !__builtin_add_overflow(a, b, out); }
template<typename T> constexpr bool checked_mul(T a, T b, T* out) { return !__builtin_mul_overflow(a, b, out); }

inline constexpr uint64_t PAGE_SIZE = 4096;
inline constexpr unsigned PAGE_SHIFT = 12;
inline constexpr uint64_t KiB = 1024;
inline constexpr uint64_t MiB = 1024 * KiB;
inline constexpr uint64_t GiB = 1024 * MiB;

} // namespace ts
