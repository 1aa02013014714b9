// UserAccess: see UserAccess.hpp.
#include "UserAccess.hpp"

extern "C" {
int64_t user_copy(void* destination, const void* source, size_t length);
int64_t user_string_copy(char* destination, const char* source, size_t capacity);
int64_t user_fill_zero(void* destination, size_t length);
int64_t user_load32(const uint32_t* source, uint32_t* out);
int64_t user_cmpxchg32(uint32_t* destination, uint32_t expected, uint32_t desired);
extern char user_access_begin[], user_access_end[], user_access_fixup[];
}

namespace ts {

Result<void> copy_from_user(void* destination, UserPtr<const void> pointer, size_t length)
{
    const uint64_t source = pointer.address();
    if (!user_range_ok(source, length))
        return Error::Fault;
    if (length && user_copy(destination, reinterpret_cast<const void*>(source), length) != 0)
        return Error::Fault;
    return {};
}

Result<void> copy_to_user(UserPtr<void> pointer, const void* source, size_t length)
{
    const uint64_t destination = pointer.address();
    if (!user_range_ok(destination, length))
        return Error::Fault;
    if (length && user_copy(reinterpret_cast<void*>(destination), source, length) != 0)
        return Error::Fault;
    return {};
}

Result<void> zero_user(UserPtr<void> pointer, size_t length)
{
    const uint64_t destination = pointer.address();
    if (!user_range_ok(destination, length))
        return Error::Fault;
    if (length && user_fill_zero(reinterpret_cast<void*>(destination), length) != 0)
        return Error::Fault;
    return {};
}

Result<size_t> copy_string_from_user(char* destination, size_t capacity, UserPtr<const char> source)
{
    if (capacity == 0 || source.address() < vmm::USER_BASE || source.address() >= vmm::USER_END)
        return Error::Fault;
    // Never read past the end of user space, whatever the capacity.
    uint64_t room = vmm::USER_END - source.address();
    size_t limit = capacity < room ? capacity : room;
    int64_t length = user_string_copy(destination, reinterpret_cast<const char*>(source.address()), limit);
    if (length == -1)
        return Error::Fault;
    if (length < 0) {
        destination[0] = '\0';
        return limit < capacity ? Error::Fault : Error::TooBig;
    }
    return static_cast<size_t>(length);
}

Result<uint32_t> load_user_u32(UserPtr<const uint32_t> pointer)
{
    const uint64_t address = pointer.address();
    if ((address & 3) != 0)
        return Error::InvalidArgument;
    if (!user_range_ok(address, 4))
        return Error::Fault;
    uint32_t value = 0;
    if (user_load32(reinterpret_cast<const uint32_t*>(address), &value) != 0)
        return Error::Fault;
    return value;
}

Result<bool> compare_exchange_user_u32(UserPtr<uint32_t> pointer, uint32_t expected, uint32_t desired)
{
    const uint64_t address = pointer.address();
    if ((address & 3) != 0)
        return Error::InvalidArgument;
    if (!user_range_ok(address, 4))
        return Error::Fault;
    int64_t result = user_cmpxchg32(reinterpret_cast<uint32_t*>(address), expected, desired);
    if (result < 0)
        return Error::Fault;
    return result == 1;
}

bool is_user_access_rip(uint64_t rip)
{
    return rip >= reinterpret_cast<uint64_t>(user_access_begin) && rip < reinterpret_cast<uint64_t>(user_access_end);
}

uint64_t user_access_fixup_rip() { return reinterpret_cast<uint64_t>(user_access_fixup); }

} // namespace ts
