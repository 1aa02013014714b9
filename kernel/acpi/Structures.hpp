// Structures: the byte layouts of the static ACPI tables, exactly as the firmware lays
// them out. Part of kernel/acpi (hardware-free; depends on nothing).
//
// These are only ever filled by copying bytes out of PhysicalMemory, never by pointing
// at firmware memory, so they are packed (several 64-bit fields sit at offsets that are
// not multiples of 8) and their sizes are checked here against the specifications.
// Fields are named after the specification's field names in snake_case. The parsers turn
// them into the plain, decoded structs of Madt.hpp, Fadt.hpp, Hpet.hpp and Mcfg.hpp;
// nothing outside kernel/acpi should need this file.
#pragma once

#include <cstdint>

namespace ts::acpi::spec {

// Ref: ACPI 6.5 §5.2.5.3 (Root System Description Pointer structure). The first 20 bytes
// are the ACPI 1.0 structure, covered by `checksum`; revision 2 and later add the rest,
// covered by `extended_checksum` over `length` bytes.
struct [[gnu::packed]] Rsdp {
    char signature[8]; // "RSD PTR "
    uint8_t checksum;
    char oem_id[6];
    uint8_t revision; // 0 for ACPI 1.0, 2 for ACPI 2.0 and later
    uint32_t rsdt_address;
    uint32_t length;
    uint64_t xsdt_address;
    uint8_t extended_checksum;
    uint8_t reserved[3];
};
static_assert(sizeof(Rsdp) == 36);
inline constexpr uint32_t RSDP_V1_LENGTH = 20;

// Ref: ACPI 6.5 §5.2.6 (System Description Table Header). Every table but the RSDP and
// the FACS starts with it; all bytes of the table, header included, sum to zero.
struct [[gnu::packed]] SdtHeader {
    char signature[4];
    uint32_t length; // of the whole table, header included
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
};
static_assert(sizeof(SdtHeader) == 36);

// Ref: ACPI 6.5 §5.2.3.2 (Generic Address Structure).
struct [[gnu::packed]] GenericAddress {
    uint8_t address_space_id; // 0 system memory, 1 system I/O, ... (AddressSpace in Fadt.hpp)
    uint8_t register_bit_width;
    uint8_t register_bit_offset;
    uint8_t access_size; // 0 undefined, 1 byte, 2 word, 3 dword, 4 qword
    uint64_t address;
};
static_assert(sizeof(GenericAddress) == 12);

// Ref: ACPI 6.5 §5.2.9 (Fixed ACPI Description Table). Its length grew with each
// revision: 116 bytes in ACPI 1.0 (up to `flags`), 244 in ACPI 2.0, 276 in 6.5. A shorter
// table is read into a zeroed struct, so the fields it lacks read as zero ("absent").
struct [[gnu::packed]] Fadt {
    SdtHeader header;
    uint32_t firmware_ctrl; // FACS
    uint32_t dsdt;
    uint8_t reserved0; // INT_MODEL in ACPI 1.0
    uint8_t preferred_pm_profile;
    uint16_t sci_int;
    uint32_t smi_cmd;
    uint8_t acpi_enable;
    uint8_t acpi_disable;
    uint8_t s4bios_req;
    uint8_t pstate_cnt;
    uint32_t pm1a_evt_blk;
    uint32_t pm1b_evt_blk;
    uint32_t pm1a_cnt_blk;
    uint32_t pm1b_cnt_blk;
    uint32_t pm2_cnt_blk;
    uint32_t pm_tmr_blk;
    uint32_t gpe0_blk;
    uint32_t gpe1_blk;
    uint8_t pm1_evt_len;
    uint8_t pm1_cnt_len;
    uint8_t pm2_cnt_len;
    uint8_t pm_tmr_len;
    uint8_t gpe0_blk_len;
    uint8_t gpe1_blk_len;
    uint8_t gpe1_base;
    uint8_t cst_cnt;
    uint16_t p_lvl2_lat;
    uint16_t p_lvl3_lat;
    uint16_t flush_size;
    uint16_t flush_stride;
    uint8_t duty_offset;
    uint8_t duty_width;
    uint8_t day_alrm;
    uint8_t mon_alrm;
    uint8_t century;
    uint16_t iapc_boot_arch;
    uint8_t reserved1;
    uint32_t flags;
    // ACPI 1.0 ends here (116 bytes).
    GenericAddress reset_reg;
    uint8_t reset_value;
    uint16_t arm_boot_arch;
    uint8_t fadt_minor_version;
    uint64_t x_firmware_ctrl;
    uint64_t x_dsdt;
    GenericAddress x_pm1a_evt_blk;
    GenericAddress x_pm1b_evt_blk;
    GenericAddress x_pm1a_cnt_blk;
    GenericAddress x_pm1b_cnt_blk;
    GenericAddress x_pm2_cnt_blk;
    GenericAddress x_pm_tmr_blk;
    GenericAddress x_gpe0_blk;
    GenericAddress x_gpe1_blk;
    // ACPI 2.0 ends here (244 bytes).
    GenericAddress sleep_control_reg;
    GenericAddress sleep_status_reg;
    uint64_t hypervisor_vendor_identity;
};
static_assert(sizeof(Fadt) == 276);
static_assert(__builtin_offsetof(Fadt, flags) == 112);
static_assert(__builtin_offsetof(Fadt, reset_reg) == 116);
static_assert(__builtin_offsetof(Fadt, x_dsdt) == 140);
static_assert(__builtin_offsetof(Fadt, x_pm_tmr_blk) == 208);
static_assert(__builtin_offsetof(Fadt, sleep_control_reg) == 244);
inline constexpr uint32_t FADT_V1_LENGTH = 116;

// Ref: ACPI 6.5 §5.2.9, Table "Fixed ACPI Description Table Fixed Feature Flags".
inline constexpr uint32_t FADT_FLAG_TMR_VAL_EXT = 1u << 8;
inline constexpr uint32_t FADT_FLAG_RESET_REG_SUP = 1u << 10;
inline constexpr uint32_t FADT_FLAG_HW_REDUCED_ACPI = 1u << 20;

// Ref: ACPI 6.5 §5.2.9.3 (IA-PC Boot Architecture Flags).
inline constexpr uint16_t IAPC_LEGACY_DEVICES = 1u << 0;
inline constexpr uint16_t IAPC_8042 = 1u << 1;
inline constexpr uint16_t IAPC_VGA_NOT_PRESENT = 1u << 2;
inline constexpr uint16_t IAPC_MSI_NOT_SUPPORTED = 1u << 3;
inline constexpr uint16_t IAPC_PCIE_ASPM_CONTROLS = 1u << 4;
inline constexpr uint16_t IAPC_CMOS_RTC_NOT_PRESENT = 1u << 5;

// Ref: ACPI 6.5 §5.2.12 (Multiple APIC Description Table): the fixed part; the
// interrupt controller structures follow it up to the table's length.
struct [[gnu::packed]] Madt {
    SdtHeader header;
    uint32_t local_apic_address;
    uint32_t flags;
};
static_assert(sizeof(Madt) == 44);
inline constexpr uint32_t MADT_FLAG_PCAT_COMPAT = 1u << 0;

// Ref: ACPI 6.5 §5.2.12, Table "Interrupt Controller Structure Types". Every structure
// starts with its type and its length in bytes, which is how unknown types are skipped.
struct [[gnu::packed]] MadtEntryHeader {
    uint8_t type;
    uint8_t length;
};
static_assert(sizeof(MadtEntryHeader) == 2);

enum MadtEntryType : uint8_t {
    MADT_LOCAL_APIC = 0,
    MADT_IO_APIC = 1,
    MADT_INTERRUPT_SOURCE_OVERRIDE = 2,
    MADT_NMI_SOURCE = 3,
    MADT_LOCAL_APIC_NMI = 4,
    MADT_LOCAL_APIC_ADDRESS_OVERRIDE = 5,
    MADT_LOCAL_X2APIC = 9,
    MADT_LOCAL_X2APIC_NMI = 10,
};

// Ref: ACPI 6.5 §5.2.12.2 (Processor Local APIC Structure).
struct [[gnu::packed]] MadtLocalApic {
    MadtEntryHeader header;
    uint8_t acpi_processor_uid;
    uint8_t apic_id;
    uint32_t flags; // MADT_LAPIC_*
};
static_assert(sizeof(MadtLocalApic) == 8);

// Ref: ACPI 6.5 §5.2.12.2, Table "Local APIC Flags" (shared by the x2APIC structure).
inline constexpr uint32_t MADT_LAPIC_ENABLED = 1u << 0;
inline constexpr uint32_t MADT_LAPIC_ONLINE_CAPABLE = 1u << 1;

// Ref: ACPI 6.5 §5.2.12.3 (I/O APIC Structure).
struct [[gnu::packed]] MadtIoApic {
    MadtEntryHeader header;
    uint8_t io_apic_id;
    uint8_t reserved;
    uint32_t io_apic_address;
    uint32_t global_system_interrupt_base;
};
static_assert(sizeof(MadtIoApic) == 12);

// Ref: ACPI 6.5 §5.2.12.5 (Interrupt Source Override Structure).
struct [[gnu::packed]] MadtInterruptSourceOverride {
    MadtEntryHeader header;
    uint8_t bus; // 0: ISA
    uint8_t source; // the bus-relative interrupt (the ISA IRQ)
    uint32_t global_system_interrupt;
    uint16_t flags; // MPS INTI flags
};
static_assert(sizeof(MadtInterruptSourceOverride) == 10);

// Ref: ACPI 6.5 §5.2.12.5, Table "MPS INTI Flags": polarity in bits 0-1, trigger mode
// in bits 2-3 (shared by every NMI structure).
inline constexpr uint16_t MPS_INTI_POLARITY_MASK = 0x3;
inline constexpr unsigned MPS_INTI_TRIGGER_SHIFT = 2;
inline constexpr uint16_t MPS_INTI_TRIGGER_MASK = 0x3;

// Ref: ACPI 6.5 §5.2.12.6 (Non-Maskable Interrupt (NMI) Source Structure).
struct [[gnu::packed]] MadtNmiSource {
    MadtEntryHeader header;
    uint16_t flags; // MPS INTI flags
    uint32_t global_system_interrupt;
};
static_assert(sizeof(MadtNmiSource) == 8);

// Ref: ACPI 6.5 §5.2.12.7 (Local APIC NMI Structure).
struct [[gnu::packed]] MadtLocalApicNmi {
    MadtEntryHeader header;
    uint8_t acpi_processor_uid; // 0xff: all processors
    uint16_t flags; // MPS INTI flags
    uint8_t local_apic_lint; // LINT0 or LINT1
};
static_assert(sizeof(MadtLocalApicNmi) == 6);

// Ref: ACPI 6.5 §5.2.12.8 (Local APIC Address Override Structure).
struct [[gnu::packed]] MadtLocalApicAddressOverride {
    MadtEntryHeader header;
    uint16_t reserved;
    uint64_t local_apic_address;
};
static_assert(sizeof(MadtLocalApicAddressOverride) == 12);

// Ref: ACPI 6.5 §5.2.12.12 (Processor Local x2APIC Structure).
struct [[gnu::packed]] MadtLocalX2Apic {
    MadtEntryHeader header;
    uint16_t reserved;
    uint32_t x2apic_id;
    uint32_t flags; // MADT_LAPIC_*
    uint32_t acpi_processor_uid;
};
static_assert(sizeof(MadtLocalX2Apic) == 16);

// Ref: ACPI 6.5 §5.2.12.13 (Local x2APIC NMI Structure).
struct [[gnu::packed]] MadtLocalX2ApicNmi {
    MadtEntryHeader header;
    uint16_t flags; // MPS INTI flags
    uint32_t acpi_processor_uid; // 0xffffffff: all processors
    uint8_t local_x2apic_lint;
    uint8_t reserved[3];
};
static_assert(sizeof(MadtLocalX2ApicNmi) == 12);

// Ref: IA-PC HPET (High Precision Event Timers) Specification 1.0a §3.2.4 (The ACPI 2.0
// HPET Description Table).
struct [[gnu::packed]] Hpet {
    SdtHeader header;
    uint32_t event_timer_block_id;
    GenericAddress base_address;
    uint8_t hpet_number;
    uint16_t main_counter_minimum_clock_tick;
    uint8_t page_protection_and_oem_attribute;
};
static_assert(sizeof(Hpet) == 56);

// Ref: IA-PC HPET Specification 1.0a §3.2.4, "Event Timer Block ID" bit fields (the
// same layout as the low half of the block's General Capabilities register).
inline constexpr uint32_t HPET_ID_REVISION_MASK = 0xff;
inline constexpr unsigned HPET_ID_LAST_COMPARATOR_SHIFT = 8;
inline constexpr uint32_t HPET_ID_LAST_COMPARATOR_MASK = 0x1f;
inline constexpr uint32_t HPET_ID_COUNTER_64BIT = 1u << 13;
inline constexpr uint32_t HPET_ID_LEGACY_REPLACEMENT = 1u << 15;
inline constexpr unsigned HPET_ID_VENDOR_SHIFT = 16;

// Ref: PCI Firmware Specification 3.2 §4.1.2 (MCFG Table Description): the header, eight
// reserved bytes, then one allocation structure per PCI segment group.
struct [[gnu::packed]] Mcfg {
    SdtHeader header;
    uint8_t reserved[8];
};
static_assert(sizeof(Mcfg) == 44);

// Ref: PCI Firmware Specification 3.2 §4.1.2, Table "Memory Mapped Enhanced Configuration
// Space Base Address Allocation Structure".
struct [[gnu::packed]] McfgAllocation {
    uint64_t base_address; // the ECAM address of bus 0 of this segment
    uint16_t pci_segment_group;
    uint8_t start_bus;
    uint8_t end_bus;
    uint32_t reserved;
};
static_assert(sizeof(McfgAllocation) == 16);

} // namespace ts::acpi::spec
