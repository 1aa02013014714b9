// DirectMapMemory: bounds-checked reads of physical memory through the direct map.
// Part of kernel/acpi (kernel-only; see DirectMapMemory.hpp).
#include "DirectMapMemory.hpp"

#include <lib/CString.hpp>
#include <lib/Math.hpp>
#include <mm/DirectMap.hpp>

namespace ts::acpi {

Result<void> DirectMapMemory::read(PhysAddr address, void* out, size_t length) const
{
    uint64_t end;
    if (!checked_add<uint64_t>(address.value(), length, &end) || end > m_size)
        return Error::Fault;
    if (length > 0)
        memcpy(out, phys_to_ptr<const uint8_t>(address), length);
    return {};
}

} // namespace ts::acpi
