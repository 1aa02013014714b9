// Mcfg: decoding the MCFG's ECAM allocations. Part of kernel/acpi (hardware-free; reads
// memory only through PhysicalMemory).
#include "Mcfg.hpp"

#include <lib/Math.hpp>

#include "Structures.hpp"

namespace ts::acpi {

Result<void> parse_mcfg(const PhysicalMemory& memory, const TableEntry& table, McfgInfo& out, Diagnostics* diag)
{
    out.segment_count = 0;
    out.segments_dropped = 0;
    if (table.length < sizeof(spec::Mcfg))
        return fail(diag, Error::BadFormat, "MCFG is shorter than its fixed part (44 bytes)", table.address,
            table.signature);
    if ((table.length - sizeof(spec::Mcfg)) % sizeof(spec::McfgAllocation) != 0)
        return fail(diag, Error::BadFormat, "MCFG length is not the header plus whole 16-byte allocations",
            table.address, table.signature);
    for (uint32_t offset = sizeof(spec::Mcfg); offset < table.length; offset += sizeof(spec::McfgAllocation)) {
        spec::McfgAllocation allocation;
        TRY(read_table_bytes(memory, table, offset, &allocation, sizeof(allocation), "MCFG allocation past the table",
            diag));
        if (allocation.base_address == 0)
            return fail(diag, Error::BadFormat, "MCFG allocation has base address 0", table.address, table.signature,
                offset);
        if (allocation.start_bus > allocation.end_bus)
            return fail(diag, Error::BadFormat, "MCFG allocation's start bus is after its end bus", table.address,
                table.signature, offset);
        uint64_t end;
        if (!checked_add<uint64_t>(allocation.base_address, (uint64_t(allocation.end_bus) + 1) << 20, &end))
            return fail(diag, Error::BadFormat, "MCFG allocation runs past the end of the address space",
                table.address, table.signature, offset);
        if (out.segment_count == MAX_MCFG_SEGMENTS) {
            ++out.segments_dropped;
            warn(diag, Warning::TooManyMcfgSegments, "MCFG lists more allocations than MAX_MCFG_SEGMENTS");
            continue;
        }
        out.segments[out.segment_count++] = McfgSegment { PhysAddr(allocation.base_address),
            allocation.pci_segment_group, allocation.start_bus, allocation.end_bus };
    }
    return {};
}

} // namespace ts::acpi
