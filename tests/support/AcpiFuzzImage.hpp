// AcpiFuzzImage: the input format of the ACPI fuzzer (tests/fuzz/FuzzAcpiTables.cpp) and
// a builder that turns a QEMU table dump (tests/host/data/acpi/<machine>/) into such an
// input, for the fuzzer's seeds and for a host test that checks the seeds parse. Part of
// tests/support: host-only test code, used by nothing that ships.
//
// An input is one flags byte followed by a blob of "physical memory" that starts at
// MEMORY_BASE, with the RSDP at its first byte. The builder packs the dumped RSDP and
// tables one after the other (16-byte aligned), rewrites every pointer between them (the
// RSDP's RSDT and XSDT addresses, the root tables' entries, the FADT's DSDT and FACS
// fields) and re-seals the checksums. It works on raw byte offsets from the
// specifications, not on kernel/acpi's structures, so a layout mistake there is not
// repeated here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace ts::test::acpi_fuzz {

// Physical address of the blob's first byte (the RSDP). Not 0, so that a null table
// pointer is never readable memory.
inline constexpr uint64_t MEMORY_BASE = 0x10000;

// Bits of the flags byte.
inline constexpr uint8_t FLAG_IGNORE_CHECKSUMS = 1u << 0;
inline constexpr uint8_t FLAG_REVISION_HINT_0 = 1u << 1; // the loader "found an ACPI 1.0 RSDP"

namespace detail {

inline uint64_t get(const std::vector<uint8_t>& bytes, size_t at, unsigned width)
{
    uint64_t value = 0;
    for (unsigned i = 0; i < width; ++i)
        value |= uint64_t(bytes.at(at + i)) << (8 * i);
    return value;
}

inline void put(std::vector<uint8_t>& bytes, size_t at, unsigned width, uint64_t value)
{
    for (unsigned i = 0; i < width; ++i)
        bytes.at(at + i) = static_cast<uint8_t>(value >> (8 * i));
}

inline void checksum(std::vector<uint8_t>& bytes, size_t checksum_at, size_t count)
{
    bytes.at(checksum_at) = 0;
    uint8_t sum = 0;
    for (size_t i = 0; i < count; ++i)
        sum = static_cast<uint8_t>(sum + bytes.at(i));
    bytes.at(checksum_at) = static_cast<uint8_t>(-sum);
}

} // namespace detail

// Builds an input from the dump in `machine_dir`. With `stub_dsdt` the DSDT is cut to its
// 36-byte header (a valid, empty DSDT), which keeps the input small and the fuzzer fast.
// Returns an empty vector if the dump cannot be read.
inline std::vector<uint8_t> make_image(const std::string& machine_dir, uint8_t flags, bool stub_dsdt)
{
    using detail::get;
    using detail::put;

    struct Blob {
        std::string name;
        uint64_t old_address;
        std::vector<uint8_t> bytes;
        uint64_t offset = 0;
    };
    std::vector<Blob> blobs;
    std::ifstream manifest(machine_dir + "/manifest.txt");
    std::string line;
    while (std::getline(manifest, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        std::string address, name;
        fields >> address >> name;
        std::ifstream file(machine_dir + "/" + name, std::ios::binary);
        std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (bytes.size() < 20)
            return {};
        Blob blob { name, std::stoull(address, nullptr, 16), std::move(bytes) };
        if (name == "RSDP.bin")
            blobs.insert(blobs.begin(), std::move(blob));
        else
            blobs.push_back(std::move(blob));
    }
    if (blobs.empty() || blobs[0].name != "RSDP.bin")
        return {};

    std::map<uint64_t, uint64_t> moved; // old physical address -> new one
    uint64_t offset = 0;
    for (Blob& blob : blobs) {
        if (stub_dsdt && blob.name == "DSDT.bin") {
            blob.bytes.resize(36);
            put(blob.bytes, 4, 4, 36);
        }
        blob.offset = offset;
        moved[blob.old_address] = MEMORY_BASE + offset;
        offset = (offset + blob.bytes.size() + 15) & ~uint64_t(15);
    }
    auto relocate = [&](std::vector<uint8_t>& bytes, size_t at, unsigned width) {
        auto it = moved.find(get(bytes, at, width));
        if (it != moved.end())
            put(bytes, at, width, it->second);
    };

    for (Blob& blob : blobs) {
        std::vector<uint8_t>& b = blob.bytes;
        const std::string signature(b.begin(), b.begin() + 4);
        if (blob.name == "RSDP.bin") {
            // Ref: ACPI 6.5 §5.2.5.3: RSDT address at 16; XSDT address at 24 (revision 2).
            relocate(b, 16, 4);
            if (b.size() >= 36)
                relocate(b, 24, 8);
            detail::checksum(b, 8, 20);
            if (b.size() >= 36)
                detail::checksum(b, 32, b.size());
            continue;
        }
        if (signature == "FACS")
            continue; // no checksum, no pointers
        // Ref: ACPI 6.5 §5.2.7, §5.2.8: entries from offset 36.
        if (signature == "XSDT" || signature == "RSDT") {
            unsigned width = signature == "XSDT" ? 8 : 4;
            for (size_t at = 36; at + width <= b.size(); at += width)
                relocate(b, at, width);
        }
        // Ref: ACPI 6.5 §5.2.9: FIRMWARE_CTRL 36, DSDT 40, X_FIRMWARE_CTRL 132, X_DSDT 140.
        if (signature == "FACP") {
            relocate(b, 36, 4);
            relocate(b, 40, 4);
            if (b.size() >= 148) {
                relocate(b, 132, 8);
                relocate(b, 140, 8);
            }
        }
        detail::checksum(b, 9, b.size());
    }

    std::vector<uint8_t> image(1 + offset, 0);
    image[0] = flags;
    for (const Blob& blob : blobs)
        std::memcpy(image.data() + 1 + blob.offset, blob.bytes.data(), blob.bytes.size());
    return image;
}

} // namespace ts::test::acpi_fuzz
