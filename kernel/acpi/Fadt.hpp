// Fadt: the Fixed ACPI Description Table, reduced to the fields the kernel uses: where
// the DSDT and FACS are, the SCI interrupt, the PM timer, the PM1 event and control
// blocks, the reset register, the RTC century index and the IA-PC boot architecture
// flags. Part of kernel/acpi (hardware-free; reads memory only through PhysicalMemory).
//
// Ref: ACPI 6.5 §5.2.9. The table grew with each ACPI version; a field the table is too
// short to contain reads as absent. Where a 32-bit legacy field and a 64-bit "X_" field
// (a Generic Address Structure) describe the same thing, the X_ field wins when present
// and non-zero, and the legacy one is the fallback (an ACPI 1.0 FADT has only those).
#pragma once

#include <cstdint>

#include <lib/Addr.hpp>
#include <lib/Result.hpp>

#include "Diagnostics.hpp"
#include "PhysicalMemory.hpp"
#include "Sdt.hpp"

namespace ts::acpi {

// Ref: ACPI 6.5 §5.2.3.2, Table "Generic Address Structure (GAS)", Address Space ID.
enum class AddressSpace : uint8_t {
    SystemMemory = 0,
    SystemIo = 1,
    PciConfig = 2,
    EmbeddedController = 3,
    SmBus = 4,
    SystemCmos = 5,
    PciBarTarget = 6,
    Ipmi = 7,
    GeneralPurposeIo = 8,
    GenericSerialBus = 9,
    PlatformCommunicationsChannel = 0x0a,
    PlatformRuntimeMechanism = 0x0b,
    FunctionalFixedHardware = 0x7f,
};

// A decoded Generic Address Structure; an address of 0 means "not present".
struct GenericAddress {
    AddressSpace space { AddressSpace::SystemMemory };
    uint8_t bit_width { 0 };
    uint8_t bit_offset { 0 };
    uint8_t access_size { 0 }; // 0 undefined, 1 byte, 2 word, 3 dword, 4 qword
    uint64_t address { 0 };

    bool is_present() const { return address != 0; }
    bool is_io_port() const { return space == AddressSpace::SystemIo; }
};

struct FadtInfo {
    uint8_t revision { 0 };
    uint8_t minor_version { 0 }; // 0 before ACPI 5.1

    PhysAddr dsdt {}; // X_DSDT if present, else DSDT (never null after a successful parse)
    PhysAddr facs {}; // X_FIRMWARE_CTRL if present, else FIRMWARE_CTRL; null on hardware-reduced machines

    uint16_t sci_interrupt { 0 }; // the SCI's interrupt: a GSI on APIC machines
    uint32_t smi_command { 0 }; // I/O port for ACPI mode changes; 0: always in ACPI mode
    uint8_t acpi_enable { 0 }; // the values to write there
    uint8_t acpi_disable { 0 };

    GenericAddress pm1a_event {};
    GenericAddress pm1b_event {};
    GenericAddress pm1a_control {};
    GenericAddress pm1b_control {};

    // The ACPI power management timer (3.579545 MHz), when the machine has a usable one:
    // in I/O or memory space, and (for the legacy field) with PM_TMR_LEN == 4.
    bool has_pm_timer { false };
    GenericAddress pm_timer {};
    bool pm_timer_32bit { false }; // TMR_VAL_EXT: 32-bit counter, else 24-bit

    // Writing reset_value to reset_register resets the machine (RESET_REG_SUP).
    bool has_reset_register { false };
    GenericAddress reset_register {};
    uint8_t reset_value { 0 };

    uint8_t rtc_century_index { 0 }; // CMOS RAM index of the century byte; 0: none

    // IA-PC boot architecture flags, defined from FADT revision 3 (ACPI 2.0); in older
    // tables the field is reserved and boot_arch_valid is false.
    bool boot_arch_valid { false };
    uint16_t iapc_boot_arch { 0 };
    bool legacy_devices { false }; // LPC/ISA devices the namespace may not fully describe
    bool has_8042 { false }; // a PS/2 controller
    bool vga_not_present { false }; // no VGA at the legacy addresses
    bool msi_not_supported { false };
    bool cmos_rtc_not_present { false };

    uint32_t flags { 0 }; // the raw fixed feature flags
    bool hardware_reduced { false }; // HW_REDUCED_ACPI: no fixed hardware (no PM timer, PM1 blocks, ...)
};

// Parses the validated FADT `table` into `out` (reset first). Errors: BadFormat for a table
// shorter than the ACPI 1.0 layout (116 bytes) or one that gives no DSDT address.
Result<void> parse_fadt(const PhysicalMemory& memory, const TableEntry& table, FadtInfo& out, Diagnostics* diag);

} // namespace ts::acpi
