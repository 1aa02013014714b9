// Result<T>: a value or an Error, the return type of every fallible kernel function.
// Part of kernel/lib (depends on nothing but the freestanding std headers).
//
// Usage:
//     Result<Page*> allocate();
//     Page* page = TRY(allocate());          // returns the error to our caller
//     auto r = allocate(); if (r.is_error()) log("{}", error_name(r.error()));
//
// TRY is a GNU statement expression (supported by clang and gcc): it evaluates the
// expression once, returns its error from the enclosing function, or yields the value.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

#include "Error.hpp"

namespace ts {

template<typename T>
class [[nodiscard]] Result {
public:
    Result(const T& value) : m_has_value(true) { new (&m_storage) T(value); }
    Result(T&& value) : m_has_value(true) { new (&m_storage) T(std::move(value)); }
    template<typename U>
        requires(std::is_convertible_v<U, T> && !std::is_same_v<std::remove_cvref_t<U>, T>)
    Result(U&& value) : m_has_value(true) { new (&m_storage) T(std::forward<U>(value)); }
    Result(Error error) : m_error(error), m_has_value(false) {}

    Result(Result&& other) : m_error(other.m_error), m_has_value(other.m_has_value)
    {
        if (m_has_value)
            new (&m_storage) T(std::move(other.value()));
    }
    Result(const Result& other) : m_error(other.m_error), m_has_value(other.m_has_value)
    {
        if (m_has_value)
            new (&m_storage) T(other.value());
    }
    Result& operator=(Result&& other)
    {
        if (this != &other) {
            destroy();
            m_error = other.m_error;
            m_has_value = other.m_has_value;
            if (m_has_value)
                new (&m_storage) T(std::move(other.value()));
        }
        return *this;
    }
    Result& operator=(const Result& other)
    {
        if (this != &other) {
            destroy();
            m_error = other.m_error;
            m_has_value = other.m_has_value;
            if (m_has_value)
                new (&m_storage) T(other.value());
        }
        return *this;
    }
    ~Result() { destroy(); }

    bool is_ok() const { return m_has_value; }
    bool is_error() const { return !m_has_value; }
    Error error() const { return m_error; }

    T& value() { return *std::launder(reinterpret_cast<T*>(&m_storage)); }
    const T& value() const { return *std::launder(reinterpret_cast<const T*>(&m_storage)); }
    T release_value() { return std::move(value()); }
    T value_or(T fallback) const { return m_has_value ? value() : fallback; }

private:
    void destroy()
    {
        if (m_has_value)
            value().~T();
        m_has_value = false;
    }

    alignas(T) unsigned char m_storage[sizeof(T)];
    Error m_error { Error::InvalidArgument };
    bool m_has_value;
};

template<>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(error), m_has_value(false) {}

    bool is_ok() const { return m_has_value; }
    bool is_error() const { return !m_has_value; }
    Error error() const { return m_error; }
    void release_value() {}

private:
    Error m_error { Error::InvalidArgument };
    bool m_has_value { true };
};

} // namespace ts

#define TRY(expr)                               \
    ({                                          \
        auto _ts_try_result = (expr);           \
        if (_ts_try_result.is_error())          \
            return _ts_try_result.error();      \
        _ts_try_result.release_value();         \
    })
