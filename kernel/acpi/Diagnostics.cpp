// Diagnostics: recording failures and warnings of the ACPI table parsers.
// Part of kernel/acpi (hardware-free; depends on kernel/lib).
#include "Diagnostics.hpp"

namespace ts::acpi {

Error fail(Diagnostics* diag, Error error, const char* reason, PhysAddr address, const char* signature,
    uint32_t offset)
{
    if (diag) {
        diag->reason = reason;
        diag->address = address;
        diag->offset = offset;
        size_t i = 0;
        for (; signature && signature[i] && i < sizeof(diag->signature) - 1; ++i)
            diag->signature[i] = signature[i];
        diag->signature[i] = '\0';
    }
    return error;
}

void warn(Diagnostics* diag, Warning warning, const char* reason)
{
    if (!diag)
        return;
    if (diag->warnings == 0)
        diag->warning_reason = reason;
    diag->warnings |= static_cast<uint32_t>(warning);
}

} // namespace ts::acpi
