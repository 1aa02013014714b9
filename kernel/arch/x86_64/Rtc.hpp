// Rtc: the CMOS real-time clock, read once at boot for the wall-clock time.
// Layer: arch facade. Ref: Motorola MC146818A datasheet (registers 0x00-0x0B, update-in-
// progress flag, BCD and 12-hour modes); ACPI 6.5 §5.2.9 (FADT century register index).
#pragma once

#include <cstdint>

namespace ts::arch {

struct WallClock {
    uint32_t year;
    uint8_t month, day, hour, minute, second;
};

// `century_register` is the FADT's CENTURY field (0 when absent: assume 20xx).
bool rtc_read(WallClock& out, uint8_t century_register);
// Seconds since 1970-01-01 00:00:00 UTC (the RTC is assumed to run in UTC).
uint64_t wall_clock_to_unix(const WallClock& clock);

} // namespace ts::arch
