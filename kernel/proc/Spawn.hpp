// Spawn: a new process running an ELF executable. Layer: proc.
//
// The executable is read whole, checked by the same validator as the kernel image
// (lib/ElfValidator: ELF64 x86-64, ET_EXEC or a static ET_DYN, no interpreter, segments
// inside the file and the program area, no overlap, the entry in an executable segment;
// a refusal is a clean BadFormat with the reason logged), and its segments are reserved
// page by page with their own rights and filled through the direct map. A
// position-independent executable goes at a random base and gets its relative
// relocations applied (lib/ElfRelocations), each checked to land inside the image. The stack (8 MiB reserved,
// a guard page below it, touched pages only) gets the System V initial layout: argc,
// argv, envp, the auxiliary vector (AT_PAGESZ, AT_ENTRY, AT_PHDR, AT_PHENT, AT_PHNUM,
// AT_RANDOM) and the strings. Ref: System V ABI AMD64 §3.4.1 (initial process stack).
#pragma once

#include <fs/Mount.hpp>
#include <lib/RefPtr.hpp>
#include <lib/Result.hpp>
#include <lib/StringView.hpp>

#include "Process.hpp"
#include "UserThread.hpp"

namespace ts::proc {

inline constexpr uint64_t STACK_TOP = vmm::USER_END - 0x10000;
inline constexpr uint64_t STACK_PAGES = 2048;
// Programs live below the stack area (the stack, its guard, and a gap for mmap).
inline constexpr uint64_t STACK_AREA = 0x7000'0000'0000;
// Where position-independent executables go: a random page in the first 4 GiB above.
inline constexpr uint64_t PIE_BASE = 0x5555'0000'0000;
inline constexpr uint64_t PIE_SPREAD = 0x1'0000'0000;
inline constexpr size_t MAX_EXECUTABLE = 64 * 1024 * 1024;

struct SpawnRequest {
    Pid parent { 0 };
    fs::Namespace* ns { nullptr };
    fs::Location cwd;
    fs::Perm cap { fs::Perm::All };
    StringView path;
    const char* const* argv { nullptr };
    size_t argc { 0 };
};

// Creates the process and loads the executable; the process is suspended, with no
// descriptors and an empty environment: the caller sets those up, then calls start().
Result<NonnullRefPtr<Process>> spawn(const SpawnRequest& request);
// Lays out the initial stack (the arguments, the environment as it is now, the auxiliary
// vector) and starts the first thread. Busy if it was started before.
Result<void> start(Process& process);


} // namespace ts::proc
