/* Time as text (C17 §7.27.3.1, .2, .5): asctime, ctime and strftime, in the C locale
 * ("C" is the only locale). Every C17 conversion is supported; the E and O modifiers
 * change nothing in the C locale and are skipped. Times are UTC, so %z is "+0000" and %Z
 * "UTC". Names and numbers come from the fields strftime's specification names (%a from
 * tm_wday, %j from tm_yday, ...); fields out of range print as "?" or as their value. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "Calendar.h"

static const char* const WEEKDAYS[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };
static const char* const MONTHS[] = { "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December" };

struct output {
    char* text;
    size_t size;
    size_t used; /* may pass size: then nothing more is stored and strftime returns 0 */
};

static void put(struct output* out, char c)
{
    if (out->used < out->size)
        out->text[out->used] = c;
    ++out->used;
}

static void put_text(struct output* out, const char* text, size_t limit)
{
    for (size_t i = 0; text[i] && i < limit; ++i)
        put(out, text[i]);
}

/* `value` in decimal, at least `width` digits, padded with `pad` ('0' or ' '). */
static void put_number(struct output* out, long long value, int width, char pad)
{
    char digits[24];
    int n = 0;
    unsigned long long magnitude = value < 0 ? -(unsigned long long)value : (unsigned long long)value;
    do {
        digits[n++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0)
        put(out, '-');
    for (int i = n + (value < 0); i < width; ++i)
        put(out, pad);
    while (n)
        put(out, digits[--n]);
}

static const char* weekday_name(const struct tm* time)
{
    return time->tm_wday >= 0 && time->tm_wday < 7 ? WEEKDAYS[time->tm_wday] : "?";
}

static const char* month_name(const struct tm* time)
{
    return time->tm_mon >= 0 && time->tm_mon < 12 ? MONTHS[time->tm_mon] : "?";
}

/* ISO 8601 weeks start on Monday; week 1 is the one holding the year's first Thursday,
 * so the last days of December may be in week 1 of the next year and the first days of
 * January in week 52 or 53 of the year before. */
static int iso_weeks_in_year(long long year)
{
    int january_first = (int)floor_mod(__tl_days_from_civil(year, 1, 1) + 4, 7); /* Sunday 0 */
    return january_first == 4 || (january_first == 3 && __tl_is_leap_year(year)) ? 53 : 52;
}

static void iso_week(const struct tm* time, long long* iso_year, int* week)
{
    long long year = 1900ll + time->tm_year;
    int iso_weekday = (int)floor_mod(time->tm_wday + 6, 7) + 1; /* Monday 1 .. Sunday 7 */
    /* The Thursday of this week decides the year: its day of the year, 1-based, is
     * tm_yday + 1 + (4 - iso_weekday), and the week is the Thursday's ordinal divided by 7. */
    int number = (time->tm_yday - iso_weekday + 11) / 7;
    if (number < 1) {
        *iso_year = year - 1;
        *week = iso_weeks_in_year(year - 1);
    } else if (number > iso_weeks_in_year(year)) {
        *iso_year = year + 1;
        *week = 1;
    } else {
        *iso_year = year;
        *week = number;
    }
}

static void format(struct output* out, const char* pattern, const struct tm* time);

static void convert(struct output* out, char conversion, const struct tm* time)
{
    long long year = 1900ll + time->tm_year;
    long long iso_year;
    int week;
    switch (conversion) {
    case 'a': put_text(out, weekday_name(time), 3); break;
    case 'A': put_text(out, weekday_name(time), (size_t)-1); break;
    case 'b':
    case 'h': put_text(out, month_name(time), 3); break;
    case 'B': put_text(out, month_name(time), (size_t)-1); break;
    case 'c': format(out, "%a %b %e %H:%M:%S %Y", time); break;
    case 'C': put_number(out, floor_div(year, 100), 2, '0'); break;
    case 'd': put_number(out, time->tm_mday, 2, '0'); break;
    case 'D': format(out, "%m/%d/%y", time); break;
    case 'e': put_number(out, time->tm_mday, 2, ' '); break;
    case 'F': format(out, "%Y-%m-%d", time); break;
    case 'g': iso_week(time, &iso_year, &week); put_number(out, floor_mod(iso_year, 100), 2, '0'); break;
    case 'G': iso_week(time, &iso_year, &week); put_number(out, iso_year, 1, '0'); break;
    case 'H': put_number(out, time->tm_hour, 2, '0'); break;
    case 'I': put_number(out, time->tm_hour % 12 == 0 ? 12 : time->tm_hour % 12, 2, '0'); break;
    case 'j': put_number(out, time->tm_yday + 1, 3, '0'); break;
    case 'm': put_number(out, time->tm_mon + 1, 2, '0'); break;
    case 'M': put_number(out, time->tm_min, 2, '0'); break;
    case 'n': put(out, '\n'); break;
    case 'p': put_text(out, time->tm_hour < 12 ? "AM" : "PM", 2); break;
    case 'r': format(out, "%I:%M:%S %p", time); break;
    case 'R': format(out, "%H:%M", time); break;
    case 'S': put_number(out, time->tm_sec, 2, '0'); break;
    case 't': put(out, '\t'); break;
    case 'T': format(out, "%H:%M:%S", time); break;
    case 'u': put_number(out, floor_mod(time->tm_wday + 6, 7) + 1, 1, '0'); break;
    /* Weeks starting on Sunday (%U) or Monday (%W); days before the first one are week 0. */
    case 'U': put_number(out, (time->tm_yday + 7 - time->tm_wday) / 7, 2, '0'); break;
    case 'W': put_number(out, (time->tm_yday + 7 - floor_mod(time->tm_wday + 6, 7)) / 7, 2, '0'); break;
    case 'V': iso_week(time, &iso_year, &week); put_number(out, week, 2, '0'); break;
    case 'w': put_number(out, time->tm_wday, 1, '0'); break;
    case 'x': format(out, "%m/%d/%y", time); break;
    case 'X': format(out, "%H:%M:%S", time); break;
    case 'y': put_number(out, floor_mod(year, 100), 2, '0'); break;
    case 'Y': put_number(out, year, 1, '0'); break;
    case 'z': put_text(out, "+0000", 5); break;
    case 'Z': put_text(out, "UTC", 3); break;
    case '%': put(out, '%'); break;
    default: /* undefined behaviour in C17: shown as written */
        put(out, '%');
        if (conversion)
            put(out, conversion);
        break;
    }
}

static void format(struct output* out, const char* pattern, const struct tm* time)
{
    for (const char* at = pattern; *at; ++at) {
        if (*at != '%') {
            put(out, *at);
            continue;
        }
        ++at;
        if (*at == 'E' || *at == 'O')
            ++at;
        convert(out, *at, time);
        if (!*at)
            break;
    }
}

size_t strftime(char* restrict text, size_t size, const char* restrict pattern, const struct tm* restrict time)
{
    struct output out = { text, size, 0 };
    format(&out, pattern, time);
    if (out.used >= size)
        return 0; /* no room for everything and the NUL */
    text[out.used] = 0;
    return out.used;
}

/* C17 §7.27.3.1 gives asctime's format exactly: "Sun Sep 16 01:03:52 1973\n". The buffer
 * also holds the longest year an int allows. */
char* asctime(const struct tm* time)
{
    static _Thread_local char g_text[64];
    snprintf(g_text, sizeof(g_text), "%.3s %.3s%3d %.2d:%.2d:%.2d %lld\n", weekday_name(time), month_name(time),
        time->tm_mday, time->tm_hour, time->tm_min, time->tm_sec, 1900ll + time->tm_year);
    return g_text;
}

char* ctime(const time_t* time)
{
    struct tm broken_down;
    if (!localtime_r(time, &broken_down))
        return 0;
    return asctime(&broken_down);
}
