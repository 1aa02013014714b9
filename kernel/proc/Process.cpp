// Process objects and the process table. See Process.hpp.
#include "Process.hpp"

#include <arch/x86_64/Cpu.hpp>
#include <core/Processor.hpp>
#include <lib/CString.hpp>
#include <lib/TryNew.hpp>
#include <mm/Heap.hpp>
#include <sched/Thread.hpp>

#include "Environment.hpp"
#include "ProcFs.hpp"

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

Process::~Process()
{
    delete[] m_args;
    heap::free(m_note_vector_state);
}

uint64_t Process::resident_pages()
{
    MutexGuard guard(m_lock);
    return m_space ? m_space->counters().resident : 0;
}

ProcessState Process::state() const
{
    if (has_exited())
        return ProcessState::Exited;
    return __atomic_load_n(&m_started, __ATOMIC_ACQUIRE) ? ProcessState::Running : ProcessState::Suspended;
}

size_t Process::status(char* out, size_t capacity)
{
    if (!has_exited()) {
        if (capacity)
            out[0] = '\0';
        return 0;
    }
    return copy_string(out, capacity, StringView(m_status));
}

Result<void> Process::set_arguments(const char* const* argv, size_t argc)
{
    size_t total = 0;
    for (size_t i = 0; i < argc; ++i)
        total += strlen(argv[i]) + 1;
    if (argc > MAX_ARGS || total > MAX_ARGS_BYTES)
        return Error::TooBig;
    char* storage = new (std::nothrow) char[total ? total : 1];
    if (!storage)
        return Error::NoMemory;
    size_t used = 0;
    for (size_t i = 0; i < argc; ++i) {
        size_t length = strlen(argv[i]) + 1;
        memcpy(storage + used, argv[i], length);
        used += length;
    }
    delete[] m_args;
    m_args = storage;
    m_args_length = total;
    m_argc = argc;
    return {};
}

void Process::set_cwd(fs::Location cwd)
{
    MutexGuard guard(m_lock);
    m_cwd = cwd;
}

void Process::set_namespace(fs::Namespace& ns) { m_ns = &ns; }

Result<void> Process::post_note(StringView note)
{
    if (has_exited())
        return Error::NotFound;
    SpinlockGuard guard(m_notes_lock);
    if (m_note_count == MAX_PENDING_NOTES)
        return Error::Busy;
    size_t slot = (m_note_head + m_note_count) % MAX_PENDING_NOTES;
    copy_string(m_notes[slot], MAX_NOTE, note);
    __atomic_store_n(&m_note_count, m_note_count + 1, __ATOMIC_RELEASE);
    return {};
}

bool Process::take_note(char* out, size_t capacity)
{
    SpinlockGuard guard(m_notes_lock);
    if (m_note_count == 0)
        return false;
    copy_string(out, capacity, StringView(m_notes[m_note_head]));
    m_note_head = (m_note_head + 1) % MAX_PENDING_NOTES;
    __atomic_store_n(&m_note_count, m_note_count - 1, __ATOMIC_RELEASE);
    return true;
}

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

void Process::set_exit_status(StringView status)
{
    MutexGuard guard(m_lock);
    if (!m_status_set) {
        size_t length = status.length() < MAX_STATUS - 1 ? status.length() : MAX_STATUS - 1;
        memcpy(m_status, status.data(), length);
        m_status[length] = '\0';
        m_status_set = true;
    }
    __atomic_store_n(&m_exit_pending, true, __ATOMIC_RELEASE);
}

void Process::release_memory()
{
    RefPtr<vmm::AddressSpace> dropped;
    MutexGuard guard(m_lock);
    dropped = static_cast<RefPtr<vmm::AddressSpace>&&>(m_space);
    m_space = nullptr;
}

void Process::exit(StringView status)
{
    RefPtr<fs::File> closing[MAX_FDS];
    {
        MutexGuard guard(m_lock);
        if (m_exited)
            return;
        if (!m_status_set) {
            size_t length = status.length() < MAX_STATUS - 1 ? status.length() : MAX_STATUS - 1;
            memcpy(m_status, status.data(), length);
            m_status[length] = '\0';
            m_status_set = true;
        }
        for (int fd = 0; fd < MAX_FDS; ++fd) {
            closing[fd] = static_cast<RefPtr<fs::File>&&>(m_files[fd]);
            m_files[fd] = nullptr;
        }
        m_cwd = fs::Location();
        __atomic_store_n(&m_exited, true, __ATOMIC_RELEASE);
    }
    m_exit_queue.notify();
}

size_t Process::wait(char* status, size_t capacity)
{
    m_exit_queue.wait_until([this] { return has_exited(); });
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
    process->m_env = TRY(make_ref<Environment>(environment_superblock()));
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
        TRY(procfs_add(*process));
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

// Waits until the process's ended threads are completely gone (their last switch done,
// the scheduler's reference dropped), so their kernel stacks are free when reap returns.
// The calling thread itself is left alone.
void settle_threads(Process& process)
{
    RefPtr<Thread> threads[MAX_THREADS];
    {
        SpinlockGuard guard(process.m_threads_lock);
        for (size_t i = 0; i < MAX_THREADS; ++i) {
            threads[i] = static_cast<RefPtr<Thread>&&>(process.m_threads[i]);
            process.m_threads[i] = nullptr;
        }
    }
    for (auto& thread : threads) {
        if (!thread || thread.ptr() == &current_thread())
            continue;
        thread->join();
        // Dead, but perhaps still in its CPU's finish_switch: wait for that to drop the
        // scheduler's reference (a few instructions away), so ours is the last.
        while (thread->ref_count() > 1)
            arch::pause();
    }
}

Result<void> reap(Pid pid)
{
    RefPtr<Process> removed;
    {
        MutexGuard guard(g_table_lock);
        Slot& slot = g_slots[slot_of(pid)];
        if (!slot.process || slot.process->pid() != pid)
            return Error::NotFound;
        if (!slot.process->has_exited())
            return Error::Busy;
        removed = static_cast<RefPtr<Process>&&>(slot.process);
        slot.process = nullptr;
        --g_count;
    }
    procfs_remove(pid);
    settle_threads(*removed);
    return {};
}

void reap_after_exit(Process& process)
{
    // Children: the exited ones are reaped now, the live ones become orphans (parent 0),
    // which reap themselves when they exit.
    RefPtr<Process> dropped[16];
    size_t dropped_count = 0;
    bool self_orphan;
    {
        MutexGuard guard(g_table_lock);
        for (uint32_t i = 1; i < MAX_PROCESSES; ++i) {
            Slot& slot = g_slots[i];
            if (!slot.process || slot.process->m_parent != process.pid())
                continue;
            if (slot.process->has_exited() && dropped_count < 16) {
                procfs_remove(slot.process->pid());
                dropped[dropped_count++] = static_cast<RefPtr<Process>&&>(slot.process);
                slot.process = nullptr;
                --g_count;
            } else {
                slot.process->m_parent = 0;
            }
        }
        Slot& parent = g_slots[slot_of(process.m_parent)];
        self_orphan = process.m_parent == 0 || !parent.process || parent.process->pid() != process.m_parent
            || parent.process->has_exited();
    }
    // Nobody is left to read the status through /proc: the entry goes now (whoever
    // holds the object, like the kernel waiting for init, still reads it).
    if (self_orphan)
        (void)reap(process.pid());
}

size_t process_count()
{
    MutexGuard guard(g_table_lock);
    return g_count;
}

} // namespace ts::proc
