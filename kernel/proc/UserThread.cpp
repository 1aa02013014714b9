// UserThread: see UserThread.hpp.
#include "UserThread.hpp"

#include <arch/x86_64/Cpu.hpp>
#include <arch/x86_64/UserMode.hpp>
#include <lib/TryNew.hpp>
#include <mm/AddressSpace.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

namespace ts::proc {

namespace {

struct Start {
    Process* process;
    uint64_t rip;
    uint64_t rsp;
    uint64_t argument;
};

void user_thread_entry(void* raw)
{
    Start start = *static_cast<Start*>(raw);
    delete static_cast<Start*>(raw);
    arch::disable_interrupts();
    enter_user_mode(start.rip, start.rsp, start.argument, 0);
}

} // namespace

Result<uint64_t> start_thread(Process& process, uint64_t rip, uint64_t rsp, uint64_t argument)
{
    if (rip >= vmm::USER_END || rsp >= vmm::USER_END)
        return Error::Fault;
    auto* start = try_new<Start>(Start { &process, rip, rsp, argument });
    if (!start)
        return Error::NoMemory;
    size_t slot = MAX_THREADS;
    {
        SpinlockGuard guard(process.m_threads_lock);
        if (process.has_exited()) {
            delete start;
            return Error::NotFound;
        }
        for (size_t i = 0; i < MAX_THREADS; ++i) {
            if (!process.m_threads[i] || process.m_threads[i]->state() == ThreadState::Dead) {
                slot = i;
                break;
            }
        }
        if (slot == MAX_THREADS) {
            delete start;
            return Error::Busy;
        }
        ++process.m_live_threads;
    }
    process.ref(); // the thread's, dropped when it ends
    auto thread = Thread::spawn_user(process.name(), user_thread_entry, start, process.m_space, &process,
        process.m_priority);
    if (thread.is_error()) {
        delete start;
        SpinlockGuard guard(process.m_threads_lock);
        --process.m_live_threads;
        process.unref();
        return thread.error();
    }
    uint64_t id = thread.value()->id();
    SpinlockGuard guard(process.m_threads_lock);
    process.m_threads[slot] = thread.release_value();
    return id;
}

void kick_threads(Process& process)
{
    RefPtr<Thread> threads[MAX_THREADS];
    {
        SpinlockGuard guard(process.m_threads_lock);
        for (size_t i = 0; i < MAX_THREADS; ++i)
            threads[i] = process.m_threads[i];
    }
    Thread* self = &current_thread();
    for (auto& thread : threads) {
        if (thread && thread.ptr() != self)
            sched::interrupt(*thread); // out of interruptible waits, into the kernel
    }
}

void exit_current_thread()
{
    Thread& thread = current_thread();
    auto* process = static_cast<Process*>(thread.m_process);
    if (process) {
        bool last;
        {
            SpinlockGuard guard(process->m_threads_lock);
            last = --process->m_live_threads == 0;
        }
        if (last) {
            // The memory goes before anyone can see the exit: leave these page tables
            // (the kernel's stay mapped) and drop this thread's hold on them, then the
            // process's (the others have ended: none runs on them any more).
            {
                arch::InterruptGuard interrupts;
                vmm::switch_address_space(thread.m_address_space.ptr(), nullptr);
                thread.m_address_space = nullptr;
            }
            process->release_memory();
            process->exit(StringView(""));
            reap_after_exit(*process);
        }
        thread.m_process = nullptr;
        process->unref();
    }
    sched::exit_current();
}

void exit_current_process(StringView status)
{
    if (auto* process = current_process()) {
        process->set_exit_status(status); // kept for when the last thread ends
        kick_threads(*process);           // the others end on their way back to user mode
    }
    exit_current_thread();
}

} // namespace ts::proc
