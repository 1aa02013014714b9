// OwnPtr and NonnullOwnPtr: single ownership of a heap object, deleted with `delete` when
// the owner goes away. Part of kernel/lib (depends on Result).
//
//     NonnullOwnPtr<AddressSpace> space = TRY(make_own<AddressSpace>());
//     OwnPtr<Buffer> cache;            // may be empty
//     cache = TRY(make_own<Buffer>(size));
//
// Ownership moves, never copies. Taking ownership of a raw pointer is spelled out with
// adopt_own()/adopt_own_if_nonnull(), so every `new` in the kernel has one visible owner.
// A NonnullOwnPtr is never null, except after it has been moved from: a moved-from
// NonnullOwnPtr may only be destroyed or assigned to.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

#include "Result.hpp"
#include "TryNew.hpp"

namespace ts {

template<typename T>
class NonnullOwnPtr;
template<typename T>
NonnullOwnPtr<T> adopt_own(T& object);

template<typename T>
class NonnullOwnPtr {
public:
    NonnullOwnPtr(NonnullOwnPtr&& other) : m_ptr(std::exchange(other.m_ptr, nullptr)) {}
    template<typename U>
        requires(std::is_convertible_v<U*, T*>)
    NonnullOwnPtr(NonnullOwnPtr<U>&& other) : m_ptr(other.leak_ptr()) {}
    NonnullOwnPtr(const NonnullOwnPtr&) = delete;
    ~NonnullOwnPtr() { delete m_ptr; }

    // By value: covers moves and conversions; the previous object dies with `other`.
    NonnullOwnPtr& operator=(NonnullOwnPtr other)
    {
        std::swap(m_ptr, other.m_ptr);
        return *this;
    }

    T* ptr() const { return m_ptr; }
    T* operator->() const { return m_ptr; }
    T& operator*() const { return *m_ptr; }

    // Gives up ownership without deleting; the caller must now delete the object.
    [[nodiscard]] T* leak_ptr() { return std::exchange(m_ptr, nullptr); }

    bool operator==(const T* other) const { return m_ptr == other; }

private:
    template<typename U>
    friend NonnullOwnPtr<U> adopt_own(U& object);
    enum class Adopt { Yes };
    NonnullOwnPtr(Adopt, T& object) : m_ptr(&object) {}

    T* m_ptr;
};

template<typename T>
class OwnPtr {
public:
    OwnPtr() = default;
    OwnPtr(std::nullptr_t) {}
    OwnPtr(OwnPtr&& other) : m_ptr(other.leak_ptr()) {}
    template<typename U>
        requires(std::is_convertible_v<U*, T*>)
    OwnPtr(OwnPtr<U>&& other) : m_ptr(other.leak_ptr()) {}
    template<typename U>
        requires(std::is_convertible_v<U*, T*>)
    OwnPtr(NonnullOwnPtr<U>&& other) : m_ptr(other.leak_ptr()) {}
    OwnPtr(const OwnPtr&) = delete;
    ~OwnPtr() { clear(); }

    OwnPtr& operator=(OwnPtr other)
    {
        std::swap(m_ptr, other.m_ptr);
        return *this;
    }
    OwnPtr& operator=(std::nullptr_t)
    {
        clear();
        return *this;
    }

    // Deletes the object, if any. The pointer is cleared first so that a destructor that
    // reaches this OwnPtr again finds it already empty.
    void clear() { delete std::exchange(m_ptr, nullptr); }

    // Gives up ownership without deleting; the caller must now delete the object.
    [[nodiscard]] T* leak_ptr() { return std::exchange(m_ptr, nullptr); }

    T* ptr() const { return m_ptr; }
    T* operator->() const { return m_ptr; }
    T& operator*() const { return *m_ptr; }
    bool is_null() const { return m_ptr == nullptr; }
    explicit operator bool() const { return m_ptr != nullptr; }

    bool operator==(const T* other) const { return m_ptr == other; }
    bool operator==(std::nullptr_t) const { return m_ptr == nullptr; }

private:
    T* m_ptr { nullptr };
};

// Takes ownership of an object allocated with `new`.
template<typename T>
NonnullOwnPtr<T> adopt_own(T& object)
{
    return NonnullOwnPtr<T>(NonnullOwnPtr<T>::Adopt::Yes, object);
}

template<typename T>
OwnPtr<T> adopt_own_if_nonnull(T* object)
{
    if (!object)
        return nullptr;
    return adopt_own(*object);
}

// Allocates a T (try_new); Error::NoMemory when allocation fails.
template<typename T, typename... Args>
Result<NonnullOwnPtr<T>> make_own(Args&&... args)
{
    T* object = try_new<T>(std::forward<Args>(args)...);
    if (!object)
        return Error::NoMemory;
    return adopt_own(*object);
}

} // namespace ts
