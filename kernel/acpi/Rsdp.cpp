// Rsdp: parsing and checking the Root System Description Pointer. Part of kernel/acpi
// (hardware-free; reads memory only through PhysicalMemory).
#include "Rsdp.hpp"

#include <lib/CString.hpp>

#include "Sdt.hpp"
#include "Structures.hpp"

namespace ts::acpi {

namespace {

// The ACPI 2.0 RSDP is 36 bytes; later revisions may grow it, but never by pages.
constexpr uint32_t MAX_RSDP_LENGTH = 4096;

} // namespace

Result<RsdpInfo> parse_rsdp(const PhysicalMemory& memory, PhysAddr address, uint32_t revision_hint,
    const ParseOptions& options, Diagnostics* diag)
{
    const bool verify = options.checksums == Checksums::Verify;
    spec::Rsdp rsdp;
    memset(&rsdp, 0, sizeof(rsdp));
    if (memory.read(address, &rsdp, spec::RSDP_V1_LENGTH).is_error())
        return fail(diag, Error::Fault, "RSDP is not readable", address, "");
    if (memcmp(rsdp.signature, "RSD PTR ", 8) != 0)
        return fail(diag, Error::BadFormat, "RSDP signature is not \"RSD PTR \"", address, "");
    auto sum = checksum(memory, address, spec::RSDP_V1_LENGTH);
    if (sum.is_error())
        return fail(diag, Error::Fault, "RSDP is not readable", address, "");
    if (verify && sum.value() != 0)
        return fail(diag, Error::Corrupt, "RSDP checksum (first 20 bytes) is wrong", address, "");

    RsdpInfo info;
    info.address = address;
    info.revision = rsdp.revision;
    copy_firmware_string(info.oem_id, rsdp.oem_id, sizeof(rsdp.oem_id));
    info.rsdt_address = PhysAddr(rsdp.rsdt_address);

    // Revision 1 was never defined; like 0 it means the ACPI 1.0 structure.
    if (rsdp.revision >= 2) {
        if (memory.read(address, &rsdp, sizeof(rsdp)).is_error())
            return fail(diag, Error::Fault, "ACPI 2.0 part of the RSDP is not readable", address, "");
        if (rsdp.length < sizeof(spec::Rsdp))
            return fail(diag, Error::BadFormat, "RSDP length is smaller than the ACPI 2.0 RSDP (36 bytes)", address,
                "", __builtin_offsetof(spec::Rsdp, length));
        if (rsdp.length > MAX_RSDP_LENGTH)
            return fail(diag, Error::TooBig, "RSDP length is over 4 KiB", address, "",
                __builtin_offsetof(spec::Rsdp, length));
        auto extended = checksum(memory, address, rsdp.length);
        if (extended.is_error())
            return fail(diag, Error::Fault, "RSDP runs past readable memory", address, "");
        if (verify && extended.value() != 0)
            return fail(diag, Error::Corrupt, "RSDP extended checksum is wrong", address, "");
        info.xsdt_address = PhysAddr(rsdp.xsdt_address);
    }

    if ((revision_hint >= 2) != (rsdp.revision >= 2))
        warn(diag, Warning::RsdpRevisionMismatch, "the loader's RSDP revision and the RSDP's own disagree");
    if (info.rsdt_address.is_null() && info.xsdt_address.is_null())
        return fail(diag, Error::BadFormat, "RSDP names neither an RSDT nor an XSDT", address, "");
    return info;
}

} // namespace ts::acpi
