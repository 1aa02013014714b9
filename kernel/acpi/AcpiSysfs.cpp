// /sys/acpi/tables/<SIG>: the raw bytes of each ACPI table the firmware lists (see
// core/SystemFiles.hpp). Tables that appear more than once (SSDTs) get a suffix: SSDT,
// SSDT1, SSDT2... The table index travels as the handler's context pointer; the bytes
// are copied from the direct map at each open.
#include <core/SystemFiles.hpp>
#include <fs/Sysfs.hpp>
#include <lib/Format.hpp>

#include "Acpi.hpp"
#include <mm/DirectMap.hpp>

namespace ts {

Result<void> acpi_publish_sysfs()
{
    if (!acpi::is_initialized())
        return {};
    for (size_t index = 0; index < acpi::table_count(); ++index) {
        const auto& table = acpi::table_at(index);
        size_t earlier = 0;
        for (size_t i = 0; i < index; ++i)
            earlier += acpi::table_at(i).has_signature(StringView(table.signature, 4));
        char path[48];
        if (earlier)
            format(path, sizeof(path), "acpi/tables/%s%zu", table.signature, earlier);
        else
            format(path, sizeof(path), "acpi/tables/%s", table.signature);
        TRY(sysfs::publish(path, [](void* context, fs::TextBuffer& out) -> Result<void> {
            const auto& entry = acpi::table_at(reinterpret_cast<uintptr_t>(context));
            // The table parsers checked that every listed table lies in the direct map.
            out.append(phys_to_ptr<uint8_t>(entry.address), entry.length);
            return {};
        }, nullptr, reinterpret_cast<void*>(index)));
    }
    return {};
}

} // namespace ts
