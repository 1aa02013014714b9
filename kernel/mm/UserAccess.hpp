// UserAccess: the only way the kernel reads or writes user memory. Layer: mm.
//
// A user address arrives as a UserPtr<T>, a typed wrapper that cannot be dereferenced:
// the data moves through copy_from_user / copy_to_user, which first check that the whole
// range lies in the user half (so a kernel or non-canonical address, or one whose range
// straddles the end of user space, is refused without touching anything) and then copy
// with routines whose page faults, if the address space cannot resolve them, make the
// copy fail instead of the kernel (arch/x86_64/UserCopy.S). Either way the caller gets
// Error::Fault, which the syscall layer returns as EFAULT.
//
// Never call these with a spinlock held: a fault on reserved memory takes the address
// space's lock and allocates.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Result.hpp>

#include "UserMappings.hpp"

namespace ts {

template<typename T>
class UserPtr {
public:
    constexpr UserPtr() = default;
    constexpr explicit UserPtr(uint64_t address) : m_address(address) {}
    uint64_t address() const { return m_address; }
    bool is_null() const { return m_address == 0; }
    UserPtr offset(uint64_t bytes) const { return UserPtr(m_address + bytes); }
    // The i-th element (no check: the copy checks the range).
    UserPtr at(uint64_t index) const { return UserPtr(m_address + index * sizeof(T)); }

private:
    uint64_t m_address { 0 };
};

// Whether [address, address + length) lies wholly in user space (length 0: address may be
// anything in user space or its end).
inline bool user_range_ok(uint64_t address, uint64_t length)
{
    if (length == 0)
        return address <= vmm::USER_END;
    return vmm::UserMappings::is_user_range(address, length);
}

Result<void> copy_from_user(void* destination, UserPtr<const void> source, size_t length);
Result<void> copy_to_user(UserPtr<void> destination, const void* source, size_t length);
Result<void> zero_user(UserPtr<void> destination, size_t length);

template<typename T>
Result<T> read_user(UserPtr<T> pointer)
{
    T value;
    TRY(copy_from_user(&value, UserPtr<const void>(pointer.address()), sizeof(T)));
    return value;
}

template<typename T>
Result<void> write_user(UserPtr<T> pointer, const T& value)
{
    return copy_to_user(UserPtr<void>(pointer.address()), &value, sizeof(T));
}

// Copies a NUL-terminated string of at most capacity - 1 characters; returns its length.
// Fault for a bad address, TooBig if no NUL comes within capacity bytes.
Result<size_t> copy_string_from_user(char* destination, size_t capacity, UserPtr<const char> source);

// A futex word: read it, or compare-and-exchange it atomically.
Result<uint32_t> load_user_u32(UserPtr<const uint32_t> address);
Result<bool> compare_exchange_user_u32(UserPtr<uint32_t> address, uint32_t expected, uint32_t desired);

// Whether a kernel-mode fault at `rip` happened inside the user-copy routines, and where
// such a fault resumes.
bool is_user_access_rip(uint64_t rip);
uint64_t user_access_fixup_rip();

} // namespace ts
