// ElfValidator: checks a kernel ELF file against the loader's rules (hardware-free).
// Part of bootloader/. See ElfValidator.hpp for the rules.
#include "ElfValidator.hpp"

#include <cstdarg>

#include <arch/x86_64/BootInfo.hpp>
#include <lib/CString.hpp>
#include <lib/Format.hpp>

#include "Elf64.hpp"

namespace ts::loader {

namespace {

Result<void> refuse(ElfProblem& problem, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

Result<void> refuse(ElfProblem& problem, const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vformat(problem.message, sizeof(problem.message), fmt, args);
    va_end(args);
    return Error::BadFormat;
}

using ull = unsigned long long;

} // namespace

Result<void> validate_kernel_elf(const uint8_t* data, size_t size, KernelLayout& layout, ElfProblem& problem)
{
    memset(&layout, 0, sizeof(layout));

    elf::FileHeader header;
    if (size < sizeof(header))
        return refuse(problem, "the file is %zu bytes, smaller than an ELF header (64 bytes)", size);
    // The file buffer is page aligned, but copying keeps this independent of that.
    memcpy(&header, data, sizeof(header));

    if (memcmp(header.ident, "\x7f" "ELF", 4) != 0)
        return refuse(problem, "no ELF magic number (not an ELF file)");
    if (header.ident[elf::EI_CLASS] != elf::ELFCLASS64)
        return refuse(problem, "ELF class %u, expected 2 (64-bit)", header.ident[elf::EI_CLASS]);
    if (header.ident[elf::EI_DATA] != elf::ELFDATA2LSB)
        return refuse(problem, "data encoding %u, expected 1 (little-endian)", header.ident[elf::EI_DATA]);
    if (header.ident[elf::EI_VERSION] != elf::EV_CURRENT || header.version != elf::EV_CURRENT)
        return refuse(problem, "ELF version %u/%u, expected 1", header.ident[elf::EI_VERSION], header.version);
    if (header.machine != elf::EM_X86_64)
        return refuse(problem, "e_machine is %u, expected 62 (x86-64)", header.machine);
    if (header.type != elf::ET_EXEC)
        return refuse(problem, "e_type is %u, expected 2 (ET_EXEC, a position-dependent executable)", header.type);
    if (header.phentsize != sizeof(elf::ProgramHeader))
        return refuse(problem, "e_phentsize is %u, expected %zu", header.phentsize, sizeof(elf::ProgramHeader));
    if (header.phnum == 0)
        return refuse(problem, "there are no program headers");
    if (header.phnum > MAX_PROGRAM_HEADERS)
        return refuse(problem, "%u program headers, more than the limit of %zu", header.phnum, MAX_PROGRAM_HEADERS);

    uint64_t table_end = 0;
    if (!checked_add<uint64_t>(header.phoff, uint64_t { header.phnum } * sizeof(elf::ProgramHeader), &table_end)
        || table_end > size) {
        return refuse(problem, "the program header table (offset 0x%llx, %u entries) extends past the end of the file",
            static_cast<ull>(header.phoff), header.phnum);
    }

    for (unsigned i = 0; i < header.phnum; ++i) {
        elf::ProgramHeader ph;
        memcpy(&ph, data + header.phoff + i * sizeof(ph), sizeof(ph));

        if (ph.type == elf::PT_INTERP)
            return refuse(problem, "segment %u asks for a program interpreter (PT_INTERP)", i);
        if (ph.type != elf::PT_LOAD)
            continue;

        if (ph.filesz > ph.memsz) {
            return refuse(problem, "segment %u has a file size (0x%llx) larger than its memory size (0x%llx)", i,
                static_cast<ull>(ph.filesz), static_cast<ull>(ph.memsz));
        }
        // A segment with no file bytes (pure .bss) needs none of the file, whatever its
        // p_offset says.
        uint64_t file_end = 0;
        if (ph.filesz != 0 && (!checked_add(ph.offset, ph.filesz, &file_end) || file_end > size)) {
            return refuse(problem, "segment %u extends past the end of the file (offset 0x%llx, 0x%llx bytes; the file has 0x%zx)",
                i, static_cast<ull>(ph.offset), static_cast<ull>(ph.filesz), size);
        }
        if (ph.memsz == 0)
            continue; // occupies no memory; nothing to place
        if (ph.vaddr < boot::KERNEL_VIRT_BASE) {
            return refuse(problem, "segment %u is linked at 0x%llx, below the kernel area at 0x%llx", i,
                static_cast<ull>(ph.vaddr), static_cast<ull>(boot::KERNEL_VIRT_BASE));
        }
        // The end must leave room for page rounding: vaddr + memsz <= 2^64 - 4096.
        uint64_t mem_end = 0;
        if (!checked_add(ph.vaddr, ph.memsz, &mem_end) || mem_end > UINT64_MAX - (PAGE_SIZE - 1)) {
            return refuse(problem, "segment %u (0x%llx + 0x%llx) runs past the top of the address space", i,
                static_cast<ull>(ph.vaddr), static_cast<ull>(ph.memsz));
        }

        for (size_t j = 0; j < layout.segment_count; ++j) {
            const LoadSegment& other = layout.segments[j];
            if (ph.vaddr < other.vaddr + other.mem_size && other.vaddr < mem_end)
                return refuse(problem, "segment %u overlaps segment %u in memory", i, other.header_index);
        }

        layout.segments[layout.segment_count++] = {
            .file_offset = ph.offset,
            .file_size = ph.filesz,
            .vaddr = ph.vaddr,
            .mem_size = ph.memsz,
            .flags = ph.flags,
            .header_index = i,
        };
    }

    if (layout.segment_count == 0)
        return refuse(problem, "there are no loadable (PT_LOAD) segments");

    bool entry_ok = false;
    uint64_t low = UINT64_MAX;
    uint64_t high = 0;
    for (size_t j = 0; j < layout.segment_count; ++j) {
        const LoadSegment& s = layout.segments[j];
        if ((s.flags & elf::PF_X) && header.entry >= s.vaddr && header.entry - s.vaddr < s.mem_size)
            entry_ok = true;
        low = min(low, s.vaddr);
        high = max(high, s.vaddr + s.mem_size);
    }
    if (!entry_ok) {
        return refuse(problem, "the entry point 0x%llx is not inside an executable segment",
            static_cast<ull>(header.entry));
    }

    layout.entry = header.entry;
    layout.span_start = align_down(low, PAGE_SIZE);
    layout.span_end = align_up(high, PAGE_SIZE); // cannot overflow, checked per segment
    if (layout.span_end - layout.span_start > MAX_KERNEL_SPAN) {
        return refuse(problem, "the segments span 0x%llx bytes, more than the limit of %llu MiB",
            static_cast<ull>(layout.span_end - layout.span_start), static_cast<ull>(MAX_KERNEL_SPAN / MiB));
    }
    return {};
}

} // namespace ts::loader
