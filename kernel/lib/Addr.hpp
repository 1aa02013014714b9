// PhysAddr and VirtAddr: strong types so a physical address can never be used where a
// virtual one is expected (or either mixed with a plain integer) by accident.
// Part of kernel/lib. Converting between them needs the direct map (mm/DirectMap.hpp).
#pragma once

#include <cstdint>

#include "Math.hpp"

namespace ts {

template<typename Tag>
class Address {
public:
    constexpr Address() = default;
    constexpr explicit Address(uint64_t value) : m_value(value) {}

    constexpr uint64_t value() const { return m_value; }
    constexpr bool is_null() const { return m_value == 0; }

    constexpr Address offset(uint64_t bytes) const { return Address(m_value + bytes); }
    constexpr Address page_base() const { return Address(align_down(m_value, PAGE_SIZE)); }
    constexpr uint64_t page_offset() const { return m_value & (PAGE_SIZE - 1); }
    constexpr bool is_page_aligned() const { return is_aligned(m_value, PAGE_SIZE); }
    constexpr Address align_up_to(uint64_t align) const { return Address(ts::align_up(m_value, align)); }
    constexpr Address align_down_to(uint64_t align) const { return Address(ts::align_down(m_value, align)); }

    // Distance in bytes; the caller guarantees *this >= other.
    constexpr uint64_t operator-(Address other) const { return m_value - other.m_value; }
    constexpr Address operator+(uint64_t bytes) const { return Address(m_value + bytes); }
    constexpr Address operator-(uint64_t bytes) const { return Address(m_value - bytes); }
    constexpr Address& operator+=(uint64_t bytes) { m_value += bytes; return *this; }

    constexpr bool operator==(const Address&) const = default;
    constexpr bool operator<(Address o) const { return m_value < o.m_value; }
    constexpr bool operator<=(Address o) const { return m_value <= o.m_value; }
    constexpr bool operator>(Address o) const { return m_value > o.m_value; }
    constexpr bool operator>=(Address o) const { return m_value >= o.m_value; }

    // Only a virtual address can be dereferenced.
    template<typename T>
        requires(__is_same(Tag, struct VirtTag))
    T* as_ptr() const { return reinterpret_cast<T*>(m_value); }

private:
    uint64_t m_value { 0 };
};

struct PhysTag;
struct VirtTag;
using PhysAddr = Address<PhysTag>;
using VirtAddr = Address<VirtTag>;

inline VirtAddr virt_from_ptr(const void* ptr) { return VirtAddr(reinterpret_cast<uint64_t>(ptr)); }

} // namespace ts
