// ElfValidator: decides whether a kernel file is an x86-64 ELF executable the loader can
// place, and extracts its loadable segments. Part of bootloader/; hardware-free (bytes
// in, a description or a reason out), so the kernel file is fully checked before any
// memory is committed to it.
//
// The rules: ELF64, little-endian, version 1, EM_X86_64, ET_EXEC; 56-byte program headers,
// 1..64 of them, all inside the file; no PT_INTERP; every PT_LOAD with memsz >= filesz,
// its file bytes inside the file, its addresses at or above KERNEL_VIRT_BASE without
// wrapping, no two overlapping; the entry point inside an executable PT_LOAD; and the
// whole image (first page to last page) no larger than MAX_KERNEL_SPAN.
#pragma once

#include <cstddef>
#include <cstdint>

#include <lib/Math.hpp>
#include <lib/Result.hpp>

namespace ts::loader {

inline constexpr size_t MAX_PROGRAM_HEADERS = 64;
inline constexpr uint64_t MAX_KERNEL_SPAN = 1 * GiB;

struct LoadSegment {
    uint64_t file_offset;
    uint64_t file_size;
    uint64_t vaddr;
    uint64_t mem_size;
    uint32_t flags;          // elf::PF_*
    uint32_t header_index;   // position in the program header table, for messages
};

struct KernelLayout {
    uint64_t entry;
    uint64_t span_start;     // lowest segment address, rounded down to a page
    uint64_t span_end;       // highest segment end, rounded up to a page
    size_t segment_count;    // PT_LOAD segments with a non-zero memory size
    LoadSegment segments[MAX_PROGRAM_HEADERS];
};

// Why the file was refused, as a sentence fragment such as
// "segment 1 extends past the end of the file".
struct ElfProblem {
    char message[160];
};

// Returns Error::BadFormat and fills `problem` if the file breaks any rule above.
Result<void> validate_kernel_elf(const uint8_t* data, size_t size, KernelLayout& layout, ElfProblem& problem);

} // namespace ts::loader
