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
#include <fs/Poll.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>
#include <mm/AddressSpace.hpp>
#include <sched/Mutex.hpp>
#include <sched/Thread.hpp>
#include <sched/WaitQueue.hpp>

namespace ts::proc {

using Pid = uint32_t;
inline constexpr unsigned SLOT_BITS = 12;
inline constexpr uint32_t MAX_PROCESSES = 1u << SLOT_BITS;
inline constexpr int MAX_FDS = 256;
inline constexpr size_t MAX_STATUS = 256;
inline constexpr size_t MAX_ARGS = 256;
inline constexpr size_t MAX_ARGS_BYTES = 64 * 1024;
inline constexpr size_t MAX_NOTE = 128;
inline constexpr size_t MAX_PENDING_NOTES = 8;
inline constexpr size_t MAX_THREADS = 64;

class Environment;

enum class ProcessState : uint8_t { Suspended, Running, Exited };

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
    // MAX_STATUS - 1 bytes) for whoever reads it. The first status given, here or to
    // set_exit_status, wins.
    void exit(StringView status);
    // Records the status and asks every thread to end (UserThread.cpp); the last one
    // to go calls exit().
    void set_exit_status(StringView status);
    bool is_exiting() const { return __atomic_load_n(&m_exit_pending, __ATOMIC_ACQUIRE); }
    // Drops the process's hold on its address space (its last thread has ended), so the
    // memory is back before the exit is visible. address_space() is invalid afterwards.
    void release_memory();
    // Pages of user memory resident now (0 once released).
    uint64_t resident_pages();
    bool has_exited() const { return __atomic_load_n(&m_exited, __ATOMIC_ACQUIRE); }
    ProcessState state() const;
    // Blocks until exit; copies the status (NUL-terminated) and returns its length.
    size_t wait(char* status, size_t capacity);
    // The status so far (empty before exit); returns its length.
    size_t status(char* out, size_t capacity);
    // Readers of /proc/<pid>/wait sleep and poll here.
    fs::PollQueue& exit_queue() { return m_exit_queue; }

    // The arguments, as spawn received them: NUL-separated, argc of them.
    const char* arguments() const { return m_args; }
    size_t arguments_length() const { return m_args_length; }
    size_t argc() const { return m_argc; }
    Result<void> set_arguments(const char* const* argv, size_t argc);

    Environment& environment() { return *m_env; }
    void set_cwd(fs::Location cwd);
    void set_namespace(fs::Namespace& ns);

    // Notes (Notes.cpp): queued strings the process's threads see on their way back to
    // user mode. Returns Busy when MAX_PENDING_NOTES are queued.
    Result<void> post_note(StringView note);
    // Takes the oldest pending note; false if none.
    bool take_note(char* out, size_t capacity);
    bool has_notes() const { return __atomic_load_n(&m_note_count, __ATOMIC_ACQUIRE) != 0; }
    // The user handler (0: none); while it runs, where the interrupted registers were
    // saved on the user stack (0: not in a handler). One handler at a time per process:
    // processes have one thread so far.
    uint64_t m_note_handler { 0 };
    uint64_t m_note_frame { 0 };
    // The interrupted thread's x87/SSE/AVX registers while a handler runs (an FPU save
    // area, arch::fpu_state_size() bytes, allocated at the first note handled). Kept in
    // the kernel, not on the user stack beside the frame: restoring a save area the user
    // could edit would let a malformed one fault XRSTOR in the kernel.
    void* m_note_vector_state { nullptr };
    // Set by kill: the status the process exits with at its next return to user mode.
    char m_kill_note[MAX_NOTE] {};
    bool m_kill_pending { false };

    // Spawning (Spawn.cpp) fills these in.
    Pid m_pid { 0 };
    Pid m_parent { 0 };
    char m_name[32] {};
    RefPtr<vmm::AddressSpace> m_space;
    RefPtr<fs::Namespace> m_ns;
    uint64_t m_entry { 0 };
    uint64_t m_stack_pointer { 0 };
    uint64_t m_phdr { 0 }; // for the auxiliary vector
    uint16_t m_phent { 0 };
    uint16_t m_phnum { 0 };
    int m_priority { 0 }; // nice, -20..19
    // Threads (UserThread.cpp), under m_threads_lock: every one started, live or not,
    // so notes can kick them; the live count ends the process at zero.
    Spinlock m_threads_lock;
    RefPtr<Thread> m_threads[MAX_THREADS] TS_GUARDED_BY(m_threads_lock);
    uint32_t m_live_threads TS_GUARDED_BY(m_threads_lock) { 0 };
    bool m_started { false };

private:
    Mutex m_lock;
    fs::Location m_cwd TS_GUARDED_BY(m_lock);
    RefPtr<fs::File> m_files[MAX_FDS] TS_GUARDED_BY(m_lock);
    bool m_exited { false };
    bool m_exit_pending { false };
    bool m_status_set TS_GUARDED_BY(m_lock) { false };
    char m_status[MAX_STATUS] {};
    fs::PollQueue m_exit_queue;
    char* m_args { nullptr };
    size_t m_args_length { 0 };
    size_t m_argc { 0 };
    RefPtr<Environment> m_env;
    Spinlock m_notes_lock;
    char m_notes[MAX_PENDING_NOTES][MAX_NOTE] TS_GUARDED_BY(m_notes_lock) {};
    size_t m_note_head TS_GUARDED_BY(m_notes_lock) { 0 };
    size_t m_note_count { 0 }; // written under m_notes_lock, read without

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
// After `process` exited: reaps its exited children, orphans the others, and reaps the
// process itself if its parent is gone.
void reap_after_exit(Process& process);
// Processes in the table.
size_t process_count();

} // namespace ts::proc
