// RefCounted, RefPtr and NonnullRefPtr: shared ownership of kernel objects through an
// intrusive, atomic reference count. Part of kernel/lib (depends on Atomic and Result).
//
//     class Process : public RefCounted<Process> { ... };
//     NonnullRefPtr<Process> process = TRY(make_ref<Process>(pid));  // count 1
//     RefPtr<Process> other = process;                               // count 2
//
// A new object starts with a count of one, which adopt_ref()/make_ref() take over rather
// than add to; the last unref() deletes it with `delete`. RefPtr and NonnullRefPtr work
// with any T that has ref() and unref(), not only with RefCounted.
//
// A NonnullRefPtr is never null, except after it has been moved from: a moved-from
// NonnullRefPtr may only be destroyed or assigned to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

#include "Atomic.hpp"
#include "Result.hpp"
#include "TryNew.hpp"

namespace ts {

template<typename T>
class RefCounted {
public:
    RefCounted(const RefCounted&) = delete;
    RefCounted& operator=(const RefCounted&) = delete;

    // Taking another reference needs no ordering: whoever passes the object to us
    // already holds a reference and has synchronised with us to do so.
    void ref() const { m_ref_count.fetch_add(1, MemoryOrder::Relaxed); }

    // The decrement releases this thread's writes to the object, and the thread that takes
    // the count to zero acquires everyone's before it runs the destructor.
    void unref() const
    {
        if (m_ref_count.fetch_sub(1, MemoryOrder::AcqRel) == 1)
            delete static_cast<const T*>(this);
    }

    // Drops a reference without deleting: true when it was the last one, and the caller
    // must now delete the object itself. For owners that tear down long chains of
    // objects iteratively instead of by recursive destructors (Dentry's parents).
    [[nodiscard]] bool release_ref() const { return m_ref_count.fetch_sub(1, MemoryOrder::AcqRel) == 1; }

    // A snapshot for tests and diagnostics; it may be stale by the time it is read.
    uint32_t ref_count() const { return m_ref_count.load(MemoryOrder::Relaxed); }

protected:
    RefCounted() = default;
    ~RefCounted() = default;

private:
    mutable Atomic<uint32_t> m_ref_count { 1 };
};

template<typename T>
class NonnullRefPtr;
template<typename T>
NonnullRefPtr<T> adopt_ref(T& object);

template<typename T>
class NonnullRefPtr {
public:
    // Adds a reference to `object`.
    NonnullRefPtr(T& object) : m_ptr(&object) { m_ptr->ref(); }
    NonnullRefPtr(const NonnullRefPtr& other) : NonnullRefPtr(*other.m_ptr) {}
    NonnullRefPtr(NonnullRefPtr&& other) : m_ptr(std::exchange(other.m_ptr, nullptr)) {}
    template<typename U>
        requires(std::is_convertible_v<U*, T*>)
    NonnullRefPtr(const NonnullRefPtr<U>& other) : NonnullRefPtr(*other.ptr()) {}
    template<typename U>
        requires(std::is_convertible_v<U*, T*>)
    NonnullRefPtr(NonnullRefPtr<U>&& other) : m_ptr(&other.leak_ref()) {}
    ~NonnullRefPtr()
    {
        if (m_ptr)
            m_ptr->unref();
    }

    // Takes `other` by value: covers copy, move and conversions, and self-assignment.
    NonnullRefPtr& operator=(NonnullRefPtr other)
    {
        std::swap(m_ptr, other.m_ptr);
        return *this;
    }

    T* ptr() const { return m_ptr; }
    T* operator->() const { return m_ptr; }
    T& operator*() const { return *m_ptr; }

    // Gives up the reference without dropping it; the caller now owns it.
    [[nodiscard]] T& leak_ref() { return *std::exchange(m_ptr, nullptr); }

    bool operator==(const NonnullRefPtr& other) const { return m_ptr == other.m_ptr; }
    bool operator==(const T* other) const { return m_ptr == other; }

private:
    template<typename U>
    friend NonnullRefPtr<U> adopt_ref(U& object);
    enum class Adopt { Yes };
    NonnullRefPtr(Adopt, T& object) : m_ptr(&object) {}

    T* m_ptr;
};

template<typename T>
class RefPtr {
public:
    RefPtr() = default;
    RefPtr(std::nullptr_t) {}
    // Adds a reference (none when `pointer` is null).
    RefPtr(T* pointer) : m_ptr(pointer)
    {
        if (m_ptr)
            m_ptr->ref();
    }
    RefPtr(T& object) : RefPtr(&object) {}
    RefPtr(const RefPtr& other) : RefPtr(other.m_ptr) {}
    RefPtr(RefPtr&& other) : m_ptr(other.leak_ref()) {}
    template<typename U>
        requires(std::is_convertible_v<U*, T*>)
    RefPtr(const RefPtr<U>& other) : RefPtr(other.ptr()) {}
    template<typename U>
        requires(std::is_convertible_v<U*, T*>)
    RefPtr(RefPtr<U>&& other) : m_ptr(other.leak_ref()) {}
    template<typename U>
        requires(std::is_convertible_v<U*, T*>)
    RefPtr(const NonnullRefPtr<U>& other) : RefPtr(other.ptr()) {}
    template<typename U>
        requires(std::is_convertible_v<U*, T*>)
    RefPtr(NonnullRefPtr<U>&& other) : m_ptr(&other.leak_ref()) {}
    ~RefPtr() { clear(); }

    RefPtr& operator=(RefPtr other)
    {
        std::swap(m_ptr, other.m_ptr);
        return *this;
    }
    RefPtr& operator=(std::nullptr_t)
    {
        clear();
        return *this;
    }

    // Drops the reference. The pointer is cleared before unref() so that a destructor
    // that reaches this RefPtr again finds it already empty.
    void clear()
    {
        if (T* old = std::exchange(m_ptr, nullptr))
            old->unref();
    }

    // Gives up the reference without dropping it; the caller now owns it.
    [[nodiscard]] T* leak_ref() { return std::exchange(m_ptr, nullptr); }

    T* ptr() const { return m_ptr; }
    T* operator->() const { return m_ptr; }
    T& operator*() const { return *m_ptr; }
    bool is_null() const { return m_ptr == nullptr; }
    explicit operator bool() const { return m_ptr != nullptr; }

    bool operator==(const RefPtr& other) const { return m_ptr == other.m_ptr; }
    bool operator==(const T* other) const { return m_ptr == other; }
    bool operator==(std::nullptr_t) const { return m_ptr == nullptr; }

private:
    T* m_ptr { nullptr };
};

// Takes over the reference a new object starts with (a RefCounted count of one).
template<typename T>
NonnullRefPtr<T> adopt_ref(T& object)
{
    return NonnullRefPtr<T>(NonnullRefPtr<T>::Adopt::Yes, object);
}

template<typename T>
RefPtr<T> adopt_ref_if_nonnull(T* object)
{
    if (!object)
        return nullptr;
    return adopt_ref(*object);
}

// Allocates a T (try_new) and adopts its first reference; Error::NoMemory when
// allocation fails.
template<typename T, typename... Args>
Result<NonnullRefPtr<T>> make_ref(Args&&... args)
{
    T* object = try_new<T>(std::forward<Args>(args)...);
    if (!object)
        return Error::NoMemory;
    return adopt_ref(*object);
}

} // namespace ts
