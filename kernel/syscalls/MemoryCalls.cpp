// Memory system calls: mmap, munmap, mprotect. See SyscallList.h.
//
// There is no region tree: mmap reserves pages in the page tables (anonymous memory,
// demand-zero) or maps an object's pages there (shared memory); munmap and mprotect work
// on whatever the tables hold, holes included for munmap.
#include <fs/File.hpp>
#include <mm/DirectMap.hpp>
#include <mm/MemoryObject.hpp>
#include <proc/Process.hpp>

#include "Syscalls.hpp"

namespace ts::syscalls {

namespace {

// Where mmap looks first when the caller gives no hint: well above any executable.
constexpr uint64_t MMAP_BASE = 0x10'0000'0000;
constexpr uint64_t PAGE = 4096;

Result<vmm::Prot> prot_of(uint64_t bits)
{
    if (bits & ~uint64_t(TS_PROT_READ | TS_PROT_WRITE | TS_PROT_EXEC))
        return Error::InvalidArgument;
    // Every mapped page is readable (x86 has no write-only or execute-only pages).
    vmm::Prot prot = vmm::Prot::Read;
    if (bits & TS_PROT_WRITE)
        prot = prot | vmm::Prot::Write;
    if (bits & TS_PROT_EXEC)
        prot = prot | vmm::Prot::Execute;
    return prot;
}

Result<uint64_t> pages_of(uint64_t address, uint64_t length)
{
    if (length == 0 || address & (PAGE - 1))
        return Error::InvalidArgument;
    if (length > vmm::USER_END)
        return Error::NoMemory;
    uint64_t pages = (length + PAGE - 1) / PAGE;
    if (!vmm::UserMappings::is_user_range(address, pages * PAGE))
        return Error::InvalidArgument;
    return pages;
}

} // namespace

Result<int64_t> sys_mmap(const Arguments& args)
{
    proc::Process* process = proc::current_process();
    const uint64_t hint = args.a0, length = args.a1, flags = args.a3, offset = args.a5;
    if (flags & ~uint64_t(TS_MAP_FIXED))
        return Error::InvalidArgument;
    if (length == 0 || length > vmm::USER_END || (offset & (PAGE - 1)) || (hint & (PAGE - 1)))
        return Error::InvalidArgument;
    vmm::Prot prot = TRY(prot_of(args.a2));
    if (args.a4 >= uint64_t(proc::MAX_FDS))
        return Error::BadDescriptor;
    auto file = process->file(static_cast<int>(args.a4));
    if (!file)
        return Error::BadDescriptor;
    if (!fs::has(file->perms(), fs::Perm::Read))
        return Error::Permission;
    auto source = TRY(file->vnode().map_source(*file));
    // A shared mapping that may write needs a descriptor that may write.
    const bool reserved = source.anonymous || source.private_copy;
    if (!reserved && has_prot(prot, vmm::Prot::Write) && !fs::has(file->perms(), fs::Perm::Write))
        return Error::Permission;
    if (source.private_copy && has_prot(prot, vmm::Prot::Execute) && !fs::has(file->perms(), fs::Perm::Execute))
        return Error::Permission;
    const uint64_t pages = (length + PAGE - 1) / PAGE;
    vmm::AddressSpace& space = process->address_space();
    uint64_t start;
    if (flags & TS_MAP_FIXED) {
        TRY(pages_of(hint, length));
        (void)space.unmap(hint, pages); // replaces what was there
        start = hint;
        if (reserved)
            TRY(space.reserve(start, pages, prot));
    } else {
        uint64_t from = hint ? hint : MMAP_BASE;
        if (reserved) {
            start = TRY(space.reserve_anywhere(from, vmm::USER_END, pages, prot));
        } else {
            start = TRY(space.find_free(from, vmm::USER_END, pages));
        }
    }
    if (source.private_copy) {
        // The file's bytes now, page by page into the reserved memory (through the
        // direct map: the pages may be read-only to the process); past the end of the
        // file the memory stays demand-zero.
        uint64_t file_size = file->stat().size;
        for (uint64_t i = 0; i < pages && offset + i * PAGE < file_size; ++i) {
            auto page = space.populate(start + i * PAGE);
            auto read = page.is_ok() ? file->pread(offset + i * PAGE, phys_to_ptr<uint8_t>(page.value()), PAGE)
                                     : Result<size_t>(page.error());
            if (read.is_error()) {
                (void)space.unmap(start, pages);
                return read.error();
            }
        }
    } else if (!source.anonymous) {
        TRY(space.map_object(start, pages, prot, *source.object, offset / PAGE));
    }
    return static_cast<int64_t>(start);
}

Result<int64_t> sys_munmap(const Arguments& args)
{
    uint64_t pages = TRY(pages_of(args.a0, args.a1));
    TRY(proc::current_process()->address_space().unmap(args.a0, pages));
    return 0;
}

Result<int64_t> sys_mprotect(const Arguments& args)
{
    uint64_t pages = TRY(pages_of(args.a0, args.a1));
    vmm::Prot prot = TRY(prot_of(args.a2));
    auto result = proc::current_process()->address_space().protect(args.a0, pages, prot);
    if (result.is_error())
        return result.error() == Error::NotFound ? Error::NoMemory : result.error();
    return 0;
}

} // namespace ts::syscalls
