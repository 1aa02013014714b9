// PhysicalMemory: how the ACPI table parsers read firmware memory. Part of kernel/acpi
// (the hardware-free layer: depends on kernel/lib only).
//
// The parsers never dereference a physical address. They ask this interface for bytes,
// so the same code runs in the kernel (reading through the direct map, Acpi.cpp), in the
// host tests (reading from table dumps placed at their real addresses) and under the
// fuzzer (reading from the fuzz input). A read either copies all `length` bytes or fails
// without a partial result the caller could mistake for data; every address the
// firmware hands us is untrusted, so implementations must check the whole range,
// including address + length wrapping around.
#pragma once

#include <cstddef>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

namespace ts::acpi {

class PhysicalMemory {
public:
    // Copies [address, address + length) to `out`. Fails (typically Error::Fault) when any
    // byte of the range is not readable.
    virtual Result<void> read(PhysAddr address, void* out, size_t length) const = 0;

protected:
    // Never deleted through this interface, so no virtual destructor (and no deleting
    // destructor that would need operator delete in the kernel).
    ~PhysicalMemory() = default;
};

} // namespace ts::acpi
