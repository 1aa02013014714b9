// try_new: allocate and construct a T, or return null on exhaustion. Part of kernel/lib.
// Shared by make_own (OwnPtr.hpp) and make_ref (RefPtr.hpp). Aggregates are built with
// braces, since clang 14 lacks C++20's parenthesized aggregate initialization.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

namespace ts {

template<typename T, typename... Args>
T* try_new(Args&&... args)
{
    if constexpr (std::is_constructible_v<T, Args...>)
        return new (std::nothrow) T(std::forward<Args>(args)...);
    else
        return new (std::nothrow) T { std::forward<Args>(args)... };
}

} // namespace ts
