// ElfRelocations: the relocations a static position-independent executable needs when a
// loader places it at a base address. Part of kernel/lib: hardware-free, no allocation.
//
// A static PIE (ld -pie --no-dynamic-linker) carries only relative relocations: "store
// base + addend at base + offset". This reads PT_DYNAMIC (whose place in the file the
// validator checked), finds DT_RELA/DT_RELASZ/DT_RELAENT, maps DT_RELA's address to file
// bytes through the loadable segments, and hands each relocation to the caller, after
// checking that its 8 bytes lie inside one loadable segment's memory. Anything else
// (DT_NEEDED libraries, DT_REL, DT_TEXTREL, other relocation types, tables outside the
// file) is refused with a message: the loader never writes outside the image.
// Ref: System V ABI AMD64 §4.4 (relocation types; R_X86_64_RELATIVE = 8), ELF-64 Object
// File Format 1.5 §5 (Dynamic table).
#pragma once

#include <cstddef>
#include <cstdint>

#include "ElfValidator.hpp"
#include "Result.hpp"

namespace ts::elf {

inline constexpr uint32_t R_X86_64_NONE = 0;
inline constexpr uint32_t R_X86_64_RELATIVE = 8;
inline constexpr size_t MAX_RELOCATIONS = 1u << 20;

// One relocation: write the 64-bit `value` (base included) at image offset `offset`.
using RelocationSink = Result<void> (*)(void* context, uint64_t offset, uint64_t value);

// Applies every relocation of a validated position-independent image for `base`.
// Returns how many were applied. BadFormat with `message` filled for anything refused,
// or the sink's own error.
Result<size_t> apply_relocations(const uint8_t* data, size_t size, const ImageLayout& layout, uint64_t base,
    RelocationSink sink, void* context, char (&message)[160]);

} // namespace ts::elf
