// share() and claim(): the kernel's ShareTable with random keys and the monotonic clock
// (see ShareTable.hpp).
#include <arch/x86_64/Clock.hpp>
#include <core/Random.hpp>

#include "ShareTable.hpp"

namespace ts::fs {

namespace {
ShareTable g_table;
}

Result<ShareKey> share(File& file, uint64_t timeout_ns)
{
    uint64_t now = arch::monotonic_ns();
    uint64_t deadline = timeout_ns > ~uint64_t(0) - now ? ~uint64_t(0) : now + timeout_ns;
    for (int attempt = 0; attempt < 4; ++attempt) {
        uint8_t bytes[16];
        random_bytes(bytes, sizeof(bytes));
        ShareKey key = make_share_key(bytes);
        auto result = g_table.insert(key, file, deadline, now);
        if (result.is_ok())
            return key;
        if (result.error() != Error::Exists) // a 2^-128 collision: draw again
            return result.error();
    }
    return Error::Exists;
}

Result<NonnullRefPtr<File>> claim(StringView key)
{
    return g_table.claim(key, arch::monotonic_ns());
}

} // namespace ts::fs
