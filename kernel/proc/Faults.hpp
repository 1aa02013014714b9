// Faults: user-mode exceptions become notes, user-memory faults are resolved or turned
// into copy failures. See Faults.cpp. Layer: proc.
#pragma once

#include <cstddef>
#include <cstdint>

#include <arch/x86_64/Interrupts.hpp>
#include <mm/UserMappings.hpp>

namespace ts::proc {

// The note text for a user-mode exception.
// `result` is what the address space said about a page fault's address.
size_t describe_fault(const arch::InterruptFrame& frame, uint64_t address, char* buffer, size_t size,
    vmm::FaultResult result = vmm::FaultResult::NotMapped);
// The arch fault handler (arch::set_fault_handler).
bool handle_fault(arch::InterruptFrame& frame, uint64_t address);
void faults_init();

} // namespace ts::proc
