// Atomic<T>: a value accessed with atomic operations, over the compiler's __atomic
// builtins (which gcc and clang both provide, freestanding included). Part of kernel/lib
// (depends on nothing).
//
// The memory orders mean what they mean in C++'s std::memory_order; every operation takes
// one and defaults to sequential consistency, so a weaker order is always a visible,
// deliberate choice at the call site:
//
//     m_ref_count.fetch_add(1, MemoryOrder::Relaxed);
//
// T is an integer, an enum, bool or a pointer of 1, 2, 4 or 8 bytes: sizes the CPU
// handles with single instructions, so no lock or library call is ever involved.
// Arithmetic on pointers steps in elements, as ordinary pointer arithmetic does.
#pragma once

#include <cstddef>
#include <type_traits>

namespace ts {

enum class MemoryOrder : int {
    Relaxed = __ATOMIC_RELAXED,
    Acquire = __ATOMIC_ACQUIRE,
    Release = __ATOMIC_RELEASE,
    AcqRel = __ATOMIC_ACQ_REL,
    SeqCst = __ATOMIC_SEQ_CST,
};

template<typename T>
class Atomic {
    static_assert(std::is_integral_v<T> || std::is_enum_v<T> || std::is_pointer_v<T>,
        "Atomic holds integers, enums, bool and pointers");
    static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8);

    using Difference = std::conditional_t<std::is_pointer_v<T>, ptrdiff_t, T>;
    // Integers other than bool; the builtins reject arithmetic on bool and on enums.
    static constexpr bool is_arithmetic = std::is_integral_v<T> && !std::is_same_v<T, bool>;

public:
    constexpr Atomic() : m_value() {}
    constexpr Atomic(T value) : m_value(value) {}
    // An atomic is a location, not a value: copying one would not be atomic.
    Atomic(const Atomic&) = delete;
    Atomic& operator=(const Atomic&) = delete;

    T load(MemoryOrder order = MemoryOrder::SeqCst) const
    {
        T result;
        __atomic_load(&m_value, &result, static_cast<int>(order));
        return result;
    }

    void store(T value, MemoryOrder order = MemoryOrder::SeqCst)
    {
        __atomic_store(&m_value, &value, static_cast<int>(order));
    }

    T exchange(T value, MemoryOrder order = MemoryOrder::SeqCst)
    {
        T previous;
        __atomic_exchange(&m_value, &value, &previous, static_cast<int>(order));
        return previous;
    }

    // Strong compare-and-swap: if the value equals `expected`, replaces it with `desired`
    // and returns true; otherwise loads the current value into `expected` and returns
    // false. The failure path only reads, so it uses `order` without its release part.
    bool compare_exchange(T& expected, T desired, MemoryOrder order = MemoryOrder::SeqCst)
    {
        return __atomic_compare_exchange(&m_value, &expected, &desired, false, static_cast<int>(order),
            static_cast<int>(failure_order(order)));
    }

    // The fetch_ operations return the value from before the operation.
    // The builtins add bytes to a pointer, so the amount is scaled to elements here.
    T fetch_add(Difference amount, MemoryOrder order = MemoryOrder::SeqCst)
        requires(is_arithmetic || std::is_pointer_v<T>)
    {
        if constexpr (std::is_pointer_v<T>)
            return __atomic_fetch_add(&m_value, amount * static_cast<ptrdiff_t>(sizeof(*m_value)), static_cast<int>(order));
        else
            return __atomic_fetch_add(&m_value, amount, static_cast<int>(order));
    }
    T fetch_sub(Difference amount, MemoryOrder order = MemoryOrder::SeqCst)
        requires(is_arithmetic || std::is_pointer_v<T>)
    {
        if constexpr (std::is_pointer_v<T>)
            return __atomic_fetch_sub(&m_value, amount * static_cast<ptrdiff_t>(sizeof(*m_value)), static_cast<int>(order));
        else
            return __atomic_fetch_sub(&m_value, amount, static_cast<int>(order));
    }
    T fetch_or(T bits, MemoryOrder order = MemoryOrder::SeqCst)
        requires(is_arithmetic)
    {
        return __atomic_fetch_or(&m_value, bits, static_cast<int>(order));
    }
    T fetch_and(T bits, MemoryOrder order = MemoryOrder::SeqCst)
        requires(is_arithmetic)
    {
        return __atomic_fetch_and(&m_value, bits, static_cast<int>(order));
    }
    T fetch_xor(T bits, MemoryOrder order = MemoryOrder::SeqCst)
        requires(is_arithmetic)
    {
        return __atomic_fetch_xor(&m_value, bits, static_cast<int>(order));
    }

    // For code that has exclusive access (before publication, in tests). Not atomic.
    T* raw() { return &m_value; }

private:
    static constexpr MemoryOrder failure_order(MemoryOrder order)
    {
        if (order == MemoryOrder::Release)
            return MemoryOrder::Relaxed;
        if (order == MemoryOrder::AcqRel)
            return MemoryOrder::Acquire;
        return order;
    }

    // Natural alignment: an 8-byte value split across cache lines would need a bus lock.
    alignas(sizeof(T)) T m_value;
};

// Orders memory accesses around it without touching any variable.
inline void atomic_thread_fence(MemoryOrder order = MemoryOrder::SeqCst) { __atomic_thread_fence(static_cast<int>(order)); }
// Orders only against the compiler (for state shared with an interrupt handler on the
// same CPU); emits no instruction.
inline void atomic_signal_fence(MemoryOrder order = MemoryOrder::SeqCst) { __atomic_signal_fence(static_cast<int>(order)); }

} // namespace ts
