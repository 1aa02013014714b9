// Notes: see Notes.hpp.
#include "Notes.hpp"

#include <arch/x86_64/Fpu.hpp>
#include <arch/x86_64/Gdt.hpp>
#include <arch/x86_64/UserMode.hpp>
#include <lib/CString.hpp>
#include <lib/Math.hpp>
#include <mm/Heap.hpp>
#include <mm/UserAccess.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

#include "Spawn.hpp"
#include "UserThread.hpp"

namespace ts::proc {

namespace {

// rflags bits user code may set: CF PF AF ZF SF TF DF OF and AC; IF is always on.
constexpr uint64_t USER_FLAGS = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x100 | 0x400 | 0x800 | 0x40000;
constexpr uint64_t RFLAGS_IF = 0x200;
constexpr uint64_t RED_ZONE = 128;
constexpr uint64_t FULL_RESTORE = arch::FULL_RESTORE_VECTOR;

} // namespace

Result<void> post(Process& process, StringView note)
{
    if (note.length() == 0 || note.length() >= MAX_NOTE)
        return Error::InvalidArgument;
    if (StringView(note).starts_with(StringView("kill")) && (note.length() == 4 || note[4] == ' '))
        return kill(process, note);
    if (process.state() == ProcessState::Suspended && !process.m_note_handler) {
        process.exit(note); // no thread will ever see it, and the default is to exit
        return {};
    }
    TRY(process.post_note(note));
    kick_threads(process);
    return {};
}

Result<void> kill(Process& process, StringView note)
{
    if (process.has_exited())
        return Error::NotFound;
    if (process.state() == ProcessState::Suspended) {
        process.exit(note);
        return {};
    }
    copy_string(process.m_kill_note, sizeof(process.m_kill_note), note);
    __atomic_store_n(&process.m_kill_pending, true, __ATOMIC_RELEASE);
    kick_threads(process);
    return {};
}

void deliver_notes(arch::InterruptFrame& frame)
{
    Process* process = current_process();
    if (!process)
        return;
    current_thread().m_interrupted.store(false); // whatever interrupted it is handled here
    if (process->is_exiting()) {
        arch::enable_interrupts();
        exit_current_thread(); // another thread ended the process
    }
    if (__atomic_load_n(&process->m_kill_pending, __ATOMIC_ACQUIRE)) {
        arch::enable_interrupts();
        exit_current_process(StringView(process->m_kill_note));
    }
    if (!process->has_notes() || process->m_note_frame)
        return;
    char note[MAX_NOTE];
    if (!process->take_note(note, sizeof(note)))
        return;
    if (!process->m_note_handler) {
        arch::enable_interrupts();
        exit_current_process(StringView(note));
    }
    // Below the red zone: the note text, then the saved frame, 16-byte aligned, then a
    // zero return address so the handler's frame looks like a call's.
    arch::enable_interrupts(); // the copies may fault in stack pages
    size_t length = strlen(note) + 1;
    uint64_t text = align_down(frame.rsp - RED_ZONE - length, 16);
    uint64_t saved = align_down(text - sizeof(arch::InterruptFrame), 16);
    uint64_t rsp = saved - 8;
    uint64_t zero = 0;
    if (copy_to_user(UserPtr<void>(text), note, length).is_error()
        || copy_to_user(UserPtr<void>(saved), &frame, sizeof(frame)).is_error()
        || copy_to_user(UserPtr<void>(rsp), &zero, 8).is_error()) {
        exit_current_process(StringView(note)); // no stack to run the handler on
    }
    // The vector registers too: the handler is ordinary code and may use them.
    if (!process->m_note_vector_state) {
        auto area = heap::allocate(arch::fpu_state_size(), 64);
        if (area.is_error())
            exit_current_process(StringView(note));
        process->m_note_vector_state = area.value();
    }
    arch::fpu_save(process->m_note_vector_state);
    process->m_note_frame = saved;
    frame.rip = process->m_note_handler;
    frame.rsp = rsp;
    frame.rdi = text;
    frame.rflags = (frame.rflags & USER_FLAGS & ~0x400ull) | RFLAGS_IF; // DF clear, as the ABI wants
    if (frame.vector == arch::SYSCALL_VECTOR)
        frame.vector = FULL_RESTORE;
    arch::disable_interrupts();
}

Result<void> set_note_handler(Process& process, uint64_t handler)
{
    if (handler && !user_range_ok(handler, 1))
        return Error::Fault;
    process.m_note_handler = handler;
    return {};
}

Result<void> finish_note(arch::InterruptFrame& frame)
{
    Process* process = current_process();
    if (!process || !process->m_note_frame)
        return Error::InvalidArgument;
    arch::InterruptFrame saved;
    TRY(copy_from_user(&saved, UserPtr<const void>(process->m_note_frame), sizeof(saved)));
    process->m_note_frame = 0;
    // The vector registers come from the kernel's copy (Process::m_note_vector_state).
    // A preemption after this point saves and restores them like any others.
    if (process->m_note_vector_state)
        arch::fpu_restore(process->m_note_vector_state);
    // Trust nothing that decides privilege or where we go: the user could have edited it.
    saved.cs = arch::USER_CS;
    saved.ss = arch::USER_DS;
    saved.rflags = (saved.rflags & USER_FLAGS) | RFLAGS_IF;
    if (saved.rip >= vmm::USER_END)
        saved.rip = 0; // faults in user mode, where it belongs
    saved.vector = FULL_RESTORE;
    saved.error_code = 0;
    frame = saved;
    return {};
}

} // namespace ts::proc
