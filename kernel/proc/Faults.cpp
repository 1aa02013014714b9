// Faults: exceptions that are not kernel bugs. Layer: proc.
//   - page faults on reserved user memory (demand-zero pages), from user mode or from the
//     kernel's user-copy routines;
//   - a page fault the address space cannot resolve inside a user-copy routine: the copy
//     fails with Error::Fault (the routine resumes at its fixup);
//   - any other fault in user mode: the process is killed by the kernel's note for it,
//     which becomes its exit status, e.g. "pagefault at 0x0 (read, not present)
//     rip=0x401234", "divbyzero rip=0x401020", "illegal rip=0x401030".
// Everything else returns false and panics as before.
#include "Faults.hpp"

#include <arch/x86_64/Interrupts.hpp>
#include <arch/x86_64/UserMode.hpp>
#include <lib/Format.hpp>
#include <mm/UserAccess.hpp>
#include <sched/Thread.hpp>

#include "Spawn.hpp"
#include "UserThread.hpp"

namespace ts::proc {

namespace {

constexpr uint64_t PF_PRESENT = 1 << 0, PF_WRITE = 1 << 1, PF_FETCH = 1 << 4;

vmm::Access access_of(uint64_t error)
{
    if (error & PF_FETCH)
        return vmm::Access::Execute;
    return (error & PF_WRITE) ? vmm::Access::Write : vmm::Access::Read;
}

} // namespace

size_t describe_fault(const arch::InterruptFrame& frame, uint64_t address, char* buffer, size_t size,
    vmm::FaultResult result)
{
    using ull = unsigned long long;
    switch (frame.vector) {
    case 14: {
        uint64_t e = frame.error_code;
        const char* why = (e & PF_PRESENT) ? "protection"
            : result == vmm::FaultResult::Guard ? "guard page"
            : result == vmm::FaultResult::Denied ? "protection"
            : result == vmm::FaultResult::NoMemory ? "out of memory"
                                                  : "not present";
        return format(buffer, size, "pagefault at 0x%llx (%s, %s) rip=0x%llx", ull(address),
            (e & PF_FETCH) ? "execute" : (e & PF_WRITE) ? "write" : "read", why, ull(frame.rip));
    }
    case 0:
        return format(buffer, size, "divbyzero rip=0x%llx", ull(frame.rip));
    case 6:
        return format(buffer, size, "illegal rip=0x%llx", ull(frame.rip));
    case 13:
        return format(buffer, size, "protection rip=0x%llx", ull(frame.rip));
    case 3:
        return format(buffer, size, "breakpoint rip=0x%llx", ull(frame.rip));
    case 16:
    case 19:
        return format(buffer, size, "floatingpoint rip=0x%llx", ull(frame.rip));
    case 17:
        return format(buffer, size, "alignment rip=0x%llx", ull(frame.rip));
    default:
        return format(buffer, size, "fault vector %llu rip=0x%llx", ull(frame.vector), ull(frame.rip));
    }
}

bool handle_fault(arch::InterruptFrame& frame, uint64_t address)
{
    const bool user = arch::frame_from_user(frame);
    const bool in_copy = !user && is_user_access_rip(frame.rip);
    if (!user && !in_copy)
        return false;
    Thread& thread = current_thread();
    vmm::FaultResult result = vmm::FaultResult::NotMapped;
    if (frame.vector == 14 && thread.m_address_space && address < vmm::USER_END) {
        result = thread.m_address_space->fault(address, access_of(frame.error_code));
        if (result == vmm::FaultResult::Populated || result == vmm::FaultResult::Spurious)
            return true;
    }
    if (in_copy) {
        frame.rip = user_access_fixup_rip();
        return true;
    }
    char note[160];
    describe_fault(frame, address, note, sizeof(note), result);
    // Interrupts were off since the exception: the exit path may sleep on locks.
    arch::enable_interrupts();
    exit_current_process(StringView(note));
}

void faults_init() { arch::set_fault_handler(handle_fault); }

} // namespace ts::proc
