// IPC system calls: open2, poll, futex_wait, futex_wake, share, claim. See SyscallList.h.
#include <arch/x86_64/Clock.hpp>
#include <fs/Poll.hpp>
#include <fs/ShareTable.hpp>
#include <fs/Vfs.hpp>
#include <ipc/Futex.hpp>
#include <mm/Heap.hpp>
#include <mm/UserAccess.hpp>
#include <proc/Process.hpp>

#include "Syscalls.hpp"

namespace ts::syscalls {

namespace {

constexpr uint64_t NO_TIMEOUT = ~uint64_t(0);

// A deadline from a relative timeout; NO_TIMEOUT stays "forever".
uint64_t deadline_after(uint64_t timeout_ns)
{
    if (timeout_ns == NO_TIMEOUT)
        return NO_TIMEOUT;
    uint64_t now = arch::monotonic_ns();
    return timeout_ns > NO_TIMEOUT - now - 1 ? NO_TIMEOUT - 1 : now + timeout_ns;
}

} // namespace

Result<int64_t> sys_open2(const Arguments& args)
{
    proc::Process* process = proc::current_process();
    if (!user_range_ok(args.a2, 2 * sizeof(int32_t)))
        return Error::Fault;
    PathArgument path;
    TRY(path.copy(args.a0, args.a1));
    fs::PathContext context { &process->ns(), process->cwd(), fs::Perm::All };
    auto pair = fs::open_pair(context, path.view());
    if (pair.is_error())
        return pair.error();
    int32_t fds[2];
    fds[0] = TRY(process->add_file(pair.value().read));
    auto second = process->add_file(pair.value().write);
    if (second.is_error()) {
        (void)process->close(fds[0]);
        return second.error();
    }
    fds[1] = second.value();
    if (auto written = copy_to_user(UserPtr<void>(args.a2), fds, sizeof(fds)); written.is_error()) {
        (void)process->close(fds[0]);
        (void)process->close(fds[1]);
        return written.error();
    }
    return 0;
}

Result<int64_t> sys_poll(const Arguments& args)
{
    proc::Process* process = proc::current_process();
    const uint64_t count = args.a1;
    if (count > TS_POLL_MAX)
        return Error::InvalidArgument;
    ts_pollfd entries[TS_POLL_MAX];
    TRY(copy_from_user(entries, UserPtr<const void>(args.a0), count * sizeof(ts_pollfd)));
    fs::PollRequest requests[TS_POLL_MAX];
    RefPtr<fs::File> files[TS_POLL_MAX]; // held for the whole wait
    for (uint64_t i = 0; i < count; ++i) {
        if (entries[i].fd < 0 || entries[i].fd >= proc::MAX_FDS || !(files[i] = process->file(entries[i].fd)))
            return Error::BadDescriptor;
        if (entries[i].events & ~unsigned(TS_POLL_READ | TS_POLL_WRITE | TS_POLL_HANGUP | TS_POLL_ERROR))
            return Error::InvalidArgument;
        requests[i].file = files[i].ptr();
        requests[i].events = entries[i].events;
    }
    static_assert(TS_POLL_READ == fs::POLL_READ && TS_POLL_WRITE == fs::POLL_WRITE && TS_POLL_HANGUP == fs::POLL_HANGUP
        && TS_POLL_ERROR == fs::POLL_ERROR);
    size_t ready = TRY(fs::poll(requests, count, args.a2 == NO_TIMEOUT ? fs::POLL_FOREVER : args.a2));
    for (uint64_t i = 0; i < count; ++i)
        entries[i].revents = requests[i].revents;
    TRY(copy_to_user(UserPtr<void>(args.a0), entries, count * sizeof(ts_pollfd)));
    return static_cast<int64_t>(ready);
}

Result<int64_t> sys_futex_wait(const Arguments& args)
{
    if (args.a1 > 0xffffffffu)
        return Error::InvalidArgument;
    TRY(ipc::futex_wait(proc::current_process()->address_space(), args.a0, static_cast<uint32_t>(args.a1),
        args.a2 == NO_TIMEOUT ? ipc::FUTEX_FOREVER : deadline_after(args.a2)));
    return 0;
}

Result<int64_t> sys_futex_wake(const Arguments& args)
{
    size_t woken = TRY(ipc::futex_wake(proc::current_process()->address_space(), args.a0, args.a1));
    return static_cast<int64_t>(woken);
}

Result<int64_t> sys_share(const Arguments& args)
{
    proc::Process* process = proc::current_process();
    if (args.a0 >= uint64_t(proc::MAX_FDS))
        return Error::BadDescriptor;
    auto file = process->file(static_cast<int>(args.a0));
    if (!file)
        return Error::BadDescriptor;
    if (!user_range_ok(args.a1, fs::SHARE_KEY_LENGTH + 1))
        return Error::Fault;
    uint64_t timeout = args.a2 ? args.a2 : fs::DEFAULT_SHARE_TIMEOUT_NS;
    fs::ShareKey key = TRY(fs::share(*file, timeout));
    TRY(copy_to_user(UserPtr<void>(args.a1), key.text, fs::SHARE_KEY_LENGTH + 1));
    return 0;
}

Result<int64_t> sys_claim(const Arguments& args)
{
    if (args.a1 != fs::SHARE_KEY_LENGTH)
        return Error::InvalidArgument;
    char key[fs::SHARE_KEY_LENGTH];
    TRY(copy_from_user(key, UserPtr<const void>(args.a0), sizeof(key)));
    auto file = TRY(fs::claim(StringView(key, sizeof(key))));
    return TRY(proc::current_process()->add_file(file));
}

} // namespace ts::syscalls
