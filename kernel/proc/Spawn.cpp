// Spawn: see Spawn.hpp.
#include "Spawn.hpp"

#include "Environment.hpp"
#include "UserThread.hpp"

#include <arch/x86_64/Cpu.hpp>
#include <arch/x86_64/UserMode.hpp>
#include <core/Log.hpp>
#include <core/Random.hpp>
#include <fs/Vfs.hpp>
#include <lib/CString.hpp>
#include <lib/Elf64.hpp>
#include <lib/ElfRelocations.hpp>
#include <lib/ElfValidator.hpp>
#include <lib/Math.hpp>
#include <mm/DirectMap.hpp>
#include <mm/Heap.hpp>
#include <sched/Scheduler.hpp>
#include <sched/Thread.hpp>

namespace ts::proc {

namespace {

constexpr uint64_t PAGE = 4096;

// Auxiliary vector types. Ref: System V ABI AMD64 §3.4.3.
constexpr uint64_t AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_ENTRY = 9,
                   AT_RANDOM = 25;

vmm::Prot prot_of(uint32_t flags)
{
    vmm::Prot prot = vmm::Prot::Read;
    if (flags & elf::PF_W)
        prot = prot | vmm::Prot::Write;
    if (flags & elf::PF_X)
        prot = prot | vmm::Prot::Execute;
    return prot;
}

// Copies kernel bytes into a process's memory through the direct map (its pages are
// populated on the way), without loading its page tables.
Result<void> poke(vmm::AddressSpace& space, uint64_t address, const void* data, size_t length)
{
    const auto* bytes = static_cast<const uint8_t*>(data);
    while (length) {
        uint64_t page = align_down(address, PAGE);
        size_t offset = address - page;
        size_t chunk = PAGE - offset < length ? PAGE - offset : length;
        PhysAddr phys = TRY(space.populate(page));
        memcpy(phys_to_ptr<uint8_t>(phys) + offset, bytes, chunk);
        bytes += chunk;
        address += chunk;
        length -= chunk;
    }
    return {};
}

Result<void> load_segments(vmm::AddressSpace& space, const uint8_t* image, const elf::ImageLayout& layout,
    uint64_t base)
{
    for (size_t i = 0; i < layout.segment_count; ++i) {
        const elf::LoadSegment& segment = layout.segments[i];
        vmm::Prot prot = prot_of(segment.flags);
        uint64_t first = align_down(base + segment.vaddr, PAGE);
        uint64_t end = align_up(base + segment.vaddr + segment.mem_size, PAGE);
        for (uint64_t page = first; page < end; page += PAGE) {
            auto info = space.query(page);
            if (info.mapped)
                TRY(space.protect(page, 1, info.prot | prot)); // two segments share a page
            else
                TRY(space.reserve(page, 1, prot));
        }
        if (segment.file_size)
            TRY(poke(space, base + segment.vaddr, image + segment.file_offset, segment.file_size));
    }
    return {};
}

struct RelocationTarget {
    vmm::AddressSpace* space;
    uint64_t base;
};

Result<void> write_relocation(void* context, uint64_t offset, uint64_t value)
{
    auto* target = static_cast<RelocationTarget*>(context);
    return poke(*target->space, target->base + offset, &value, sizeof(value));
}

// Builds argc, argv, envp, auxv and the strings below STACK_TOP; returns the new rsp.
Result<uint64_t> build_stack(Process& process)
{
    vmm::AddressSpace& space = process.address_space();
    TRY(space.reserve(STACK_TOP - STACK_PAGES * PAGE, STACK_PAGES, vmm::Prot::ReadWrite));
    TRY(space.guard(STACK_TOP - (STACK_PAGES + 1) * PAGE));

    // The environment as it is now, flattened into NAME=value strings.
    auto* env_storage = static_cast<char*>(TRY(heap::allocate(MAX_ARGS_BYTES)));
    auto* env_pointers = static_cast<const char**>(heap::allocate(MAX_ARGS * sizeof(char*)).value_or(nullptr));
    auto envc = env_pointers ? process.environment().flatten(env_storage, MAX_ARGS_BYTES, env_pointers, MAX_ARGS)
                             : Result<size_t>(Error::NoMemory);
    auto pointers_storage = heap::allocate((MAX_ARGS * 2 + 2) * sizeof(uint64_t));
    Result<uint64_t> result = Error::NoMemory;
    if (envc.is_error()) {
        result = envc.error();
    } else if (pointers_storage.is_ok()) {
        auto* pointers = static_cast<uint64_t*>(pointers_storage.value());
        uint64_t cursor = STACK_TOP;
        size_t count = 0;
        auto push_string = [&](const char* text) -> Result<uint64_t> {
            size_t length = strlen(text) + 1;
            if (STACK_TOP - cursor + length > 2 * MAX_ARGS_BYTES)
                return Error::TooBig;
            cursor -= length;
            TRY(poke(space, cursor, text, length));
            return cursor;
        };
        auto build = [&]() -> Result<uint64_t> {
            const char* arg = process.arguments();
            for (size_t i = 0; i < process.argc(); ++i) {
                pointers[count++] = TRY(push_string(arg));
                arg += strlen(arg) + 1;
            }
            pointers[count++] = 0;
            for (size_t i = 0; i < envc.value(); ++i)
                pointers[count++] = TRY(push_string(env_pointers[i]));
            pointers[count++] = 0;
            uint8_t random[16];
            random_bytes(random, sizeof(random));
            cursor = align_down(cursor - sizeof(random), 16);
            uint64_t random_address = cursor;
            TRY(poke(space, cursor, random, sizeof(random)));
            const uint64_t auxv[] = { AT_PAGESZ, PAGE, AT_ENTRY, process.m_entry, AT_PHDR, process.m_phdr, AT_PHENT,
                process.m_phent, AT_PHNUM, process.m_phnum, AT_RANDOM, random_address, AT_NULL, 0 };
            // argc, the pointers and auxv, with rsp 16-byte aligned at argc.
            size_t words = 1 + count + sizeof(auxv) / 8;
            cursor = align_down(cursor - words * 8, 16);
            uint64_t argc = process.argc();
            TRY(poke(space, cursor, &argc, 8));
            TRY(poke(space, cursor + 8, pointers, count * 8));
            TRY(poke(space, cursor + 8 + count * 8, auxv, sizeof(auxv)));
            return cursor;
        };
        result = build();
        heap::free(pointers);
    }
    heap::free(env_pointers);
    heap::free(env_storage);
    return result;
}

Result<size_t> read_executable(const SpawnRequest& request, uint8_t** out)
{
    // The executable must be readable and executable through the caller's rights.
    char path[fs::MAX_PATH_LENGTH + 8];
    size_t length = request.path.length();
    if (length == 0 || length > fs::MAX_PATH_LENGTH)
        return Error::InvalidArgument;
    memcpy(path, request.path.data(), length);
    memcpy(path + length, ":rx", 4);
    fs::PathContext context { request.ns, request.cwd, request.cap };
    auto file = TRY(fs::open(context, StringView(path, length + 3)));
    fs::Stat stat = file->stat();
    if (stat.size == 0 || stat.size > MAX_EXECUTABLE)
        return Error::BadFormat;
    auto* buffer = static_cast<uint8_t*>(TRY(heap::allocate(stat.size)));
    auto read = file->pread(0, buffer, stat.size);
    if (read.is_error() || read.value() != stat.size) {
        heap::free(buffer);
        return read.is_error() ? read.error() : Error::BadFormat;
    }
    *out = buffer;
    return stat.size;
}

} // namespace

Result<NonnullRefPtr<Process>> spawn(const SpawnRequest& request)
{
    if (!request.ns || request.argc == 0)
        return Error::InvalidArgument;
    uint8_t* image = nullptr;
    size_t size = TRY(read_executable(request, &image));

    elf::ImageRules rules { vmm::USER_BASE, STACK_AREA - vmm::USER_BASE, true };
    auto* layout = static_cast<elf::ImageLayout*>(heap::allocate(sizeof(elf::ImageLayout)).value_or(nullptr));
    if (!layout) {
        heap::free(image);
        return Error::NoMemory;
    }
    elf::Problem problem;
    Result<NonnullRefPtr<Process>> result = Error::BadFormat;
    // A position-independent executable goes at a random page in [PIE_BASE, PIE_BASE +
    // PIE_SPREAD); a static one where it was linked.
    uint64_t base = 0;
    bool valid = elf::validate_kernel_image(image, size, rules, *layout, problem).is_ok();
    if (valid && layout->position_independent)
        base = PIE_BASE + (random_u64() % (PIE_SPREAD / PAGE)) * PAGE;
    if (!valid) {
        log_warn("spawn: %.*s: not a usable executable: %s", int(request.path.length()), request.path.data(),
            problem.message);
    } else if (base + layout->span_end > STACK_AREA || base + layout->span_start < vmm::USER_BASE) {
        log_warn("spawn: %.*s: segments outside the program area", int(request.path.length()), request.path.data());
    } else {
        const char* name = request.argv[0];
        for (const char* c = name; *c; ++c)
            if (*c == '/')
                name = c + 1;
        result = create_process(request.parent, name, *request.ns, request.cwd);
        if (result.is_ok()) {
            Process& process = *result.value();
            auto loaded = load_segments(process.address_space(), image, *layout, base);
            if (loaded.is_ok() && layout->position_independent) {
                RelocationTarget target { &process.address_space(), base };
                char message[160];
                auto relocated = elf::apply_relocations(image, size, *layout, base, write_relocation, &target, message);
                if (relocated.is_error()) {
                    log_warn("spawn: %.*s: %s", int(request.path.length()), request.path.data(),
                        message[0] ? message : error_name(relocated.error()));
                    loaded = relocated.error();
                }
            }
            if (loaded.is_ok())
                loaded = process.set_arguments(request.argv, request.argc);
            if (loaded.is_error()) {
                process.exit(StringView("spawn failed"));
                (void)reap(process.pid());
                result = loaded.error();
            } else {
                elf::FileHeader header;
                memcpy(&header, image, sizeof(header)); // validated: the header is there
                process.m_entry = base + layout->entry;
                process.m_phent = header.phentsize;
                process.m_phnum = header.phnum;
                for (size_t i = 0; i < layout->segment_count; ++i) {
                    const elf::LoadSegment& s = layout->segments[i];
                    if (header.phoff >= s.file_offset && header.phoff < s.file_offset + s.file_size)
                        process.m_phdr = base + s.vaddr + (header.phoff - s.file_offset);
                }
            }
        }
    }
    heap::free(layout);
    heap::free(image);
    return result;
}

Result<void> start(Process& process)
{
    if (process.has_exited())
        return Error::NotFound;
    if (__atomic_exchange_n(&process.m_started, true, __ATOMIC_ACQ_REL))
        return Error::Busy;
    auto stack = build_stack(process);
    if (stack.is_error()) {
        process.exit(StringView("start failed: no room for the initial stack"));
        return stack.error();
    }
    process.m_stack_pointer = stack.value();
    auto started = start_thread(process, process.m_entry, process.m_stack_pointer, 0);
    if (started.is_error()) {
        process.exit(StringView("start failed: no thread"));
        return started.error();
    }
    return {};
}

} // namespace ts::proc
