// CMOS RTC. See Rtc.hpp.
#include "Rtc.hpp"

#include "Cpu.hpp"

namespace ts::arch {

namespace {

uint8_t cmos_read(uint8_t reg)
{
    outb(0x70, reg | 0x80); // bit 7 keeps NMIs disabled while we talk to the CMOS
    return inb(0x71);
}

bool update_in_progress() { return cmos_read(0x0A) & 0x80; }

uint8_t from_bcd(uint8_t v) { return static_cast<uint8_t>((v & 0x0F) + (v >> 4) * 10); }

struct Raw {
    uint8_t second, minute, hour, day, month, year, century;
    bool operator==(const Raw&) const = default;
};

Raw read_raw(uint8_t century_register)
{
    return Raw { cmos_read(0x00), cmos_read(0x02), cmos_read(0x04), cmos_read(0x07), cmos_read(0x08),
        cmos_read(0x09), century_register ? cmos_read(century_register) : uint8_t(0) };
}

} // namespace

bool rtc_read(WallClock& out, uint8_t century_register)
{
    // Read until two consecutive reads agree, each started outside an update cycle, so a
    // rollover between fields (23:59:59 -> 00:00:00) cannot give a mixed result.
    Raw a {}, b {};
    bool stable = false;
    for (int attempt = 0; attempt < 10 && !stable; ++attempt) {
        for (int spin = 0; spin < 100000 && update_in_progress(); ++spin)
            pause();
        a = read_raw(century_register);
        for (int spin = 0; spin < 100000 && update_in_progress(); ++spin)
            pause();
        b = read_raw(century_register);
        stable = a == b;
    }
    if (!stable)
        return false;
    uint8_t status_b = cmos_read(0x0B);
    bool binary = status_b & 0x04, hour24 = status_b & 0x02;
    bool pm = !hour24 && (b.hour & 0x80);
    b.hour &= 0x7F;
    if (!binary) {
        b.second = from_bcd(b.second);
        b.minute = from_bcd(b.minute);
        b.hour = from_bcd(b.hour);
        b.day = from_bcd(b.day);
        b.month = from_bcd(b.month);
        b.year = from_bcd(b.year);
        b.century = from_bcd(b.century);
    }
    if (!hour24)
        b.hour = static_cast<uint8_t>((b.hour % 12) + (pm ? 12 : 0));
    out.second = b.second;
    out.minute = b.minute;
    out.hour = b.hour;
    out.day = b.day;
    out.month = b.month;
    out.year = (century_register && b.century ? b.century : 20) * 100u + b.year;
    return out.month >= 1 && out.month <= 12 && out.day >= 1 && out.day <= 31 && out.hour < 24 && out.minute < 60
        && out.second < 61;
}

uint64_t wall_clock_to_unix(const WallClock& c)
{
    // Days from the civil calendar (proleptic Gregorian), shifting the year to start in
    // March so the leap day falls at the end.
    uint32_t y = c.year - (c.month <= 2 ? 1 : 0);
    uint32_t era = y / 400;
    uint32_t yoe = y - era * 400;
    uint32_t m = c.month;
    uint32_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + c.day - 1;
    uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    uint64_t days = uint64_t(era) * 146097 + doe - 719468;
    return days * 86400 + c.hour * 3600u + c.minute * 60u + c.second;
}

} // namespace ts::arch
