// ProcFs: see ProcFs.hpp.
#include "ProcFs.hpp"

#include <fs/CtlFile.hpp>
#include <fs/File.hpp>
#include <fs/Synthetic.hpp>
#include <fs/Tmpfs.hpp>
#include <fs/Vfs.hpp>
#include <fs/VfsInit.hpp>
#include <lib/CString.hpp>
#include <lib/Format.hpp>

#include "Environment.hpp"
#include "Notes.hpp"
#include "Spawn.hpp"

namespace ts::proc {

namespace {

RefPtr<fs::SyntheticDirectory> g_root;

void* context_of(Pid pid) { return reinterpret_cast<void*>(static_cast<uintptr_t>(pid)); }
Pid pid_of(void* context) { return static_cast<Pid>(reinterpret_cast<uintptr_t>(context)); }

Result<NonnullRefPtr<Process>> process_of(void* context)
{
    auto process = find_process(pid_of(context));
    if (!process)
        return Error::NotFound;
    return NonnullRefPtr<Process>(*process);
}

Result<int> descriptor(StringView word)
{
    int64_t value = TRY(ctl::parse_int(word));
    if (value < 0 || value >= MAX_FDS)
        return Error::BadDescriptor;
    return static_cast<int>(value);
}

// ---- ctl ----

Result<void> ctl_dup2(void* context, const ctl::Command& command)
{
    auto process = TRY(process_of(context));
    return process->dup2(TRY(descriptor(command.arg(0))), TRY(descriptor(command.arg(1))));
}

Result<void> ctl_close(void* context, const ctl::Command& command)
{
    auto process = TRY(process_of(context));
    int first = TRY(descriptor(command.arg(0)));
    int last = first;
    if (command.arg_count() == 2) {
        int64_t value = TRY(ctl::parse_int(command.arg(1)));
        if (value == -1)
            last = MAX_FDS - 1;
        else if (value < first || value >= MAX_FDS)
            return Error::BadDescriptor;
        else
            last = static_cast<int>(value);
    }
    for (int fd = first; fd <= last; ++fd)
        (void)process->close(fd); // closing a free descriptor in a range is fine
    return {};
}

Result<void> ctl_start(void* context, const ctl::Command&)
{
    auto process = TRY(process_of(context));
    if (process->state() != ProcessState::Suspended)
        return Error::Busy;
    return start(*process);
}

Result<void> ctl_kill(void* context, const ctl::Command& command)
{
    auto process = TRY(process_of(context));
    char note[MAX_NOTE] = "kill";
    for (size_t i = 0; i < command.arg_count(); ++i) {
        size_t used = strlen(note);
        format(note + used, sizeof(note) - used, " %.*s", int(command.arg(i).length()), command.arg(i).data());
    }
    return kill(*process, StringView(note));
}

Result<void> ctl_bind(void* context, const ctl::Command& command)
{
    auto process = TRY(process_of(context));
    int fd = TRY(descriptor(command.arg(1)));
    auto file = process->file(fd);
    if (!file)
        return Error::BadDescriptor;
    fs::PathContext path_context { &process->ns(), process->cwd(), fs::Perm::All };
    return fs::bind(path_context, command.arg(0), *file);
}

Result<void> ctl_mount(void* context, const ctl::Command& command)
{
    auto process = TRY(process_of(context));
    if (!(command.arg(1) == StringView("tmpfs")))
        return Error::NotSupported;
    auto root = TRY(fs::tmpfs::create());
    fs::PathContext path_context { &process->ns(), process->cwd(), fs::Perm::All };
    return fs::mount(path_context, command.arg(0), *root);
}

Result<void> ctl_setns(void* context, const ctl::Command& command)
{
    auto process = TRY(process_of(context));
    int64_t pid = TRY(ctl::parse_int(command.arg(0)));
    auto other = find_process(static_cast<Pid>(pid));
    if (pid <= 0 || pid > 0x7fffffff || !other)
        return Error::NotFound;
    if (process->state() != ProcessState::Suspended)
        return Error::Busy;
    process->set_namespace(other->ns());
    return {};
}

Result<void> ctl_prio(void* context, const ctl::Command& command)
{
    auto process = TRY(process_of(context));
    int64_t nice = TRY(ctl::parse_int(command.arg(0)));
    if (nice < -20 || nice > 19)
        return Error::OutOfRange;
    process->m_priority = static_cast<int>(nice);
    return {};
}

const ctl::Handler CTL_HANDLERS[] = {
    { "dup2", 2, 2, ctl_dup2 },
    { "close", 1, 2, ctl_close },
    { "start", 0, 0, ctl_start },
    { "kill", 0, ctl::MAX_WORDS - 1, ctl_kill },
    { "bind", 2, 2, ctl_bind },
    { "mount", 2, 2, ctl_mount },
    { "setns", 1, 1, ctl_setns },
    { "prio", 1, 1, ctl_prio },
};

// ---- read-only text files ----

Result<void> read_status(void* context, fs::TextBuffer& out)
{
    auto process = TRY(process_of(context));
    const char* state = process->state() == ProcessState::Running ? "running"
        : process->state() == ProcessState::Suspended              ? "suspended"
                                                                   : "exited";
    uint64_t resident = process->resident_pages();
    out.appendf("state %s\nparent %u\nresident %llu\n", state, process->parent(),
        static_cast<unsigned long long>(resident));
    return out.status();
}

Result<void> read_cmdline(void* context, fs::TextBuffer& out)
{
    auto process = TRY(process_of(context));
    out.append(process->arguments(), process->arguments_length());
    return out.status();
}

Result<void> read_cwd(void* context, fs::TextBuffer& out)
{
    auto process = TRY(process_of(context));
    char path[fs::MAX_PATH_LENGTH + 1];
    size_t length = fs::absolute_path(process->ns(), process->cwd(), path, sizeof(path));
    out.append(path, length);
    out.append(StringView("\n"));
    return out.status();
}

// One line a mount, root first then oldest first: "<mountpoint> <type> <permissions>",
// e.g. "/tmp tmpfs rwx".
Result<void> read_mounts(void* context, fs::TextBuffer& out)
{
    auto process = TRY(process_of(context));
    constexpr size_t MAX_LISTED = 64;
    RefPtr<fs::Mount> mounts[MAX_LISTED];
    const size_t total = process->ns().list(mounts, MAX_LISTED);
    char path[fs::MAX_PATH_LENGTH + 1];
    for (size_t i = 0; i < total && i < MAX_LISTED; ++i) {
        fs::Mount& mount = *mounts[i];
        size_t length = 1;
        path[0] = '/';
        if (mount.parent()) {
            fs::Location at { RefPtr<fs::Mount>(mount.parent()), RefPtr<fs::Dentry>(mount.mountpoint()) };
            length = fs::absolute_path(process->ns(), at, path, sizeof(path));
        }
        const fs::Perm perms = mount.perms();
        out.appendf("%.*s %s %c%c%c\n", int(length), path, mount.root().superblock().type_name(),
            fs::has(perms, fs::Perm::Read) ? 'r' : '-', fs::has(perms, fs::Perm::Write) ? 'w' : '-',
            fs::has(perms, fs::Perm::Execute) ? 'x' : '-');
    }
    if (total > MAX_LISTED)
        out.appendf("(%llu more)\n", static_cast<unsigned long long>(total - MAX_LISTED));
    return out.status();
}

Result<void> write_note(void* context, StringView text)
{
    auto process = TRY(process_of(context));
    if (text.length() && text[text.length() - 1] == '\n')
        text = text.drop_back(1);
    if (text.length() == 0 || text.length() >= MAX_NOTE)
        return Error::InvalidArgument;
    return post(*process, text);
}

// ---- wait ----

// Each open holds the process it was opened for, so a reader that has just reaped it
// (the parent reading the status) still reads to the end of it.
struct WaitOpen {
    RefPtr<Process> process;
    size_t done { 0 };
};

class WaitFile final : public fs::Vnode {
public:
    WaitFile(fs::Superblock& superblock, Pid pid) : Vnode(superblock, fs::VnodeKind::Device, fs::Perm::Read), m_pid(pid) {}

    bool is_stream() const override { return true; }
    Result<void> open(fs::File& file) override
    {
        auto process = find_process(m_pid);
        if (!process)
            return Error::NotFound;
        auto* state = new (std::nothrow) WaitOpen { process, 0 };
        if (!state)
            return Error::NoMemory;
        file.private_data = state;
        return {};
    }
    void close(fs::File& file) override { delete static_cast<WaitOpen*>(file.private_data); }
    Result<size_t> read(fs::File& file, uint64_t, void* buffer, size_t size) override
    {
        auto* state = static_cast<WaitOpen*>(file.private_data);
        Process& process = *state->process;
        if (!process.has_exited()) {
            if (file.is_nonblocking())
                return Error::WouldBlock;
            if (process.exit_queue().wait_interruptible([&] { return process.has_exited(); })
                == WaitQueue::Outcome::Interrupted)
                return Error::Interrupted;
        }
        char status[MAX_STATUS];
        size_t length = process.status(status, sizeof(status));
        if (state->done >= length)
            return size_t(0);
        size_t n = length - state->done < size ? length - state->done : size;
        memcpy(buffer, status + state->done, n);
        state->done += n;
        // The parent has the whole status: the zombie's work is done.
        Process* reader = current_process();
        if (state->done == length && reader && reader->pid() == process.parent())
            (void)reap(m_pid);
        return n;
    }
    uint32_t poll(fs::File& file, fs::PollTable* table) override
    {
        Process& process = *static_cast<WaitOpen*>(file.private_data)->process;
        if (table)
            table->add(process.exit_queue());
        return process.has_exited() ? fs::POLL_READ : 0;
    }

private:
    Pid m_pid;
};

// ---- self ----

class SelfLink final : public fs::Vnode {
public:
    explicit SelfLink(fs::Superblock& superblock) : Vnode(superblock, fs::VnodeKind::Symlink) {}
    Result<size_t> read_link(char* buffer, size_t size) override
    {
        Process* process = current_process();
        if (!process)
            return Error::NotFound;
        char text[16];
        size_t length = format(text, sizeof(text), "%u", process->pid());
        if (length > size)
            return Error::TooBig;
        memcpy(buffer, text, length);
        return length;
    }
};

} // namespace

Result<void> procfs_init()
{
    auto fs_instance = TRY(fs::create_synthetic("procfs"));
    g_root = fs_instance.root.ptr();
    auto self = TRY(make_ref<SelfLink>(g_root->superblock()));
    TRY(g_root->publish(StringView("self"), *self));
    fs::PathContext context = fs::kernel_context();
    TRY(fs::open(context, "/proc:create:directory"));
    TRY(fs::mount(context, "/proc", *fs_instance.root_dentry));
    return {};
}

Result<void> procfs_add(Process& process)
{
    if (!g_root)
        return {}; // before procfs_init (kernel tests of early boot): no directory
    char name[16];
    format(name, sizeof(name), "%u", process.pid());
    auto directory = TRY(g_root->subdirectory(StringView(name)));
    fs::Superblock& sb = g_root->superblock();
    void* context = context_of(process.pid());
    auto ctl = TRY(make_ref<fs::CtlFile>(sb, CTL_HANDLERS, sizeof(CTL_HANDLERS) / sizeof(CTL_HANDLERS[0]), context));
    auto wait = TRY(make_ref<WaitFile>(sb, process.pid()));
    auto note = TRY(make_ref<fs::HandlerFile>(sb, nullptr, write_note, context));
    auto status = TRY(make_ref<fs::HandlerFile>(sb, read_status, nullptr, context));
    auto cmdline = TRY(make_ref<fs::HandlerFile>(sb, read_cmdline, nullptr, context));
    auto cwd = TRY(make_ref<fs::HandlerFile>(sb, read_cwd, nullptr, context));
    auto mounts = TRY(make_ref<fs::HandlerFile>(sb, read_mounts, nullptr, context));
    TRY(directory->publish(StringView("ctl"), *ctl));
    TRY(directory->publish(StringView("wait"), *wait));
    TRY(directory->publish(StringView("note"), *note));
    TRY(directory->publish(StringView("status"), *status));
    TRY(directory->publish(StringView("cmdline"), *cmdline));
    TRY(directory->publish(StringView("cwd"), *cwd));
    TRY(directory->publish(StringView("mounts"), *mounts));
    TRY(directory->publish(StringView("env"), process.environment()));
    return {};
}

void procfs_remove(Pid pid)
{
    if (!g_root)
        return;
    char name[16];
    format(name, sizeof(name), "%u", pid);
    (void)g_root->unpublish(StringView(name));
}

} // namespace ts::proc
