// Elf64: the parts of the ELF-64 format that Tessera reads (file header, program
// headers) and the constants that go with them. Part of kernel/lib: declarations only,
// no code, no dependencies beyond <cstdint>, so the UEFI loader, the kernel's module and
// program loaders, and the host tests all see one definition.
//
// Values are little-endian on disk and in memory (the validator refuses anything else),
// so the structures are read with memcpy and used as they are.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ts::elf {

// Ref: ELF-64 Object File Format 1.5 §3 (File header)
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
static_assert(__builtin_offsetof(FileHeader, entry) == 24);
static_assert(__builtin_offsetof(FileHeader, phentsize) == 54);

// Ref: ELF-64 Object File Format 1.5 §8 (Program header table)
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
static_assert(__builtin_offsetof(ProgramHeader, memsz) == 40);

// e_ident indices and values. Ref: ELF-64 Object File Format 1.5 §3 (ELF Identification)
inline constexpr unsigned char MAGIC[4] = { 0x7f, 'E', 'L', 'F' };
inline constexpr unsigned EI_CLASS = 4;
inline constexpr unsigned EI_DATA = 5;
inline constexpr unsigned EI_VERSION = 6;
inline constexpr unsigned char ELFCLASS32 = 1;
inline constexpr unsigned char ELFCLASS64 = 2;
inline constexpr unsigned char ELFDATA2LSB = 1;
inline constexpr unsigned char ELFDATA2MSB = 2;
inline constexpr uint32_t EV_CURRENT = 1;

// Object file types. Ref: ELF-64 Object File Format 1.5 §3 (File header, e_type)
inline constexpr uint16_t ET_REL = 1;
inline constexpr uint16_t ET_EXEC = 2;
inline constexpr uint16_t ET_DYN = 3;
// Ref: System V ABI AMD64 Architecture Processor Supplement §4.1.1 (machine EM_X86_64)
inline constexpr uint16_t EM_X86_64 = 62;

// Segment types (p_type) and attributes (p_flags).
// Ref: ELF-64 Object File Format 1.5 §8 (Program header table)
inline constexpr uint32_t PT_NULL = 0;
inline constexpr uint32_t PT_LOAD = 1;
inline constexpr uint32_t PT_DYNAMIC = 2;
inline constexpr uint32_t PT_INTERP = 3;
inline constexpr uint32_t PT_NOTE = 4;
inline constexpr uint32_t PF_X = 1;
inline constexpr uint32_t PF_W = 2;
inline constexpr uint32_t PF_R = 4;

} // namespace ts::elf
