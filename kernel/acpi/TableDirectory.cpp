// TableDirectory: reading the XSDT or RSDT into the list of valid tables. Part of
// kernel/acpi (hardware-free; reads memory only through PhysicalMemory).
#include "TableDirectory.hpp"

#include <initializer_list>

#include <lib/CString.hpp>

#include "Structures.hpp"

namespace ts::acpi {

namespace {

// The tables whose content parse_static_tables acts on; see the header for why their
// failures are fatal and others' are not.
bool is_interpreted(const char signature[4])
{
    for (const char* known : { "FACP", "APIC", "HPET", "MCFG" }) {
        if (memcmp(signature, known, 4) == 0)
            return true;
    }
    return false;
}

struct RootKind {
    const char* signature;
    uint32_t entry_size;
    const char* wrong_signature;
    const char* bad_length;
    const char* lists_itself;
    const char* lists_root;
};

constexpr RootKind XSDT = { "XSDT", 8, "root table at the XSDT address is not an XSDT",
    "XSDT length is not the header plus a whole number of 8-byte entries", "XSDT lists itself",
    "XSDT lists a root table (an RSDT or XSDT)" };
constexpr RootKind RSDT = { "RSDT", 4, "root table at the RSDT address is not an RSDT",
    "RSDT length is not the header plus a whole number of 4-byte entries", "RSDT lists itself",
    "RSDT lists a root table (an RSDT or XSDT)" };

uint32_t entry_count(const TableEntry& root, const RootKind& kind)
{
    return (root.length - static_cast<uint32_t>(sizeof(spec::SdtHeader))) / kind.entry_size;
}

Result<PhysAddr> read_entry(const PhysicalMemory& memory, const TableEntry& root, const RootKind& kind,
    uint32_t index, Diagnostics* diag)
{
    // Entries are little-endian and, in the XSDT, 8 bytes at 4-byte alignment.
    uint64_t value = 0;
    uint32_t offset = static_cast<uint32_t>(sizeof(spec::SdtHeader)) + index * kind.entry_size;
    TRY(read_table_bytes(memory, root, offset, &value, kind.entry_size, "root table entry past its end", diag));
    return PhysAddr(value);
}

// Phase one: is the root table sound as a whole? (See the header.)
Result<TableEntry> check_root(const PhysicalMemory& memory, PhysAddr address, const RootKind& kind,
    const ParseOptions& options, Diagnostics* diag)
{
    TableEntry root = TRY(validate_table(memory, address, options, diag));
    if (!root.has_signature(kind.signature))
        return fail(diag, Error::BadFormat, kind.wrong_signature, address, root.signature);
    if ((root.length - sizeof(spec::SdtHeader)) % kind.entry_size != 0)
        return fail(diag, Error::BadFormat, kind.bad_length, address, root.signature);
    uint32_t count = entry_count(root, kind);
    for (uint32_t i = 0; i < count; ++i) {
        PhysAddr entry = TRY(read_entry(memory, root, kind, i, diag));
        uint32_t offset = static_cast<uint32_t>(sizeof(spec::SdtHeader)) + i * kind.entry_size;
        if (entry == address)
            return fail(diag, Error::Corrupt, kind.lists_itself, address, root.signature, offset);
        char signature[4];
        if (!entry.is_null() && memory.read(entry, signature, sizeof(signature)).is_ok()
            && (memcmp(signature, "XSDT", 4) == 0 || memcmp(signature, "RSDT", 4) == 0))
            return fail(diag, Error::Corrupt, kind.lists_root, address, root.signature, offset);
    }
    return root;
}

// Phase two: validate and list what the (sound) root table points at.
Result<void> list_tables(const PhysicalMemory& memory, const TableEntry& root, const RootKind& kind,
    const ParseOptions& options, TableDirectory& out, Diagnostics* diag)
{
    TRY(out.add(root));
    uint32_t count = entry_count(root, kind);
    for (uint32_t i = 0; i < count; ++i) {
        PhysAddr address = TRY(read_entry(memory, root, kind, i, diag));
        if (address.is_null()) {
            warn(diag, Warning::NullTableEntry, "the root table lists address 0");
            continue;
        }
        if (out.find_address(address)) {
            warn(diag, Warning::DuplicateTableEntry, "the root table lists a table twice");
            continue;
        }
        // The last slot is kept for the DSDT, which the FADT names.
        if (out.count() >= MAX_TABLES - 1) {
            warn(diag, Warning::TooManyTables, "more tables than the table directory holds");
            break;
        }
        Diagnostics problem;
        auto table = validate_table(memory, address, options, &problem);
        if (table.is_error()) {
            char signature[4];
            if (memory.read(address, signature, sizeof(signature)).is_ok() && is_interpreted(signature))
                return fail(diag, table.error(), problem.reason, problem.address, problem.signature, problem.offset);
            warn(diag, Warning::InvalidTableSkipped, "a table we do not interpret failed validation and is left out");
            continue;
        }
        TRY(out.add(table.value()));
    }
    return {};
}

} // namespace

const TableEntry* TableDirectory::find(StringView signature, size_t index) const
{
    for (size_t i = 0; i < m_count; ++i) {
        if (m_entries[i].has_signature(signature)) {
            if (index == 0)
                return &m_entries[i];
            --index;
        }
    }
    return nullptr;
}

size_t TableDirectory::count_of(StringView signature) const
{
    size_t count = 0;
    for (size_t i = 0; i < m_count; ++i)
        count += m_entries[i].has_signature(signature) ? 1 : 0;
    return count;
}

const TableEntry* TableDirectory::find_address(PhysAddr address) const
{
    for (size_t i = 0; i < m_count; ++i) {
        if (m_entries[i].address == address)
            return &m_entries[i];
    }
    return nullptr;
}

Result<void> TableDirectory::add(const TableEntry& entry)
{
    if (m_count >= MAX_TABLES)
        return Error::NoSpace;
    m_entries[m_count++] = entry;
    return {};
}

Result<void> read_table_directory(const PhysicalMemory& memory, const RsdpInfo& rsdp, const ParseOptions& options,
    TableDirectory& out, Diagnostics* diag)
{
    out.clear();
    if (!rsdp.xsdt_address.is_null()) {
        Diagnostics problem;
        auto root = check_root(memory, rsdp.xsdt_address, XSDT, options, &problem);
        if (root.is_ok())
            return list_tables(memory, root.value(), XSDT, options, out, diag);
        if (rsdp.rsdt_address.is_null())
            return fail(diag, root.error(), problem.reason, problem.address, problem.signature, problem.offset);
        // The warning's text is the XSDT's own failure, which is what someone reading
        // the log about this machine would want to know.
        warn(diag, Warning::XsdtInvalid, problem.reason);
    }
    TableEntry root = TRY(check_root(memory, rsdp.rsdt_address, RSDT, options, diag));
    return list_tables(memory, root, RSDT, options, out, diag);
}

} // namespace ts::acpi
