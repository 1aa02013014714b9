// Test helpers for the ACPI host tests: a PhysicalMemory made of byte blobs placed at
// physical addresses, loaded from the QEMU table dumps in tests/host/data/acpi/<machine>/
// (manifest.txt lists each file's guest physical address), and small editors for
// building malformed variants. Host-only (C++ standard library and GoogleTest).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "acpi/PhysicalMemory.hpp"
#include "acpi/StaticTables.hpp"

namespace ts::test {

// Physical memory that holds only the given blobs; every other byte is unreadable, so a
// parser that strays outside the tables gets Error::Fault (and ASan would see any read
// past a blob that bypassed the interface).
class BlobMemory final : public acpi::PhysicalMemory {
public:
    struct Region {
        std::string name;
        uint64_t base;
        std::vector<uint8_t> bytes;
    };

    void add(std::string name, uint64_t base, std::vector<uint8_t> bytes)
    {
        for (const Region& region : m_regions) {
            bool disjoint = base + bytes.size() <= region.base || region.base + region.bytes.size() <= base;
            EXPECT_TRUE(disjoint) << name << " overlaps " << region.name;
        }
        m_regions.push_back({ std::move(name), base, std::move(bytes) });
    }

    Result<void> read(PhysAddr address, void* out, size_t length) const override
    {
        ++m_reads;
        uint64_t at = address.value();
        uint64_t end;
        if (__builtin_add_overflow(at, length, &end))
            return Error::Fault;
        auto* dest = static_cast<uint8_t*>(out);
        while (at < end) {
            const Region* region = find(at);
            if (!region)
                return Error::Fault;
            uint64_t offset = at - region->base;
            uint64_t count = std::min<uint64_t>(end - at, region->bytes.size() - offset);
            std::memcpy(dest, region->bytes.data() + offset, count);
            dest += count;
            at += count;
        }
        return {};
    }

    Region& region(const std::string& name)
    {
        for (Region& region : m_regions) {
            if (region.name == name)
                return region;
        }
        ADD_FAILURE() << "no blob named " << name;
        static Region none;
        return none;
    }
    std::vector<uint8_t>& bytes(const std::string& name) { return region(name).bytes; }
    uint64_t address_of(const std::string& name) { return region(name).base; }
    bool has(const std::string& name) const
    {
        for (const Region& region : m_regions) {
            if (region.name == name)
                return true;
        }
        return false;
    }
    PhysAddr rsdp() { return PhysAddr(address_of("RSDP.bin")); }
    uint64_t reads() const { return m_reads; }

private:
    const Region* find(uint64_t address) const
    {
        for (const Region& region : m_regions) {
            if (address >= region.base && address - region.base < region.bytes.size())
                return &region;
        }
        return nullptr;
    }

    std::vector<Region> m_regions;
    mutable uint64_t m_reads { 0 };
};

inline std::string acpi_data_dir(const std::string& machine)
{
    return std::string(TS_TEST_DATA_DIR) + "/acpi/" + machine;
}

inline std::vector<uint8_t> read_file(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    EXPECT_TRUE(file.good()) << "cannot open " << path;
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// The tables of one dumped machine at their guest physical addresses, named by file
// ("RSDP.bin", "APIC.bin", ...).
inline BlobMemory load_machine(const std::string& machine)
{
    BlobMemory memory;
    std::ifstream manifest(acpi_data_dir(machine) + "/manifest.txt");
    EXPECT_TRUE(manifest.good()) << "no manifest for " << machine;
    std::string line;
    while (std::getline(manifest, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        std::string address, file;
        fields >> address >> file;
        memory.add(file, std::stoull(address, nullptr, 16), read_file(acpi_data_dir(machine) + "/" + file));
    }
    return memory;
}

inline void put_u8(std::vector<uint8_t>& bytes, size_t at, uint8_t value) { bytes.at(at) = value; }
inline void put_u16(std::vector<uint8_t>& bytes, size_t at, uint16_t value)
{
    for (unsigned i = 0; i < 2; ++i)
        bytes.at(at + i) = static_cast<uint8_t>(value >> (8 * i));
}
inline void put_u32(std::vector<uint8_t>& bytes, size_t at, uint32_t value)
{
    for (unsigned i = 0; i < 4; ++i)
        bytes.at(at + i) = static_cast<uint8_t>(value >> (8 * i));
}
inline void put_u64(std::vector<uint8_t>& bytes, size_t at, uint64_t value)
{
    for (unsigned i = 0; i < 8; ++i)
        bytes.at(at + i) = static_cast<uint8_t>(value >> (8 * i));
}
inline uint32_t get_u32(const std::vector<uint8_t>& bytes, size_t at)
{
    uint32_t value = 0;
    for (unsigned i = 0; i < 4; ++i)
        value |= uint32_t(bytes.at(at + i)) << (8 * i);
    return value;
}

// Makes `count` bytes starting at `start` sum to zero by adjusting the byte at
// `checksum_at`.
inline void fix_checksum(std::vector<uint8_t>& bytes, size_t checksum_at, size_t start, size_t count)
{
    bytes.at(checksum_at) = 0;
    uint8_t sum = 0;
    for (size_t i = start; i < start + count; ++i)
        sum = static_cast<uint8_t>(sum + bytes.at(i));
    bytes.at(checksum_at) = static_cast<uint8_t>(-sum);
}

// An SDT: the checksum at offset 9 over the length in the header. The header's length
// field is set to the blob's size first.
inline void seal_table(std::vector<uint8_t>& table)
{
    put_u32(table, 4, static_cast<uint32_t>(table.size()));
    fix_checksum(table, 9, 0, table.size());
}
// An SDT whose length field is deliberately left as it is.
inline void reseal_checksum_only(std::vector<uint8_t>& table)
{
    fix_checksum(table, 9, 0, std::min<size_t>(table.size(), get_u32(table, 4)));
}

// The RSDP's two checksums (the extended one only for revision 2).
inline void seal_rsdp(std::vector<uint8_t>& rsdp)
{
    fix_checksum(rsdp, 8, 0, 20);
    if (rsdp.size() >= 36)
        fix_checksum(rsdp, 32, 0, 36);
}

// One run of parse_static_tables. AcpiTables is ~18 KiB, so it lives on the heap.
struct ParseRun {
    Result<void> result;
    acpi::Diagnostics diag;
    std::unique_ptr<acpi::AcpiTables> tables { std::make_unique<acpi::AcpiTables>() };

    bool ok() const { return result.is_ok(); }
    Error error() const { return result.error(); }
    std::string reason() const { return diag.reason ? diag.reason : "(none)"; }
};

inline ParseRun parse_all(BlobMemory& memory, uint32_t revision_hint = 2, acpi::ParseOptions options = {})
{
    ParseRun run;
    run.result = acpi::parse_static_tables(memory, memory.rsdp(), revision_hint, *run.tables, &run.diag, options);
    return run;
}

// The signatures in the table directory, space-separated, e.g. "XSDT FACP APIC ...".
inline std::string directory_signatures(const acpi::AcpiTables& tables)
{
    std::string out;
    for (size_t i = 0; i < tables.directory.count(); ++i)
        out += std::string(out.empty() ? "" : " ") + tables.directory.at(i).signature;
    return out;
}

// A minimal valid SDT of `length` bytes (at least 36) with this signature.
inline std::vector<uint8_t> make_table(const char* signature, size_t length, uint8_t revision = 1)
{
    std::vector<uint8_t> table(length, 0);
    std::memcpy(table.data(), signature, 4);
    table[8] = revision;
    std::memcpy(table.data() + 10, "TESTID", 6);
    std::memcpy(table.data() + 16, "TESSERA ", 8);
    seal_table(table);
    return table;
}

} // namespace ts::test
