// Process objects and the process table. See Process.hpp.
#include "Process.hpp"

#include <core/Processor.hpp>
#include <lib/CString.hpp>
#include <lib/TryNew.hpp>
#include <sched/Thread.hpp>

namespace ts::proc {

namespace {

struct Slot {
    RefPtr<Process> process;
    uint32_t generation { 0 };
};

Mutex g_table_lock;
Slot g_slots[MAX_PROCESSES] TS_GUARDED_BY(g_table_lock);
uint32_t g_next_slot TS_GUARDED_BY(g_table_lock) { 1 }; // slot 0 stays unused: pid 0 is "none"
size_t g_count TS_GUARDED_BY(g_table_lock) { 0 };

uint32_t slot_of(Pid pid) { return pid & (MAX_PROCESSES - 1); }

} // namespace

Process::~Process() = default;

fs::Location Process::cwd()
{
    MutexGuard guard(m_lock);
    return m_cwd;
}

Result<int> Process::add_file(NonnullRefPtr<fs::File> file, int from)
{
    if (from < 0 || from >= MAX_FDS)
        return Error::BadDescriptor;
    MutexGuard guard(m_lock);
    if (m_exited)
        return Error::BadDescriptor;
    for (int fd = from; fd < MAX_FDS; ++fd) {
        if (!m_files[fd]) {
            m_files[fd] = static_cast<NonnullRefPtr<fs::File>&&>(file);
            return fd;
        }
    }
    return Error::TooBig;
}

RefPtr<fs::File> Process::file(int fd)
{
    if (fd < 0 || fd >= MAX_FDS)
        return nullptr;
    MutexGuard guard(m_lock);
    return m_files[fd];
}

Result<void> Process::close(int fd)
{
    RefPtr<fs::File> closing;
    {
        if (fd < 0 || fd >= MAX_FDS)
            return Error::BadDescriptor;
        MutexGuard guard(m_lock);
        if (!m_files[fd])
            return Error::BadDescriptor;
        closing = static_cast<RefPtr<fs::File>&&>(m_files[fd]);
        m_files[fd] = nullptr;
    }
    return {}; // the last reference closes the file, outside the lock
}

Result<void> Process::dup2(int from, int to)
{
    if (from < 0 || from >= MAX_FDS || to < 0 || to >= MAX_FDS)
        return Error::BadDescriptor;
    RefPtr<fs::File> replaced;
    MutexGuard guard(m_lock);
    if (!m_files[from])
        return Error::BadDescriptor;
    replaced = static_cast<RefPtr<fs::File>&&>(m_files[to]);
    m_files[to] = m_files[from];
    return {};
}

Result<void> Process::install(int fd, fs::File& file)
{
    if (fd < 0 || fd >= MAX_FDS)
        return Error::BadDescriptor;
    RefPtr<fs::File> replaced;
    MutexGuard guard(m_lock);
    if (m_exited)
        return Error::BadDescriptor;
    replaced = static_cast<RefPtr<fs::File>&&>(m_files[fd]);
    m_files[fd] = &file;
    return {};
}

void Process::exit(StringView status)
{
    RefPtr<fs::File> closing[MAX_FDS];
    {
        MutexGuard guard(m_lock);
        if (m_exited)
            return;
        size_t length = status.length() < MAX_STATUS - 1 ? status.length() : MAX_STATUS - 1;
        memcpy(m_status, status.data(), length);
        m_status[length] = '\0';
        for (int fd = 0; fd < MAX_FDS; ++fd) {
            closing[fd] = static_cast<RefPtr<fs::File>&&>(m_files[fd]);
            m_files[fd] = nullptr;
        }
        m_cwd = fs::Location();
        __atomic_store_n(&m_exited, true, __ATOMIC_RELEASE);
    }
    m_exit_waiters.wake_all();
}

size_t Process::wait(char* status, size_t capacity)
{
    m_exit_waiters.wait_until([this] { return has_exited(); });
    return copy_string(status, capacity, StringView(m_status));
}

Process* current_process() { return static_cast<Process*>(current_thread().m_process); }

Result<NonnullRefPtr<Process>> create_process(Pid parent, const char* name, fs::Namespace& ns, fs::Location cwd)
{
    auto* raw = try_new<Process>();
    if (!raw)
        return Error::NoMemory;
    NonnullRefPtr<Process> process = adopt_ref(*raw);
    process->m_space = TRY(vmm::AddressSpace::create());
    process->m_ns = &ns;
    process->m_parent = parent;
    copy_string(process->m_name, sizeof(process->m_name), StringView(name));
    {
        MutexGuard guard(process->m_lock);
        process->m_cwd = cwd;
    }
    MutexGuard guard(g_table_lock);
    for (uint32_t tries = 0; tries < MAX_PROCESSES; ++tries) {
        uint32_t slot = g_next_slot;
        g_next_slot = slot + 1 == MAX_PROCESSES ? 1 : slot + 1;
        if (slot == 0 || g_slots[slot].process)
            continue;
        uint32_t generation = ++g_slots[slot].generation & ((1u << (31 - SLOT_BITS)) - 1);
        if (generation == 0)
            generation = g_slots[slot].generation = 1;
        process->m_pid = (generation << SLOT_BITS) | slot;
        g_slots[slot].process = process.ptr();
        ++g_count;
        return process;
    }
    return Error::TooBig;
}

RefPtr<Process> find_process(Pid pid)
{
    MutexGuard guard(g_table_lock);
    Slot& slot = g_slots[slot_of(pid)];
    if (!slot.process || slot.process->pid() != pid)
        return nullptr;
    return slot.process;
}

Result<void> reap(Pid pid)
{
    RefPtr<Process> removed;
    MutexGuard guard(g_table_lock);
    Slot& slot = g_slots[slot_of(pid)];
    if (!slot.process || slot.process->pid() != pid)
        return Error::NotFound;
    if (!slot.process->has_exited())
        return Error::Busy;
    removed = static_cast<RefPtr<Process>&&>(slot.process);
    slot.process = nullptr;
    --g_count;
    return {};
}

size_t process_count()
{
    MutexGuard guard(g_table_lock);
    return g_count;
}

} // namespace ts::proc
