// Thread creation and destruction. See Thread.hpp; the scheduling lives in Scheduler.cpp.
#include "Thread.hpp"

#include <arch/x86_64/Context.hpp>
#include <arch/x86_64/Fpu.hpp>
#include <core/Processor.hpp>
#include <lib/CString.hpp>
#include <lib/StringView.hpp>
#include <mm/AddressSpace.hpp>
#include <mm/DirectMap.hpp>
#include <mm/Heap.hpp>
#include <mm/Pmm.hpp>

#include "Scheduler.hpp"

namespace ts {

namespace {

constexpr size_t STACK_PAGES = 4; // 16 KiB kernel stacks
uint64_t g_next_id = 1;

} // namespace

// First code a new thread runs (through thread_trampoline), on its own stack, with
// interrupts off and its CPU's run queue lock held by the switch that brought it here.
extern "C" [[noreturn]] void thread_start(uint64_t thread_address, uint64_t)
{
    sched::finish_switch_for_new_thread();
    arch::enable_interrupts();
    auto* thread = reinterpret_cast<Thread*>(thread_address);
    thread->m_entry(thread->m_argument);
    sched::exit_current();
}

Result<NonnullRefPtr<Thread>> Thread::create(const char* name, Entry entry, void* argument, int nice, bool idle)
{
    auto* raw = new (std::nothrow) Thread();
    if (!raw)
        return Error::NoMemory;
    NonnullRefPtr<Thread> thread = adopt_ref(*raw);
    thread->m_id = __atomic_fetch_add(&g_next_id, 1, __ATOMIC_RELAXED);
    copy_string(thread->m_name, sizeof(thread->m_name), StringView(name));
    thread->m_entry = entry;
    thread->m_argument = argument;
    thread->m_idle = idle;
    thread->m_entity.set_nice(nice);

    auto fpu = heap::allocate(arch::fpu_state_size(), 64);
    if (fpu.is_error())
        return fpu.error();
    thread->m_fpu_state = fpu.value();
    arch::fpu_init_state(thread->m_fpu_state);

    if (entry) {
        PhysAddr stack = TRY(pmm::allocate_contiguous(STACK_PAGES));
        thread->m_stack = phys_to_ptr<void>(stack);
        thread->m_stack_pages = STACK_PAGES;
        uint64_t top = reinterpret_cast<uint64_t>(thread->m_stack) + STACK_PAGES * PAGE_SIZE;
        thread->m_saved_rsp = arch::prepare_thread_stack(top, thread_start, reinterpret_cast<uint64_t>(raw), 0);
    }
    return thread;
}

Result<NonnullRefPtr<Thread>> Thread::spawn(const char* name, Entry entry, void* argument, int nice)
{
    auto thread = TRY(create(name, entry, argument, nice, false));
    // The scheduler's reference: dropped after the thread has died and switched away.
    thread->ref();
    sched::start(*thread);
    return thread;
}

Result<NonnullRefPtr<Thread>> Thread::spawn_on(uint32_t cpu, const char* name, Entry entry, void* argument, int nice)
{
    if (cpu >= sched::online_cpus())
        return Error::InvalidArgument;
    auto thread = TRY(create(name, entry, argument, nice, false));
    thread->m_affinity = static_cast<int32_t>(cpu);
    thread->m_cpu = cpu;
    thread->ref();
    sched::start(*thread);
    return thread;
}

Result<NonnullRefPtr<Thread>> Thread::spawn_user(const char* name, Entry entry, void* argument,
    RefPtr<vmm::AddressSpace> space, void* process, int nice, int32_t cpu)
{
    if (cpu >= 0 && static_cast<uint32_t>(cpu) >= sched::online_cpus())
        return Error::InvalidArgument;
    auto thread = TRY(create(name, entry, argument, nice, false));
    thread->m_address_space = static_cast<RefPtr<vmm::AddressSpace>&&>(space);
    thread->m_process = process;
    if (cpu >= 0) {
        thread->m_affinity = cpu;
        thread->m_cpu = static_cast<uint32_t>(cpu);
    }
    thread->ref();
    sched::start(*thread);
    return thread;
}

Thread::~Thread()
{
    if (m_stack)
        pmm::free_contiguous(virt_to_phys_direct(virt_from_ptr(m_stack)), m_stack_pages);
    heap::free(m_fpu_state);
}

void Thread::join()
{
    m_exit_waiters.wait_until([this] { return m_state.load() == ThreadState::Dead; });
}

Thread& current_thread() { return *this_thread(); }

} // namespace ts
