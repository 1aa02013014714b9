// TestHelpers: small pieces the in-kernel tests of blocking files share. Layer: test.
#pragma once

#include <cstdint>

namespace ts {
class Thread;
namespace fs {
class File;
}
} // namespace ts

namespace ts::test {

// Waits until `thread` sleeps; false if it ended instead. For tests whose threads block
// in one place only (a read, an accept), so "blocked" means "blocked there".
bool wait_until_blocked(Thread& thread);

// poll() on one file with a zero timeout: the events that hold now, ~0 on an error.
uint32_t poll_now(fs::File& file, uint32_t events);

} // namespace ts::test
