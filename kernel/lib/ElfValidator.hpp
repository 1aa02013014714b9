// ElfValidator: decides whether an ELF file is an x86-64 kernel image that can be placed
// at its link addresses, and lists its loadable segments. Part of kernel/lib:
// freestanding, no allocation, depends only on other kernel/lib headers. Hardware-free
// (bytes in, a layout or a reason out), so the UEFI loader checks the whole kernel file
// before committing any memory to it, and the kernel's module loader can reuse the rules
// for images linked into kernel space.
//
// The fixed rules: ELF64, little-endian, version 1, EM_X86_64, ET_EXEC; 56-byte program
// headers, 1..64 of them, all inside the file; no PT_INTERP; every PT_LOAD with
// memsz >= filesz, its file bytes inside the file, its addresses at or above
// rules.lowest_address without wrapping (and 4 KiB short of the top, so page rounding
// cannot wrap either), no two overlapping; the entry point inside an executable PT_LOAD;
// and the whole image (first page to last page) no larger than rules.max_span. The two
// numbers come from the caller because kernel/lib does not know the address-space layout.
//
// Segments are not required to be page aligned or congruent to their file offsets: the
// loader copies each one into a single zeroed run rather than mapping the file.
#pragma once

#include <cstddef>
#include <cstdint>

#include "Result.hpp"

namespace ts::elf {

inline constexpr size_t MAX_PROGRAM_HEADERS = 64;

// The caller's part of the rules.
struct ImageRules {
    uint64_t lowest_address; // every PT_LOAD starts at or above this
    uint64_t max_span;       // bytes from the first segment's page to the last one's end
    // Also accept ET_DYN (a position-independent executable, linked at 0 and placed at
    // a base the loader picks: user programs, never the kernel). Its PT_DYNAMIC, if
    // any, must lie in the file; the relocations are ElfRelocations.hpp's business.
    bool allow_position_independent { false };
};

struct LoadSegment {
    uint64_t file_offset;    // 0 when file_size is 0, whatever p_offset said
    uint64_t file_size;
    uint64_t vaddr;
    uint64_t mem_size;       // never 0: empty PT_LOADs are left out
    uint32_t flags;          // PF_*
    uint32_t header_index;   // position in the program header table, for messages
};

struct ImageLayout {
    bool position_independent; // ET_DYN: every address below is relative to the base
    uint64_t dynamic_offset;   // PT_DYNAMIC's file bytes (size 0: none)
    uint64_t dynamic_size;
    uint64_t entry;
    uint64_t span_start;     // lowest segment address, rounded down to a page
    uint64_t span_end;       // highest segment end, rounded up to a page
    size_t segment_count;    // PT_LOAD segments with a non-zero memory size
    LoadSegment segments[MAX_PROGRAM_HEADERS];
};

// Which rule the file broke, one value per check, in the order they are made.
enum class Refusal : uint8_t {
    None,
    TooSmall,              // shorter than a file header
    BadMagic,
    BadClass,              // not ELFCLASS64
    BadEncoding,           // not ELFDATA2LSB
    BadVersion,            // e_ident[EI_VERSION] or e_version is not EV_CURRENT
    BadMachine,            // not EM_X86_64
    BadType,               // not ET_EXEC (nor ET_DYN when allowed)
    BadProgramHeaderSize,  // e_phentsize is not 56
    NoProgramHeaders,
    TooManyProgramHeaders, // more than MAX_PROGRAM_HEADERS
    TableOutsideFile,      // the program header table does not fit in the file
    Interpreter,           // a PT_INTERP segment
    FileSizeAboveMemorySize,
    SegmentOutsideFile,    // a PT_LOAD's file bytes do not fit in the file
    BelowLowestAddress,
    AddressWrap,           // vaddr + memsz wraps or ends in the last page
    Overlap,               // two PT_LOADs share an address
    NoLoadableSegments,
    EntryNotExecutable,    // the entry is not inside a PF_X PT_LOAD
    SpanTooLarge,
    DynamicOutsideFile,    // PT_DYNAMIC's bytes do not fit in the file
};

// Why the file was refused: the rule, and a sentence fragment for people such as
// "segment 1 extends past the end of the file (offset 0x3000, 0x23e bytes; ...)".
struct Problem {
    Refusal reason { Refusal::None };
    char message[160] {};
};

// Returns Error::BadFormat and fills `problem` if the file breaks any rule above; on
// success `layout` describes the image. `layout` is overwritten either way.
Result<void> validate_kernel_image(const uint8_t* data, size_t size, const ImageRules& rules, ImageLayout& layout,
    Problem& problem);

} // namespace ts::elf
