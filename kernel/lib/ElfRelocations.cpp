// ElfRelocations: see ElfRelocations.hpp.
#include "ElfRelocations.hpp"

#include "CString.hpp"
#include "Format.hpp"
#include "Math.hpp"

namespace ts::elf {

namespace {

// Dynamic tags. Ref: ELF-64 Object File Format 1.5 §5, Figure 6.
constexpr int64_t DT_NULL = 0, DT_NEEDED = 1, DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9, DT_REL = 17,
                  DT_TEXTREL = 22, DT_RELACOUNT = 0x6ffffff9;
constexpr uint64_t RELA_SIZE = 24;

using ull = unsigned long long;

Result<size_t> refuse(char (&message)[160], const char* fmt, ull a = 0, ull b = 0)
{
    format(message, sizeof(message), fmt, a, b);
    return Error::BadFormat;
}

// The file offset holding `vaddr` and `length` bytes after it, inside one segment's file
// bytes; false if there is none.
bool file_offset_of(const ImageLayout& layout, uint64_t vaddr, uint64_t length, uint64_t* offset)
{
    for (size_t i = 0; i < layout.segment_count; ++i) {
        const LoadSegment& s = layout.segments[i];
        if (vaddr >= s.vaddr && vaddr - s.vaddr <= s.file_size && length <= s.file_size - (vaddr - s.vaddr)) {
            *offset = s.file_offset + (vaddr - s.vaddr);
            return true;
        }
    }
    return false;
}

bool inside_memory(const ImageLayout& layout, uint64_t vaddr, uint64_t length)
{
    for (size_t i = 0; i < layout.segment_count; ++i) {
        const LoadSegment& s = layout.segments[i];
        if (vaddr >= s.vaddr && vaddr - s.vaddr <= s.mem_size && length <= s.mem_size - (vaddr - s.vaddr))
            return true;
    }
    return false;
}

} // namespace

Result<size_t> apply_relocations(const uint8_t* data, size_t size, const ImageLayout& layout, uint64_t base,
    RelocationSink sink, void* context, char (&message)[160])
{
    message[0] = '\0';
    if (!layout.position_independent || layout.dynamic_size == 0)
        return size_t(0);
    if (layout.dynamic_offset > size || layout.dynamic_size > size - layout.dynamic_offset)
        return refuse(message, "the dynamic segment lies outside the file");
    uint64_t rela = 0, rela_size = 0, rela_entry = RELA_SIZE;
    bool have_rela = false;
    for (uint64_t at = 0; at + 16 <= layout.dynamic_size; at += 16) {
        int64_t tag;
        uint64_t value;
        memcpy(&tag, data + layout.dynamic_offset + at, 8);
        memcpy(&value, data + layout.dynamic_offset + at + 8, 8);
        if (tag == DT_NULL)
            break;
        switch (tag) {
        case DT_NEEDED:
            return refuse(message, "the executable needs shared libraries (DT_NEEDED); only static executables run");
        case DT_REL:
            return refuse(message, "REL relocations (DT_REL) are not used on x86-64; expected RELA");
        case DT_TEXTREL:
            return refuse(message, "relocations in read-only segments (DT_TEXTREL) are refused");
        case DT_RELA:
            rela = value;
            have_rela = true;
            break;
        case DT_RELASZ:
            rela_size = value;
            break;
        case DT_RELAENT:
            rela_entry = value;
            break;
        case DT_RELACOUNT:
        default:
            break; // tags a static executable may carry that need no action
        }
    }
    if (!have_rela || rela_size == 0)
        return size_t(0);
    if (rela_entry != RELA_SIZE)
        return refuse(message, "relocation entries of %llu bytes, expected 24", rela_entry);
    if (rela_size % RELA_SIZE != 0 || rela_size / RELA_SIZE > MAX_RELOCATIONS)
        return refuse(message, "a relocation table of %llu bytes is not a whole number of entries or too large",
            rela_size);
    uint64_t table = 0;
    if (!file_offset_of(layout, rela, rela_size, &table) || table > size || rela_size > size - table)
        return refuse(message, "the relocation table at 0x%llx (0x%llx bytes) is not in the file", rela, rela_size);
    size_t applied = 0;
    for (uint64_t at = 0; at < rela_size; at += RELA_SIZE) {
        uint64_t offset, info;
        int64_t addend;
        memcpy(&offset, data + table + at, 8);
        memcpy(&info, data + table + at + 8, 8);
        memcpy(&addend, data + table + at + 16, 8);
        const uint32_t type = static_cast<uint32_t>(info);
        if (type == R_X86_64_NONE)
            continue;
        if (type != R_X86_64_RELATIVE)
            return refuse(message, "relocation %llu has type %llu; a static executable has only relative ones",
                at / RELA_SIZE, type);
        if (!inside_memory(layout, offset, 8))
            return refuse(message, "relocation %llu writes at 0x%llx, outside the image", at / RELA_SIZE, offset);
        TRY(sink(context, offset, base + static_cast<uint64_t>(addend)));
        ++applied;
    }
    return applied;
}

} // namespace ts::elf
