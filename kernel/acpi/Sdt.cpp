// Sdt: table header and checksum validation. Part of kernel/acpi (hardware-free; reads
// memory only through PhysicalMemory).
#include "Sdt.hpp"

#include <lib/CString.hpp>
#include <lib/Math.hpp>

#include "Structures.hpp"

namespace ts::acpi {

bool TableEntry::has_signature(StringView wanted) const
{
    return wanted.size() == 4 && StringView(signature, 4) == wanted;
}

Result<uint8_t> checksum(const PhysicalMemory& memory, PhysAddr address, uint32_t length)
{
    // Chunked so a table of any length costs a bounded buffer; 256 bytes keeps the
    // number of virtual calls low without weighing on a kernel stack.
    uint8_t chunk[256];
    uint8_t sum = 0;
    uint32_t done = 0;
    while (done < length) {
        uint32_t count = min<uint32_t>(length - done, sizeof(chunk));
        TRY(memory.read(address + done, chunk, count));
        for (uint32_t i = 0; i < count; ++i)
            sum = static_cast<uint8_t>(sum + chunk[i]);
        done += count;
    }
    return sum;
}

void copy_firmware_string(char* out, const char* raw, size_t length)
{
    size_t i = 0;
    for (; i < length && raw[i] != '\0'; ++i) {
        char c = raw[i];
        out[i] = (c >= 0x20 && c <= 0x7e) ? c : '?';
    }
    out[i] = '\0';
}

Result<TableEntry> validate_table(const PhysicalMemory& memory, PhysAddr address, const ParseOptions& options,
    Diagnostics* diag)
{
    spec::SdtHeader header;
    if (memory.read(address, &header, sizeof(header)).is_error())
        return fail(diag, Error::Fault, "table header is not readable", address, "");

    // The signature is what every later decision keys on (and what logs print), so it
    // must be four printable characters; no table defined by any specification has
    // anything else there.
    char signature[5];
    for (size_t i = 0; i < 4; ++i) {
        if (header.signature[i] < 0x20 || header.signature[i] > 0x7e)
            return fail(diag, Error::BadFormat, "table signature is not printable ASCII", address, "");
        signature[i] = header.signature[i];
    }
    signature[4] = '\0';

    if (header.length < sizeof(spec::SdtHeader))
        return fail(diag, Error::BadFormat, "table length is smaller than the table header", address, signature);
    if (header.length > MAX_TABLE_LENGTH)
        return fail(diag, Error::TooBig, "table length is over the 16 MiB limit", address, signature);
    uint64_t end;
    if (!checked_add<uint64_t>(address.value(), header.length, &end))
        return fail(diag, Error::BadFormat, "table runs past the end of the address space", address, signature);

    // The checksum pass also proves the whole table readable, so it runs even when the
    // result is ignored.
    auto sum = checksum(memory, address, header.length);
    if (sum.is_error())
        return fail(diag, Error::Fault, "table runs past readable memory", address, signature);
    if (options.checksums == Checksums::Verify && sum.value() != 0)
        return fail(diag, Error::Corrupt, "table checksum is wrong", address, signature);

    TableEntry entry;
    __builtin_memcpy(entry.signature, signature, sizeof(signature));
    copy_firmware_string(entry.oem_id, header.oem_id, sizeof(header.oem_id));
    copy_firmware_string(entry.oem_table_id, header.oem_table_id, sizeof(header.oem_table_id));
    entry.revision = header.revision;
    entry.length = header.length;
    entry.oem_revision = header.oem_revision;
    entry.address = address;
    return entry;
}

Result<void> read_table_bytes(const PhysicalMemory& memory, const TableEntry& table, uint32_t offset, void* out,
    size_t length, const char* reason, Diagnostics* diag)
{
    if (offset > table.length || length > table.length - offset)
        return fail(diag, Error::BadFormat, reason, table.address, table.signature, offset);
    if (memory.read(table.address + offset, out, length).is_error())
        return fail(diag, Error::Fault, "table became unreadable", table.address, table.signature, offset);
    return {};
}

Result<void> read_table_prefix(const PhysicalMemory& memory, const TableEntry& table, void* out, size_t size,
    Diagnostics* diag)
{
    memset(out, 0, size);
    size_t count = min<size_t>(size, table.length);
    return read_table_bytes(memory, table, 0, out, count, "table is shorter than its fixed part", diag);
}

} // namespace ts::acpi
