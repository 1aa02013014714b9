// Process system calls: exit, spawn, yield, set_tls, getpid, waitpid. See SyscallList.h.
#include <arch/x86_64/UserMode.hpp>
#include <mm/Heap.hpp>
#include <mm/UserAccess.hpp>
#include <proc/Spawn.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

#include "Syscalls.hpp"

namespace ts::syscalls {

namespace {

constexpr uint64_t SPAWN_FLAGS = TS_SPAWN_SUSPEND | TS_SPAWN_EMPTY_FDS;

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

} // namespace

Result<int64_t> sys_exit(const Arguments& args)
{
    char status[proc::MAX_STATUS];
    size_t length = args.a1 < sizeof(status) ? args.a1 : sizeof(status) - 1;
    if (copy_from_user(status, args.a0, length).is_error())
        length = 0; // a bad status pointer still exits, with an empty status
    proc::exit_current_process(StringView(status, length));
}

Result<int64_t> sys_spawn(const Arguments& args)
{
    proc::Process* self = proc::current_process();
    if (args.a2 & ~SPAWN_FLAGS)
        return Error::InvalidArgument;
    auto* storage = static_cast<char*>(TRY(heap::allocate(proc::MAX_ARGS_BYTES)));
    auto* vectors = static_cast<const char**>(heap::allocate(2 * proc::MAX_ARGS * sizeof(char*)).value_or(nullptr));
    if (!vectors) {
        heap::free(storage);
        return Error::NoMemory;
    }
    size_t used = 0;
    Result<int64_t> result = Error::InvalidArgument;
    auto argc = copy_vector(args.a0, vectors, storage, used);
    auto envc = argc.is_ok() ? copy_vector(args.a1, vectors + proc::MAX_ARGS, storage, used) : argc;
    if (argc.is_error() || envc.is_error()) {
        result = argc.is_error() ? argc.error() : envc.error();
    } else if (argc.value() == 0) {
        result = Error::InvalidArgument;
    } else {
        proc::SpawnRequest request;
        request.parent = self->pid();
        request.ns = &self->ns();
        request.cwd = self->cwd();
        request.path = StringView(vectors[0]);
        request.argv = vectors;
        request.argc = argc.value();
        request.envp = vectors + proc::MAX_ARGS;
        request.envc = envc.value();
        request.suspended = true; // descriptors first, then start
        auto child = proc::spawn(request);
        if (child.is_error()) {
            result = child.error();
        } else {
            proc::Process& process = *child.value();
            if (!(args.a2 & TS_SPAWN_EMPTY_FDS)) {
                for (int fd = 0; fd < proc::MAX_FDS; ++fd) {
                    if (auto file = self->file(fd))
                        (void)process.install(fd, *file);
                }
            }
            auto started = (args.a2 & TS_SPAWN_SUSPEND) ? Result<void>() : proc::start(process);
            result = started.is_ok() ? Result<int64_t>(int64_t(process.pid())) : Result<int64_t>(started.error());
        }
    }
    heap::free(vectors);
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

Result<int64_t> sys_waitpid(const Arguments& args)
{
    proc::Process* self = proc::current_process();
    auto child = proc::find_process(static_cast<proc::Pid>(args.a0));
    if (args.a0 > 0xffffffffu || !child || child->parent() != self->pid())
        return Error::NotFound;
    char status[proc::MAX_STATUS];
    size_t length = child->wait(status, sizeof(status));
    size_t copy = length < args.a2 ? length : args.a2;
    TRY(copy_to_user(args.a1, status, copy));
    (void)proc::reap(child->pid());
    return int64_t(length);
}

} // namespace ts::syscalls
