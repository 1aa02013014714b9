// Fadt: decoding the fields we use from the FADT. Part of kernel/acpi (hardware-free;
// reads memory only through PhysicalMemory).
#include "Fadt.hpp"

#include "Structures.hpp"

namespace ts::acpi {

namespace {

// Whether the table is long enough to hold the field at [offset, offset + size).
bool covers(const TableEntry& table, size_t offset, size_t size)
{
    return table.length >= offset + size;
}

GenericAddress decode(const spec::GenericAddress& raw)
{
    return GenericAddress { static_cast<AddressSpace>(raw.address_space_id), raw.register_bit_width,
        raw.register_bit_offset, raw.access_size, raw.address };
}

// A legacy I/O block of `length` bytes at `port`, described as the equivalent GAS.
GenericAddress legacy_io(uint32_t port, uint8_t length)
{
    uint8_t access = length >= 4 ? 3 : length >= 2 ? 2 : 1;
    return GenericAddress { AddressSpace::SystemIo, static_cast<uint8_t>(length * 8), 0, access, port };
}

// The X_ block when the table has it and it is non-zero, else the legacy one.
GenericAddress pick(const TableEntry& table, size_t x_offset, const spec::GenericAddress& x_block, uint32_t port,
    uint8_t length)
{
    if (covers(table, x_offset, sizeof(spec::GenericAddress)) && x_block.address != 0)
        return decode(x_block);
    if (port != 0)
        return legacy_io(port, length);
    return GenericAddress {};
}

} // namespace

Result<void> parse_fadt(const PhysicalMemory& memory, const TableEntry& table, FadtInfo& out, Diagnostics* diag)
{
    out = FadtInfo {};
    if (table.length < spec::FADT_V1_LENGTH)
        return fail(diag, Error::BadFormat, "FADT is shorter than the ACPI 1.0 layout (116 bytes)", table.address,
            table.signature);
    spec::Fadt fadt;
    TRY(read_table_prefix(memory, table, &fadt, sizeof(fadt), diag));

    out.revision = table.revision;
    if (covers(table, __builtin_offsetof(spec::Fadt, fadt_minor_version), 1))
        out.minor_version = fadt.fadt_minor_version;
    out.flags = fadt.flags;
    out.hardware_reduced = (fadt.flags & spec::FADT_FLAG_HW_REDUCED_ACPI) != 0;

    // DSDT: X_DSDT, when the table has it and it is non-zero, supersedes the 32-bit field
    // (ACPI 6.5 §5.2.9, the descriptions of both fields); the same holds for the FACS.
    uint64_t dsdt = fadt.dsdt;
    if (covers(table, __builtin_offsetof(spec::Fadt, x_dsdt), 8) && fadt.x_dsdt != 0) {
        if (fadt.dsdt != 0 && fadt.dsdt != fadt.x_dsdt)
            warn(diag, Warning::DsdtMismatch, "FADT's DSDT and X_DSDT differ; X_DSDT is used");
        dsdt = fadt.x_dsdt;
    }
    if (dsdt == 0)
        return fail(diag, Error::BadFormat, "FADT gives no DSDT address", table.address, table.signature,
            __builtin_offsetof(spec::Fadt, dsdt));
    out.dsdt = PhysAddr(dsdt);
    uint64_t facs = fadt.firmware_ctrl;
    if (covers(table, __builtin_offsetof(spec::Fadt, x_firmware_ctrl), 8) && fadt.x_firmware_ctrl != 0)
        facs = fadt.x_firmware_ctrl;
    out.facs = PhysAddr(facs);

    out.sci_interrupt = fadt.sci_int;
    out.smi_command = fadt.smi_cmd;
    out.acpi_enable = fadt.acpi_enable;
    out.acpi_disable = fadt.acpi_disable;

    out.pm1a_event = pick(table, __builtin_offsetof(spec::Fadt, x_pm1a_evt_blk), fadt.x_pm1a_evt_blk,
        fadt.pm1a_evt_blk, fadt.pm1_evt_len);
    out.pm1b_event = pick(table, __builtin_offsetof(spec::Fadt, x_pm1b_evt_blk), fadt.x_pm1b_evt_blk,
        fadt.pm1b_evt_blk, fadt.pm1_evt_len);
    out.pm1a_control = pick(table, __builtin_offsetof(spec::Fadt, x_pm1a_cnt_blk), fadt.x_pm1a_cnt_blk,
        fadt.pm1a_cnt_blk, fadt.pm1_cnt_len);
    out.pm1b_control = pick(table, __builtin_offsetof(spec::Fadt, x_pm1b_cnt_blk), fadt.x_pm1b_cnt_blk,
        fadt.pm1b_cnt_blk, fadt.pm1_cnt_len);

    // PM timer. The legacy block is only meaningful with PM_TMR_LEN == 4 (the spec
    // requires exactly that when the timer exists); a timer that is neither in I/O nor
    // in memory space is one this kernel cannot read.
    bool has_x_timer = covers(table, __builtin_offsetof(spec::Fadt, x_pm_tmr_blk), sizeof(spec::GenericAddress))
        && fadt.x_pm_tmr_blk.address != 0;
    if (has_x_timer) {
        out.pm_timer = decode(fadt.x_pm_tmr_blk);
    } else if (fadt.pm_tmr_blk != 0) {
        if (fadt.pm_tmr_len == 4)
            out.pm_timer = legacy_io(fadt.pm_tmr_blk, 4);
        else
            warn(diag, Warning::BadPmTimer, "FADT's PM_TMR_LEN is not 4; the PM timer is ignored");
    }
    if (out.pm_timer.is_present()) {
        if (out.pm_timer.space == AddressSpace::SystemIo || out.pm_timer.space == AddressSpace::SystemMemory)
            out.has_pm_timer = true;
        else
            warn(diag, Warning::BadPmTimer, "FADT's PM timer is neither in I/O nor in memory space; it is ignored");
    }
    if (!out.has_pm_timer)
        out.pm_timer = GenericAddress {};
    out.pm_timer_32bit = (fadt.flags & spec::FADT_FLAG_TMR_VAL_EXT) != 0;

    if ((fadt.flags & spec::FADT_FLAG_RESET_REG_SUP) && covers(table, __builtin_offsetof(spec::Fadt, reset_value), 1)
        && fadt.reset_reg.address != 0) {
        out.has_reset_register = true;
        out.reset_register = decode(fadt.reset_reg);
        out.reset_value = fadt.reset_value;
    }

    out.rtc_century_index = fadt.century;

    if (table.revision >= 3) {
        out.boot_arch_valid = true;
        out.iapc_boot_arch = fadt.iapc_boot_arch;
        out.legacy_devices = (fadt.iapc_boot_arch & spec::IAPC_LEGACY_DEVICES) != 0;
        out.has_8042 = (fadt.iapc_boot_arch & spec::IAPC_8042) != 0;
        out.vga_not_present = (fadt.iapc_boot_arch & spec::IAPC_VGA_NOT_PRESENT) != 0;
        out.msi_not_supported = (fadt.iapc_boot_arch & spec::IAPC_MSI_NOT_SUPPORTED) != 0;
        out.cmos_rtc_not_present = (fadt.iapc_boot_arch & spec::IAPC_CMOS_RTC_NOT_PRESENT) != 0;
    }
    return {};
}

} // namespace ts::acpi
