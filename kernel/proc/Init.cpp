// Init: see Init.hpp.
#include "Init.hpp"

#include <arch/x86_64/DebugExit.hpp>
#include <arch/x86_64/UserMode.hpp>
#include <core/Log.hpp>
#include <fs/VfsInit.hpp>
#include <lib/CString.hpp>

#include "Environment.hpp"
#include "Faults.hpp"
#include "Notes.hpp"
#include "ProcFs.hpp"
#include "Spawn.hpp"

namespace ts::proc {

namespace {

Result<NonnullRefPtr<Process>> spawn_init(StringView path)
{
    char name[256];
    copy_string(name, sizeof(name), path);
    const char* argv[] = { name };
    auto ns = TRY(fs::kernel_namespace().copy());
    SpawnRequest request;
    request.ns = ns.ptr();
    request.path = path;
    request.argv = argv;
    request.argc = 1;
    auto process = TRY(spawn(request));
    auto console = TRY(fs::open(fs::kernel_context(), StringView("/dev/console:w")));
    for (int fd = 0; fd < 3; ++fd)
        TRY(process->install(fd, *console));
    TRY(process->environment().set(StringView("PATH"), StringView("/bin")));
    TRY(start(*process));
    return process;
}

} // namespace

Result<void> processes_init()
{
    faults_init();
    arch::set_user_return_hook(deliver_notes);
    return procfs_init();
}

void run_init(StringView path, bool report)
{
    auto process = spawn_init(path);
    if (process.is_error()) {
        log_error("init: cannot start %.*s: %s", int(path.length()), path.data(), error_name(process.error()));
        if (report)
            arch::qemu_exit(arch::ExitCode::TestsFailed);
        return;
    }
    char status[MAX_STATUS];
    process.value()->wait(status, sizeof(status));
    log("init: %.*s exited: %s", int(path.length()), path.data(), status);
    (void)reap(process.value()->pid());
    if (report)
        arch::qemu_exit(strcmp(status, "ok") == 0 ? arch::ExitCode::TestsPassed : arch::ExitCode::TestsFailed);
}

} // namespace ts::proc
