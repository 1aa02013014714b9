// Elf64: the parts of the ELF-64 format the loader reads (file header, program headers).
// Part of bootloader/; declarations only, no code.
#pragma once

#include <cstdint>

namespace ts::loader::elf {

// Ref: ELF-64 Object File Format v1.5 §3 (File header)
struct FileHeader {
    unsigned char ident[16];
    uint16_t type;
    uint16_t machine;
    uint32_t version;
    uint64_t entry;
    uint64_t phoff;
    uint64_t shoff;
    uint32_t flags;
    uint16_t ehsize;
    uint16_t phentsize;
    uint16_t phnum;
    uint16_t shentsize;
    uint16_t shnum;
    uint16_t shstrndx;
};
static_assert(sizeof(FileHeader) == 64);

// Ref: ELF-64 Object File Format v1.5 §8 (Program header table)
struct ProgramHeader {
    uint32_t type;
    uint32_t flags;
    uint64_t offset;
    uint64_t vaddr;
    uint64_t paddr;
    uint64_t filesz;
    uint64_t memsz;
    uint64_t align;
};
static_assert(sizeof(ProgramHeader) == 56);

// e_ident indices and values. Ref: ELF-64 Object File Format v1.5 §3 (ELF identification)
inline constexpr unsigned EI_CLASS = 4;
inline constexpr unsigned EI_DATA = 5;
inline constexpr unsigned EI_VERSION = 6;
inline constexpr unsigned char ELFCLASS64 = 2;
inline constexpr unsigned char ELFDATA2LSB = 1;
inline constexpr uint32_t EV_CURRENT = 1;

// Ref: ELF-64 Object File Format v1.5 §3 (object file types)
inline constexpr uint16_t ET_EXEC = 2;
// Ref: System V ABI AMD64 Architecture Processor Supplement §4.1.1 (machine EM_X86_64)
inline constexpr uint16_t EM_X86_64 = 62;

// Ref: ELF-64 Object File Format v1.5 §8 (segment types and attributes)
inline constexpr uint32_t PT_LOAD = 1;
inline constexpr uint32_t PT_INTERP = 3;
inline constexpr uint32_t PF_X = 1;
inline constexpr uint32_t PF_W = 2;
inline constexpr uint32_t PF_R = 4;

} // namespace ts::loader::elf
