// fuzz_seeds: writes the starting corpus for every fuzz target. Part of tests/fuzz
// (host-only; built without libFuzzer). Usage: fuzz_seeds OUT_DIR
//
// Creates OUT_DIR/seeds/<target>/ with a few valid inputs each (a fuzzer finds the
// interesting paths much sooner when it starts from something that passes the first
// checks), plus the empty OUT_DIR/corpus/<target>/ directories libFuzzer grows and
// OUT_DIR/artifacts/ where it saves crashing inputs. Valid ELF images and archives come
// from tests/support, the same writers the host tests use.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/support/AcpiFuzzImage.hpp"
#include "tests/support/ElfImage.hpp"
#include "tests/support/UstarArchive.hpp"

namespace fs = std::filesystem;

namespace {

const char* const TARGETS[] = {
    "ustar", "elf_validator", "boot_config", "font", "symbol_table", "command_line", "memory_map",
    "acpi_tables", "path_flags", "ctl_parser",
};

fs::path g_out;

void write(const char* target, const char* name, const std::vector<uint8_t>& bytes)
{
    fs::path path = g_out / "seeds" / target / name;
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!file) {
        std::fprintf(stderr, "fuzz_seeds: cannot write %s\n", path.c_str());
        std::exit(1);
    }
}

void write(const char* target, const char* name, const std::string& text)
{
    write(target, name, std::vector<uint8_t>(text.begin(), text.end()));
}

void put_u32(std::vector<uint8_t>& out, size_t at, uint32_t value)
{
    for (unsigned i = 0; i < 4; ++i)
        out[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

// A PSF2 font: 32-byte header, then `glyphs` glyphs of `height` rows.
std::vector<uint8_t> psf2(uint32_t width, uint32_t height, uint32_t glyphs)
{
    const uint32_t row = (width + 7) / 8;
    std::vector<uint8_t> out(32 + size_t(glyphs) * row * height, 0);
    put_u32(out, 0, 0x864ab572); // magic
    put_u32(out, 4, 0);          // version
    put_u32(out, 8, 32);         // header size
    put_u32(out, 12, 0);         // flags: no Unicode table
    put_u32(out, 16, glyphs);
    put_u32(out, 20, row * height);
    put_u32(out, 24, height);
    put_u32(out, 28, width);
    for (size_t i = 32; i < out.size(); ++i)
        out[i] = static_cast<uint8_t>(i * 37);
    return out;
}

// A PSF1 font: 4-byte header, 256 or 512 glyphs 8 pixels wide.
std::vector<uint8_t> psf1(uint8_t height, bool wide)
{
    std::vector<uint8_t> out { 0x36, 0x04, static_cast<uint8_t>(wide ? 1 : 0), height };
    out.resize(4 + size_t(wide ? 512 : 256) * height);
    for (size_t i = 4; i < out.size(); ++i)
        out[i] = static_cast<uint8_t>(i * 13);
    return out;
}

void ustar_seeds()
{
    using ts::test::make_ustar_archive;
    write("ustar", "three-files.tar",
        make_ustar_archive({
            { "bin/", "", '5' },
            { "bin/init", std::string(1000, 'x'), '0' },
            { "etc/motd", "hello\n", '0' },
        }));
    write("ustar", "no-end-blocks.tar", make_ustar_archive({ { "a", "data" } }, false));
    write("ustar", "link.tar", make_ustar_archive({ { "lib", "", '2' }, { "x", std::string(512, 'y') } }));
    write("ustar", "empty.tar", std::vector<uint8_t>(1024, 0));

    // A path split over the prefix and name fields, a symbolic and a hard link: the
    // fields the entry reader uses beyond the validator's.
    std::vector<uint8_t> links = make_ustar_archive({ { "x", "", '0' }, { "bin/sh", "", '2' }, { "hard", "", '1' } });
    auto* prefixed = reinterpret_cast<ts::ustar::Header*>(links.data());
    std::memcpy(prefixed->prefix, "usr/share/doc", 13);
    ts::test::seal(*prefixed);
    auto* symlink = reinterpret_cast<ts::ustar::Header*>(links.data() + 512);
    std::memcpy(symlink->linkname, "../lib/busybox", 14);
    ts::test::seal(*symlink);
    auto* hard = reinterpret_cast<ts::ustar::Header*>(links.data() + 1024);
    std::memcpy(hard->linkname, "./usr/share/doc/x", 17);
    ts::test::seal(*hard);
    write("ustar", "prefix-and-links.tar", links);

    // What GNU tar writes, in its three formats (tests/host/data/ustar/README.md).
    for (const char* format : { "ustar", "gnu", "pax" }) {
        const std::string name = std::string("sample-") + format + ".tar";
        std::ifstream file(std::string(TS_USTAR_DATA_DIR) + "/" + name, std::ios::binary);
        std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (bytes.empty()) {
            std::fprintf(stderr, "fuzz_seeds: cannot read %s in %s\n", name.c_str(), TS_USTAR_DATA_DIR);
            std::exit(1);
        }
        write("ustar", name.c_str(), bytes);
    }
}

void elf_seeds()
{
    using namespace ts::test;
    write("elf_validator", "kernel.elf", build_elf(valid_elf_kernel()));

    // One unaligned executable segment, the smallest shape that passes.
    ElfImageSpec tiny;
    tiny.segments = { { .flags = 5, .offset = 0x78, .vaddr = ELF_KERNEL_BASE + 0x78, .filesz = 0x10, .memsz = 0x10 } };
    tiny.entry = ELF_KERNEL_BASE + 0x78;
    tiny.file_size = 0x88;
    write("elf_validator", "tiny.elf", build_elf(tiny));

    // A .bss-only segment and unused table entries.
    ElfImageSpec bss = valid_elf_kernel();
    bss.segments.push_back({ .flags = 6, .vaddr = ELF_KERNEL_BASE + 0x10000, .memsz = 0x8000 });
    bss.segments.push_back({ .type = 0 });
    bss.segments.push_back({ .type = 3, .offset = 0x300, .filesz = 8, .memsz = 8 }); // PT_INTERP
    write("elf_validator", "bss-and-interp.elf", build_elf(bss));

    // A static PIE: ET_DYN linked at 0, a dynamic table pointing at two RELATIVE
    // relocations inside the data segment.
    ElfImageSpec pie;
    pie.type = 3;
    pie.entry = 0x1010;
    pie.file_size = 0x3000;
    pie.segments = {
        { .type = 1, .flags = 5, .offset = 0x1000, .vaddr = 0x1000, .filesz = 0x1000, .memsz = 0x1000 },
        { .type = 1, .flags = 6, .offset = 0x2000, .vaddr = 0x2000, .filesz = 0x1000, .memsz = 0x2000 },
        { .type = 2, .flags = 6, .offset = 0x2800, .vaddr = 0x2800, .filesz = 0x50, .memsz = 0x50, .align = 8 },
    };
    std::vector<uint8_t> bytes = build_elf(pie);
    const uint64_t dynamic[] = { 7, 0x2100, 8, 48, 9, 24, 0, 0 };
    const uint64_t relocations[] = { 0x2000, 8, 0x1234, 0x2008, 8, 0x2000 };
    for (size_t i = 0; i < 8; ++i)
        detail::put_le(bytes, 0x2800 + i * 8, dynamic[i], 8);
    for (size_t i = 0; i < 6; ++i)
        detail::put_le(bytes, 0x2100 + i * 8, relocations[i], 8);
    write("elf_validator", "static-pie.elf", bytes);
}

void boot_config_seeds()
{
    write("boot_config", "example.cfg",
        std::string("# Comments start with '#' as the first non-blank character of a line.\n"
                    "cmdline = console=serial test\n"
                    "resolution = 1280x720\n"
                    "debug_exit = yes\n"));
    write("boot_config", "paths-crlf-bom.cfg",
        std::string("\xef\xbb\xbf" "kernel = /tessera/kernel.elf\r\n"
                    "initrd = \\tessera\\initrd.tar\r\n"
                    "\r\n"
                    "  # indented comment\r\n"
                    "resolution = 1024X768\r\n"));
    write("boot_config", "warnings.cfg",
        std::string("foo = bar\nno equals sign\n= no key\nresolution = 99999x1\ndebug_exit = maybe\n"
                    "cmdline = a\x01" "b\nkernel =\n"));
}

void font_seeds()
{
    write("font", "psf1-8x8.psf", psf1(8, false));
    write("font", "psf1-512.psf", psf1(2, true));
    write("font", "psf2-8x16.psf", psf2(8, 16, 4));
    write("font", "psf2-12x4.psf", psf2(12, 4, 70));
}

void text_seeds()
{
    write("symbol_table", "kernel.syms",
        std::string("ffffffff80000000 T _start\n"
                    "ffffffff80000040 t ts::(anonymous namespace)::helper(int)\n"
                    "ffffffff80000100 D some_data\n"
                    "ffffffff80001200 T kernel_entry\n"
                    "ffffffff80001300 W weak_function\n"
                    "ffffffff80001400 w weak_local\n"));
    write("command_line", "words.txt", std::string("  console=serial test=mm. test.expect_panic quiet =x "));
}

void path_flags_seeds()
{
    write("path_flags", "plain.txt", std::string("/etc/motd"));
    write("path_flags", "long.txt", std::string("/tmp/x:create:exclusive:read:write"));
    write("path_flags", "short.txt", std::string("/tmp/x:ce:rw"));
    write("path_flags", "every-flag.txt",
        std::string("a//b/./../c/:nonblock:append:create:truncate:parents:nofollow:execute:rwx"));
    write("path_flags", "remove.txt", std::string("old/dir/:recursive:directory:l"));
    write("path_flags", "contradiction.txt", std::string("/x:d:t"));
}

void ctl_parser_seeds()
{
    write("ctl_parser", "proc.txt", std::string("dup2 3 0 && close 3 -1 && start\n"));
    write("ctl_parser", "quotes.txt", std::string("a \"b c\" 'd \\ e' f\"g\\\"\\n\\t\"h \"\" ''\r\n"));
    write("ctl_parser", "handlers.txt", std::string("a 1 2 3&&b x && c && d fail && a -9223372036854775808"));
    write("ctl_parser", "errors.txt", std::string("a && && b & \"unterminated"));
}

// fuzz_memory_map's input: a 19-byte header (see FuzzMemoryMap.cpp), then descriptors.
struct MapSeed {
    uint8_t stride_selector;
    uint64_t fb_base;
    uint64_t fb_size;
    uint8_t shaping;
    size_t stride;
};

std::vector<uint8_t> memory_map(const MapSeed& seed, const std::vector<std::array<uint64_t, 3>>& descriptors)
{
    std::vector<uint8_t> out(19, 0);
    out[0] = seed.stride_selector;
    std::memcpy(&out[1], &seed.fb_base, 8);
    std::memcpy(&out[9], &seed.fb_size, 8);
    out[17] = 0; // room for every region
    out[18] = seed.shaping;
    for (const auto& [type, start, pages] : descriptors) {
        // Ref: UEFI 2.10 §7.2.3 (EFI_MEMORY_DESCRIPTOR: Type, PhysicalStart at 8,
        // VirtualStart at 16, NumberOfPages at 24, Attribute at 32)
        std::vector<uint8_t> d(seed.stride, 0);
        const uint32_t type32 = static_cast<uint32_t>(type);
        const uint64_t attribute = 0xf; // UC | WC | WT | WB
        std::memcpy(&d[0], &type32, 4);
        std::memcpy(&d[8], &start, 8);
        std::memcpy(&d[24], &pages, 8);
        std::memcpy(&d[32], &attribute, 8);
        out.insert(out.end(), d.begin(), d.end());
    }
    return out;
}

void memory_map_seeds()
{
    // Roughly what OVMF reports with 128 MiB, after the loader's allocations; 48-byte
    // descriptors, the framebuffer in a hole at 0x80000000.
    write("memory_map", "ovmf-like.bin",
        memory_map({ .stride_selector = 1, .fb_base = 0x80000000, .fb_size = 0x384000, .shaping = 0, .stride = 48 },
            {
                { 3, 0x0, 0x1 },                 // boot services code
                { 7, 0x1000, 0x9f },             // conventional
                { 7, 0x100000, 0x700 },
                { 10, 0x800000, 0x8 },           // ACPI NVS
                { 7, 0x808000, 0x8 },
                { 0x80000006, 0x810000, 0x200 }, // kernel image
                { 0x80000005, 0xa10000, 0x40 },  // page tables, BootInfo
                { 2, 0xa50000, 0x100 },          // loader data
                { 0x80000007, 0xb50000, 0x30 },  // initrd
                { 4, 0xb80000, 0x3000 },         // boot services data
                { 9, 0x3b80000, 0x10 },          // ACPI reclaim
                { 6, 0x3b90000, 0x20 },          // runtime services data
                { 5, 0x3bb0000, 0x10 },          // runtime services code
                { 7, 0x3bc0000, 0x4440 },
                { 0, 0x7fc00000, 0x400 },        // reserved, just below the framebuffer
                { 11, 0xffc00000, 0x400 },       // flash MMIO
            }));
    // Firmware mistakes: overlaps, an unaligned start, a descriptor inside another, the
    // framebuffer listed as conventional memory; 40-byte descriptors.
    write("memory_map", "overlaps.bin",
        memory_map({ .stride_selector = 0, .fb_base = 0x2000800, .fb_size = 0x1000, .shaping = 0, .stride = 40 },
            {
                { 7, 0x1000000, 0x2000 },
                { 0, 0x1800000, 0x10 },
                { 7, 0x1fff800, 0x4 },
                { 7, 0x1000000, 0x1 },
                { 11, 0xfffffffffffff000, 0x1 },
            }));
}

// The tables QEMU builds for four machines (tests/host/data/acpi), packed into fuzz
// inputs: with checksums verified and ignored, and with the full or a stub DSDT.
void acpi_tables_seeds()
{
    using namespace ts::test::acpi_fuzz;
    for (const char* machine : { "q35", "q35-smp4", "q35-nohpet", "pc" }) {
        const std::string dir = std::string(TS_ACPI_DATA_DIR) + "/" + machine;
        for (uint8_t flags : { uint8_t(0), FLAG_IGNORE_CHECKSUMS, FLAG_REVISION_HINT_0 }) {
            for (bool stub : { true, false }) {
                std::vector<uint8_t> image = make_image(dir, flags, stub);
                if (image.empty()) {
                    std::fprintf(stderr, "fuzz_seeds: cannot read the ACPI tables in %s\n", dir.c_str());
                    std::exit(1);
                }
                std::string name = std::string(machine) + "-" + std::to_string(flags) + (stub ? "-stub" : "-full");
                write("acpi_tables", name.c_str(), image);
            }
        }
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
        return 2;
    }
    g_out = argv[1];
    for (const char* target : TARGETS) {
        fs::create_directories(g_out / "seeds" / target);
        fs::create_directories(g_out / "corpus" / target);
    }
    fs::create_directories(g_out / "artifacts");

    ustar_seeds();
    elf_seeds();
    boot_config_seeds();
    font_seeds();
    text_seeds();
    path_flags_seeds();
    ctl_parser_seeds();
    memory_map_seeds();
    acpi_tables_seeds();
    return 0;
}
