// TestHelpers (see TestHelpers.hpp).
#include "TestHelpers.hpp"

#include <fs/File.hpp>
#include <fs/Poll.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

namespace ts::test {

bool wait_until_blocked(Thread& thread)
{
    for (;;) {
        ThreadState state = thread.state();
        if (state == ThreadState::Blocked)
            return true;
        if (state == ThreadState::Dead)
            return false;
        sched::yield();
    }
}

uint32_t poll_now(fs::File& file, uint32_t events)
{
    fs::PollRequest request { &file, events, 0 };
    auto ready = fs::poll(&request, 1, 0);
    return ready.is_ok() ? request.revents : ~0u;
}

} // namespace ts::test
