// ElfValidator: checks an ELF file against the kernel-image rules (hardware-free).
// Part of kernel/lib. See ElfValidator.hpp for the rules.
#include "ElfValidator.hpp"

#include <cstdarg>

#include "CString.hpp"
#include "Elf64.hpp"
#include "Format.hpp"
#include "Math.hpp"

namespace ts::elf {

namespace {

Result<void> refuse(Problem& problem, Refusal reason, const char* fmt, ...) __attribute__((format(printf, 3, 4)));

Result<void> refuse(Problem& problem, Refusal reason, const char* fmt, ...)
{
    problem.reason = reason;
    va_list args;
    va_start(args, fmt);
    vformat(problem.message, sizeof(problem.message), fmt, args);
    va_end(args);
    return Error::BadFormat;
}

using ull = unsigned long long;

} // namespace

Result<void> validate_kernel_image(const uint8_t* data, size_t size, const ImageRules& rules, ImageLayout& layout,
    Problem& problem)
{
    memset(&layout, 0, sizeof(layout));

    FileHeader header;
    if (size < sizeof(header)) {
        return refuse(problem, Refusal::TooSmall, "the file is %zu bytes, smaller than an ELF header (64 bytes)",
            size);
    }
    // Copies rather than casts: the caller's buffer need not be aligned.
    memcpy(&header, data, sizeof(header));

    if (memcmp(header.ident, MAGIC, sizeof(MAGIC)) != 0)
        return refuse(problem, Refusal::BadMagic, "no ELF magic number (not an ELF file)");
    if (header.ident[EI_CLASS] != ELFCLASS64)
        return refuse(problem, Refusal::BadClass, "ELF class %u, expected 2 (64-bit)", header.ident[EI_CLASS]);
    if (header.ident[EI_DATA] != ELFDATA2LSB) {
        return refuse(problem, Refusal::BadEncoding, "data encoding %u, expected 1 (little-endian)",
            header.ident[EI_DATA]);
    }
    if (header.ident[EI_VERSION] != EV_CURRENT || header.version != EV_CURRENT) {
        return refuse(problem, Refusal::BadVersion, "ELF version %u/%u, expected 1", header.ident[EI_VERSION],
            header.version);
    }
    if (header.machine != EM_X86_64)
        return refuse(problem, Refusal::BadMachine, "e_machine is %u, expected 62 (x86-64)", header.machine);
    const bool pie = header.type == ET_DYN && rules.allow_position_independent;
    if (header.type != ET_EXEC && !pie) {
        return refuse(problem, Refusal::BadType,
            rules.allow_position_independent ? "e_type is %u, expected 2 or 3 (an executable, static or position-independent)"
                                             : "e_type is %u, expected 2 (ET_EXEC, a position-dependent executable)",
            header.type);
    }
    layout.position_independent = pie;
    layout.dynamic_offset = 0;
    layout.dynamic_size = 0;
    if (header.phentsize != sizeof(ProgramHeader)) {
        return refuse(problem, Refusal::BadProgramHeaderSize, "e_phentsize is %u, expected %zu", header.phentsize,
            sizeof(ProgramHeader));
    }
    if (header.phnum == 0)
        return refuse(problem, Refusal::NoProgramHeaders, "there are no program headers");
    if (header.phnum > MAX_PROGRAM_HEADERS) {
        return refuse(problem, Refusal::TooManyProgramHeaders, "%u program headers, more than the limit of %zu",
            header.phnum, MAX_PROGRAM_HEADERS);
    }

    uint64_t table_end = 0;
    if (!checked_add<uint64_t>(header.phoff, uint64_t { header.phnum } * sizeof(ProgramHeader), &table_end)
        || table_end > size) {
        return refuse(problem, Refusal::TableOutsideFile,
            "the program header table (offset 0x%llx, %u entries) extends past the end of the file",
            static_cast<ull>(header.phoff), header.phnum);
    }

    for (unsigned i = 0; i < header.phnum; ++i) {
        ProgramHeader ph;
        memcpy(&ph, data + header.phoff + i * sizeof(ph), sizeof(ph));

        if (ph.type == PT_INTERP)
            return refuse(problem, Refusal::Interpreter, "segment %u asks for a program interpreter (PT_INTERP)", i);
        if (ph.type == PT_DYNAMIC && pie) {
            uint64_t dynamic_end = 0;
            if (!checked_add(ph.offset, ph.filesz, &dynamic_end) || dynamic_end > size) {
                return refuse(problem, Refusal::DynamicOutsideFile,
                    "the dynamic segment (offset 0x%llx, 0x%llx bytes) extends past the end of the file",
                    static_cast<ull>(ph.offset), static_cast<ull>(ph.filesz));
            }
            layout.dynamic_offset = ph.offset;
            layout.dynamic_size = ph.filesz;
            continue;
        }
        if (ph.type != PT_LOAD)
            continue;

        if (ph.filesz > ph.memsz) {
            return refuse(problem, Refusal::FileSizeAboveMemorySize,
                "segment %u has a file size (0x%llx) larger than its memory size (0x%llx)", i,
                static_cast<ull>(ph.filesz), static_cast<ull>(ph.memsz));
        }
        // A segment with no file bytes (pure .bss) needs none of the file, whatever its
        // p_offset says.
        uint64_t file_end = 0;
        if (ph.filesz != 0 && (!checked_add(ph.offset, ph.filesz, &file_end) || file_end > size)) {
            return refuse(problem, Refusal::SegmentOutsideFile,
                "segment %u extends past the end of the file (offset 0x%llx, 0x%llx bytes; the file has 0x%zx)", i,
                static_cast<ull>(ph.offset), static_cast<ull>(ph.filesz), size);
        }
        if (ph.memsz == 0)
            continue; // occupies no memory; nothing to place
        // A position-independent image's addresses are offsets from a base still to be
        // chosen: the loader checks where they end up.
        if (!pie && ph.vaddr < rules.lowest_address) {
            return refuse(problem, Refusal::BelowLowestAddress,
                "segment %u is linked at 0x%llx, below the lowest allowed address 0x%llx", i, static_cast<ull>(ph.vaddr),
                static_cast<ull>(rules.lowest_address));
        }
        // The end must leave room for page rounding: vaddr + memsz <= 2^64 - 4096.
        uint64_t mem_end = 0;
        if (!checked_add(ph.vaddr, ph.memsz, &mem_end) || mem_end > UINT64_MAX - (PAGE_SIZE - 1)) {
            return refuse(problem, Refusal::AddressWrap,
                "segment %u (0x%llx + 0x%llx) runs past the top of the address space", i, static_cast<ull>(ph.vaddr),
                static_cast<ull>(ph.memsz));
        }

        for (size_t j = 0; j < layout.segment_count; ++j) {
            const LoadSegment& other = layout.segments[j];
            if (ph.vaddr < other.vaddr + other.mem_size && other.vaddr < mem_end) {
                return refuse(problem, Refusal::Overlap, "segment %u overlaps segment %u in memory", i,
                    other.header_index);
            }
        }

        layout.segments[layout.segment_count++] = {
            // Recorded as 0 for .bss-only segments, so that a consumer computing
            // `file + file_offset` never forms a pointer past the file.
            .file_offset = ph.filesz != 0 ? ph.offset : 0,
            .file_size = ph.filesz,
            .vaddr = ph.vaddr,
            .mem_size = ph.memsz,
            .flags = ph.flags,
            .header_index = i,
        };
    }

    if (layout.segment_count == 0)
        return refuse(problem, Refusal::NoLoadableSegments, "there are no loadable (PT_LOAD) segments");

    bool entry_ok = false;
    uint64_t low = UINT64_MAX;
    uint64_t high = 0;
    for (size_t j = 0; j < layout.segment_count; ++j) {
        const LoadSegment& s = layout.segments[j];
        if ((s.flags & PF_X) && header.entry >= s.vaddr && header.entry - s.vaddr < s.mem_size)
            entry_ok = true;
        low = min(low, s.vaddr);
        high = max(high, s.vaddr + s.mem_size);
    }
    if (!entry_ok) {
        return refuse(problem, Refusal::EntryNotExecutable,
            "the entry point 0x%llx is not inside an executable segment", static_cast<ull>(header.entry));
    }

    layout.entry = header.entry;
    layout.span_start = align_down(low, PAGE_SIZE);
    layout.span_end = align_up(high, PAGE_SIZE); // cannot overflow, checked per segment
    if (layout.span_end - layout.span_start > rules.max_span) {
        return refuse(problem, Refusal::SpanTooLarge, "the segments span 0x%llx bytes, more than the limit of 0x%llx",
            static_cast<ull>(layout.span_end - layout.span_start), static_cast<ull>(rules.max_span));
    }
    problem = {};
    return {};
}

} // namespace ts::elf
