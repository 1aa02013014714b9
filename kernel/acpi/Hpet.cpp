// Hpet: decoding the HPET description table. Part of kernel/acpi (hardware-free; reads
// memory only through PhysicalMemory).
#include "Hpet.hpp"

#include "Structures.hpp"

namespace ts::acpi {

Result<void> parse_hpet(const PhysicalMemory& memory, const TableEntry& table, HpetInfo& out, Diagnostics* diag)
{
    out = HpetInfo {};
    if (table.length < sizeof(spec::Hpet))
        return fail(diag, Error::BadFormat, "HPET table is shorter than 56 bytes", table.address, table.signature);
    spec::Hpet hpet;
    TRY(read_table_prefix(memory, table, &hpet, sizeof(hpet), diag));
    // The HPET specification defines the block only as memory-mapped registers.
    if (hpet.base_address.address_space_id != static_cast<uint8_t>(0))
        return fail(diag, Error::BadFormat, "HPET registers are not in system memory", table.address,
            table.signature, __builtin_offsetof(spec::Hpet, base_address));
    if (hpet.base_address.address == 0)
        return fail(diag, Error::BadFormat, "HPET register block is at address 0", table.address, table.signature,
            __builtin_offsetof(spec::Hpet, base_address));

    uint32_t id = hpet.event_timer_block_id;
    out.address = PhysAddr(hpet.base_address.address);
    out.hpet_number = hpet.hpet_number;
    out.minimum_tick = hpet.main_counter_minimum_clock_tick;
    out.page_protection = hpet.page_protection_and_oem_attribute;
    out.hardware_revision = static_cast<uint8_t>(id & spec::HPET_ID_REVISION_MASK);
    out.comparator_count
        = static_cast<uint8_t>(((id >> spec::HPET_ID_LAST_COMPARATOR_SHIFT) & spec::HPET_ID_LAST_COMPARATOR_MASK) + 1);
    out.counter_64bit = (id & spec::HPET_ID_COUNTER_64BIT) != 0;
    out.legacy_replacement = (id & spec::HPET_ID_LEGACY_REPLACEMENT) != 0;
    out.pci_vendor_id = static_cast<uint16_t>(id >> spec::HPET_ID_VENDOR_SHIFT);
    return {};
}

} // namespace ts::acpi
