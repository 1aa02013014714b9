// Acpi: RSDP lookup in the UEFI configuration table. Part of bootloader/.
#include "Acpi.hpp"

#include <lib/CString.hpp>

#include "Console.hpp"
#include "Efi.hpp"
#include "Firmware.hpp"

namespace ts::loader {

namespace {

// Ref: ACPI 6.5 §5.2.5.3 (Root System Description Pointer structure)
struct [[gnu::packed]] Rsdp {
    char signature[8];     // "RSD PTR "
    uint8_t checksum;      // the first 20 bytes sum to zero
    char oem_id[6];
    uint8_t revision;      // 0 for ACPI 1.0, 2 for ACPI 2.0 and later
    uint32_t rsdt_address;
    // ACPI 2.0+ only:
    uint32_t length;
    uint64_t xsdt_address;
    uint8_t extended_checksum; // the whole `length` bytes sum to zero
    uint8_t reserved[3];
};
static_assert(sizeof(Rsdp) == 36);
constexpr size_t RSDP_V1_SIZE = 20;

uint8_t byte_sum(const void* data, size_t length)
{
    auto* bytes = static_cast<const uint8_t*>(data);
    uint8_t sum = 0;
    for (size_t i = 0; i < length; ++i)
        sum = static_cast<uint8_t>(sum + bytes[i]);
    return sum;
}

// Returns a description of what is wrong, or null if the RSDP is sound.
const char* check_rsdp(const Rsdp* rsdp, bool want_v2)
{
    if (memcmp(rsdp->signature, "RSD PTR ", 8) != 0)
        return "bad signature";
    if (byte_sum(rsdp, RSDP_V1_SIZE) != 0)
        return "bad checksum";
    if (want_v2) {
        if (rsdp->revision < 2)
            return "revision below 2 in the ACPI 2.0 entry";
        // A corrupt length must not send us summing through gigabytes.
        if (rsdp->length < sizeof(Rsdp) || rsdp->length > 4096)
            return "implausible length";
        if (byte_sum(rsdp, rsdp->length) != 0)
            return "bad extended checksum";
    }
    return nullptr;
}

const Rsdp* find_table(const EFI_GUID& guid)
{
    const EFI_SYSTEM_TABLE* st = system_table();
    for (UINTN i = 0; i < st->NumberOfTableEntries; ++i) {
        const EFI_CONFIGURATION_TABLE& entry = st->ConfigurationTable[i];
        if (memcmp(&entry.VendorGuid, &guid, sizeof(EFI_GUID)) == 0)
            return static_cast<const Rsdp*>(entry.VendorTable);
    }
    return nullptr;
}

} // namespace

RsdpInfo find_rsdp()
{
    // Ref: UEFI 2.10 §4.6.1 (Industry Standard Configuration Tables: ACPI 2.0 and 1.0 GUIDs)
    const EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
    const EFI_GUID acpi10_guid = ACPI_TABLE_GUID;

    if (const Rsdp* rsdp = find_table(acpi20_guid)) {
        if (const char* problem = check_rsdp(rsdp, true))
            warn("ignoring the ACPI 2.0 RSDP at %p: %s", static_cast<const void*>(rsdp), problem);
        else
            return { reinterpret_cast<uint64_t>(rsdp), 2 };
    }
    if (const Rsdp* rsdp = find_table(acpi10_guid)) {
        if (const char* problem = check_rsdp(rsdp, false))
            warn("ignoring the ACPI 1.0 RSDP at %p: %s", static_cast<const void*>(rsdp), problem);
        else
            return { reinterpret_cast<uint64_t>(rsdp), 0 };
    }
    warn("the firmware publishes no ACPI RSDP; the kernel gets rsdp_phys = 0");
    return { 0, 0 };
}

} // namespace ts::loader
