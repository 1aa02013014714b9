// ElfImage: writes small ELF-64 kernel images for tests. Part of tests/support: host-only
// test code (hosted C++, std::vector), shared by the ELF validator's host tests and the
// fuzzers' seed generator, and used by nothing that ships.
//
// Every field is written at the byte offset the ELF-64 specification gives, rather than
// by copying kernel/lib's structures, so a layout mistake in Elf64.hpp shows up as a
// test failure instead of being repeated here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ts::test {

inline constexpr uint64_t ELF_KERNEL_BASE = 0xffffffff80000000ull; // boot::KERNEL_VIRT_BASE

struct ElfSegment {
    uint32_t type { 1 };  // PT_LOAD
    uint32_t flags { 4 }; // PF_R
    uint64_t offset { 0 };
    uint64_t vaddr { 0 };
    uint64_t filesz { 0 };
    uint64_t memsz { 0 };
    uint64_t align { 0x1000 };
};

// Everything a test may vary, with the values of a valid kernel as defaults.
struct ElfImageSpec {
    uint8_t magic[4] { 0x7f, 'E', 'L', 'F' };
    uint8_t ident_class { 2 };   // ELFCLASS64
    uint8_t ident_data { 1 };    // ELFDATA2LSB
    uint8_t ident_version { 1 }; // EV_CURRENT
    uint16_t type { 2 };         // ET_EXEC
    uint16_t machine { 62 };     // EM_X86_64
    uint32_t version { 1 };
    uint64_t entry { ELF_KERNEL_BASE + 0x100 };
    uint64_t phoff { 64 };
    uint16_t phentsize { 56 };
    int phnum { -1 }; // -1: the number of segments
    std::vector<ElfSegment> segments;
    size_t file_size { 0x4800 };
};

// A small kernel: text (R-X), rodata (R--), data with .bss (RW-), and two headers a
// loader skips (a note and GNU_STACK).
inline ElfImageSpec valid_elf_kernel()
{
    constexpr uint64_t base = ELF_KERNEL_BASE;
    ElfImageSpec spec;
    spec.segments = {
        { .type = 1, .flags = 4 | 1, .offset = 0x1000, .vaddr = base, .filesz = 0x2000, .memsz = 0x2000 },
        { .type = 1, .flags = 4, .offset = 0x3000, .vaddr = base + 0x2000, .filesz = 0x1000, .memsz = 0x1000 },
        { .type = 1, .flags = 4 | 2, .offset = 0x4000, .vaddr = base + 0x3000, .filesz = 0x800, .memsz = 0x3000 },
        { .type = 4, .flags = 4, .offset = 0x3800, .vaddr = base + 0x2800, .filesz = 0x24, .memsz = 0x24, .align = 4 },
        { .type = 0x6474e551, .flags = 4 | 2, .align = 16 }, // PT_GNU_STACK
    };
    return spec;
}

namespace detail {

inline void put_le(std::vector<uint8_t>& out, uint64_t at, uint64_t value, unsigned bytes)
{
    if (at > out.size() || bytes > out.size() - at)
        return; // a file cut shorter than its header: the field is simply not written
    for (unsigned i = 0; i < bytes; ++i)
        out[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

} // namespace detail

// The file `spec` describes. Bytes not covered by a header hold a recognisable filler,
// so segment contents are not all zero.
// Ref: ELF-64 Object File Format 1.5 §3 (File header) and §8 (Program header table)
inline std::vector<uint8_t> build_elf(const ElfImageSpec& spec)
{
    using detail::put_le;
    std::vector<uint8_t> out(spec.file_size, 0);
    for (size_t i = 64; i < out.size(); ++i)
        out[i] = static_cast<uint8_t>(i * 7 + 3);

    for (unsigned i = 0; i < 4; ++i)
        put_le(out, i, spec.magic[i], 1);
    put_le(out, 4, spec.ident_class, 1);
    put_le(out, 5, spec.ident_data, 1);
    put_le(out, 6, spec.ident_version, 1);
    for (unsigned i = 7; i < 16; ++i)
        put_le(out, i, 0, 1); // OS ABI, ABI version, padding
    put_le(out, 16, spec.type, 2);
    put_le(out, 18, spec.machine, 2);
    put_le(out, 20, spec.version, 4);
    put_le(out, 24, spec.entry, 8);
    put_le(out, 32, spec.phoff, 8);
    put_le(out, 40, 0, 8);  // e_shoff: no section headers
    put_le(out, 48, 0, 4);  // e_flags
    put_le(out, 52, 64, 2); // e_ehsize
    put_le(out, 54, spec.phentsize, 2);
    put_le(out, 56, spec.phnum >= 0 ? static_cast<uint64_t>(spec.phnum) : spec.segments.size(), 2);
    put_le(out, 58, 64, 2); // e_shentsize
    put_le(out, 60, 0, 2);  // e_shnum
    put_le(out, 62, 0, 2);  // e_shstrndx

    for (size_t i = 0; i < spec.segments.size(); ++i) {
        const ElfSegment& s = spec.segments[i];
        // Only entries that fit are written (a spec may place the table off the end of
        // the file, even with an offset that wraps).
        uint64_t at = 0;
        if (__builtin_add_overflow(spec.phoff, i * 56, &at) || at > out.size() || out.size() - at < 56)
            continue;
        put_le(out, at + 0, s.type, 4);
        put_le(out, at + 4, s.flags, 4);
        put_le(out, at + 8, s.offset, 8);
        put_le(out, at + 16, s.vaddr, 8);
        put_le(out, at + 24, s.vaddr - ELF_KERNEL_BASE, 8); // p_paddr, which loaders ignore
        put_le(out, at + 32, s.filesz, 8);
        put_le(out, at + 40, s.memsz, 8);
        put_le(out, at + 48, s.align, 8);
    }
    return out;
}

} // namespace ts::test
