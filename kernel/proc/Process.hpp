// Process: an address space, a namespace, a working directory, a descriptor table and the
// threads that run in them. Layer: proc (uses mm, fs, sched).
//
// IDs: a pid is (generation << SLOT_BITS) | slot. The slot indexes the process table; its
// generation advances each time the slot is reused, so a stale pid never names a newer
// process in the same slot (lookup compares the whole value).
//
// Lifetime: reference counted. The table holds one reference from spawn until the
// process is reaped; each thread's m_process points at it while the thread lives (the
// thread holds a reference through Process::m_threads' bookkeeping). A process that has
// exited is a zombie until reaped: its status stays readable, its memory and files are
// gone.
#pragma once

#include <cstddef>
#include <cstdint>

#include <fs/File.hpp>
#include <fs/Mount.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>
#include <mm/AddressSpace.hpp>
#include <sched/Mutex.hpp>
#include <sched/WaitQueue.hpp>

namespace ts {
class Thread;
}

namespace ts::proc {

using Pid = uint32_t;
inline constexpr unsigned SLOT_BITS = 12;
inline constexpr uint32_t MAX_PROCESSES = 1u << SLOT_BITS;
inline constexpr int MAX_FDS = 256;
inline constexpr size_t MAX_STATUS = 256;
inline constexpr size_t MAX_ARGS = 256;
inline constexpr size_t MAX_ARGS_BYTES = 64 * 1024;

class Process : public RefCounted<Process> {
public:
    ~Process();

    Pid pid() const { return m_pid; }
    Pid parent() const { return m_parent; }
    const char* name() const { return m_name; }
    vmm::AddressSpace& address_space() { return *m_space; }
    fs::Namespace& ns() { return *m_ns; }
    fs::Location cwd();

    // Descriptors: the lowest free number at or above `from`.
    Result<int> add_file(NonnullRefPtr<fs::File> file, int from = 0);
    RefPtr<fs::File> file(int fd);
    Result<void> close(int fd);
    Result<void> dup2(int from, int to);
    // Puts `file` at descriptor `fd`, closing what was there.
    Result<void> install(int fd, fs::File& file);

    // Ends the process: every descriptor closed, the status kept (truncated to
    // MAX_STATUS - 1 bytes) for whoever reads it. The first call wins.
    void exit(StringView status);
    bool has_exited() const { return __atomic_load_n(&m_exited, __ATOMIC_ACQUIRE); }
    // Blocks until exit; copies the status (NUL-terminated) and returns its length.
    size_t wait(char* status, size_t capacity);
    WaitQueue& exit_waiters() { return m_exit_waiters; }

    // Spawning (Spawn.cpp) fills these in.
    Pid m_pid { 0 };
    Pid m_parent { 0 };
    char m_name[32] {};
    RefPtr<vmm::AddressSpace> m_space;
    RefPtr<fs::Namespace> m_ns;
    uint64_t m_entry { 0 };
    uint64_t m_stack_pointer { 0 };
    uint32_t m_live_threads { 0 }; // under m_lock

private:
    Mutex m_lock;
    fs::Location m_cwd TS_GUARDED_BY(m_lock);
    RefPtr<fs::File> m_files[MAX_FDS] TS_GUARDED_BY(m_lock);
    bool m_exited { false };
    char m_status[MAX_STATUS] {};
    WaitQueue m_exit_waiters;

    friend Result<NonnullRefPtr<Process>> create_process(Pid parent, const char* name, fs::Namespace& ns,
        fs::Location cwd);
};

// The process the calling thread belongs to, or null for a kernel thread.
Process* current_process();

// A new, empty process with a fresh address space and a slot in the table.
Result<NonnullRefPtr<Process>> create_process(Pid parent, const char* name, fs::Namespace& ns, fs::Location cwd);
// The live or zombie process with this pid; null if there is none (or the pid is stale).
RefPtr<Process> find_process(Pid pid);
// Removes an exited process from the table (its pid becomes stale).
Result<void> reap(Pid pid);
// Processes in the table.
size_t process_count();

} // namespace ts::proc
