// Process system calls: exit, spawn, yield, set_tls, getpid, waitpid, sleep, the clocks.
// See SyscallList.h.
#include <arch/x86_64/Clock.hpp>
#include <arch/x86_64/UserMode.hpp>
#include <core/Platform.hpp>
#include <mm/Heap.hpp>
#include <mm/UserAccess.hpp>
#include <fs/Tmpfs.hpp>
#include <proc/Environment.hpp>
#include <proc/Notes.hpp>
#include <proc/Spawn.hpp>
#include <proc/UserThread.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

#include "Syscalls.hpp"

namespace ts::syscalls {

namespace {

constexpr uint64_t SPAWN_FLAGS = TS_SPAWN_SUSPEND | TS_SPAWN_EMPTY_FDS | TS_SPAWN_EMPTY_ENV | TS_SPAWN_EMPTY_CWD
    | TS_SPAWN_COPY_NS | TS_SPAWN_EMPTY_NS;

// A NULL-terminated user array of user strings, copied into `storage` (MAX_ARGS_BYTES).
Result<size_t> copy_vector(uint64_t vector, const char** out, char* storage, size_t& used)
{
    if (vector == 0)
        return size_t(0);
    for (size_t i = 0;; ++i) {
        if (i == proc::MAX_ARGS)
            return Error::TooBig;
        uint64_t pointer = TRY(read_user(UserPtr<uint64_t>(vector + i * 8)));
        if (pointer == 0)
            return i;
        size_t length = TRY(copy_string_from_user(storage + used, proc::MAX_ARGS_BYTES - used,
            UserPtr<const char>(pointer)));
        out[i] = storage + used;
        used += length + 1;
    }
}

// Creates the child as `flags` say; returns its pid.
Result<int64_t> spawn_child(proc::Process& self, const char** argv, size_t argc, uint64_t flags)
{
    // The namespace first: the executable is found in the caller's namespace either way.
    RefPtr<fs::Namespace> ns = &self.ns();
    if (flags & TS_SPAWN_COPY_NS) {
        ns = TRY(self.ns().copy()).ptr();
    } else if (flags & TS_SPAWN_EMPTY_NS) {
        auto root = TRY(fs::tmpfs::create());
        ns = TRY(fs::Namespace::create(root)).ptr();
    }
    proc::SpawnRequest request;
    request.parent = self.pid();
    request.ns = &self.ns();
    request.cwd = self.cwd();
    request.path = StringView(argv[0]);
    request.argv = argv;
    request.argc = argc;
    auto child = TRY(proc::spawn(request));
    proc::Process& process = *child;
    auto setup = [&]() -> Result<void> {
        process.set_namespace(*ns);
        if (flags & (TS_SPAWN_EMPTY_CWD | TS_SPAWN_EMPTY_NS))
            process.set_cwd(fs::Location());
        if (!(flags & TS_SPAWN_EMPTY_ENV))
            TRY(process.environment().copy_from(self.environment()));
        if (!(flags & TS_SPAWN_EMPTY_FDS)) {
            for (int fd = 0; fd < proc::MAX_FDS; ++fd) {
                if (auto file = self.file(fd))
                    TRY(process.install(fd, *file));
            }
        }
        if (!(flags & TS_SPAWN_SUSPEND))
            TRY(proc::start(process));
        return {};
    };
    auto done = setup();
    if (done.is_error()) {
        process.exit(StringView("spawn failed"));
        (void)proc::reap(process.pid());
        return done.error();
    }
    return int64_t(process.pid());
}

} // namespace

Result<int64_t> sys_exit(const Arguments& args)
{
    char status[proc::MAX_STATUS];
    size_t length = args.a1 < sizeof(status) ? args.a1 : sizeof(status) - 1;
    if (copy_from_user(status, UserPtr<const void>(args.a0), length).is_error())
        length = 0; // a bad status pointer still exits, with an empty status
    proc::exit_current_process(StringView(status, length));
}

Result<int64_t> sys_spawn(const Arguments& args)
{
    proc::Process* self = proc::current_process();
    const uint64_t flags = args.a1;
    if ((flags & ~SPAWN_FLAGS) || ((flags & TS_SPAWN_COPY_NS) && (flags & TS_SPAWN_EMPTY_NS)))
        return Error::InvalidArgument;
    auto* storage = static_cast<char*>(TRY(heap::allocate(proc::MAX_ARGS_BYTES)));
    auto* argv = static_cast<const char**>(heap::allocate(proc::MAX_ARGS * sizeof(char*)).value_or(nullptr));
    if (!argv) {
        heap::free(storage);
        return Error::NoMemory;
    }
    size_t used = 0;
    auto argc = copy_vector(args.a0, argv, storage, used);
    Result<int64_t> result = Error::InvalidArgument;
    if (argc.is_error()) {
        result = argc.error();
    } else if (argc.value() > 0) {
        result = spawn_child(*self, argv, argc.value(), flags);
    }
    heap::free(argv);
    heap::free(storage);
    return result;
}

Result<int64_t> sys_yield(const Arguments&)
{
    sched::yield();
    return 0;
}

Result<int64_t> sys_set_tls(const Arguments& args)
{
    // The FS base must be canonical (wrmsr faults otherwise); user space is enough.
    if (args.a0 >= vmm::USER_END)
        return Error::Fault;
    arch::InterruptGuard interrupts; // the MSR and the saved copy together, on this CPU
    current_thread().m_fs_base = args.a0;
    arch::set_fs_base(args.a0);
    return 0;
}

Result<int64_t> sys_getpid(const Arguments&) { return int64_t(proc::current_process()->pid()); }

Result<int64_t> sys_thread_create(const Arguments& args)
{
    uint64_t id = TRY(proc::start_thread(*proc::current_process(), args.a0, args.a1, args.a2));
    return static_cast<int64_t>(id);
}

Result<int64_t> sys_thread_exit(const Arguments&) { proc::exit_current_thread(); }

Result<int64_t> sys_sleep(const Arguments& args)
{
    // On a queue nobody wakes: only the deadline or a note ends the wait.
    WaitQueue queue;
    uint64_t now = arch::monotonic_ns();
    uint64_t deadline = args.a0 > ~uint64_t(0) - now - 1 ? ~uint64_t(0) - 1 : now + args.a0;
    if (args.a0 == 0)
        return 0;
    if (queue.wait_interruptible([] { return false; }, deadline) == WaitQueue::Outcome::Interrupted)
        return Error::Interrupted;
    return 0;
}

Result<int64_t> sys_clock(const Arguments&) { return static_cast<int64_t>(arch::monotonic_ns()); }

// The RTC is read once at boot, to the second; the calibrated monotonic clock carries it
// forward from then (so the wall clock never steps back, and drifts as the TSC does).
// Without a reading the epoch stands in for the boot time: 1970 plus the uptime.
Result<int64_t> sys_wall_clock(const Arguments&)
{
    const uint64_t now = arch::monotonic_ns();
    const uint64_t boot_seconds = boot_wall_clock();
    if (boot_seconds == 0)
        return static_cast<int64_t>(now);
    const uint64_t taken = boot_wall_clock_taken_ns();
    const uint64_t since = now > taken ? now - taken : 0; // a CPU whose TSC trails the boot CPU's
    return static_cast<int64_t>(boot_seconds * 1000000000ull + since);
}

Result<int64_t> sys_notify(const Arguments& args)
{
    TRY(proc::set_note_handler(*proc::current_process(), args.a0));
    return 0;
}

Result<int64_t> sys_note_done(const Arguments& args)
{
    TRY(proc::finish_note(*args.frame));
    return 0;
}

} // namespace ts::syscalls
