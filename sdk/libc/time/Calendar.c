/* The calendar (C17 §7.27.2.3, §7.27.3.3-4, POSIX gmtime_r, timegm): time_t to broken-down
 * time and back, in the proleptic Gregorian calendar, for any time_t whose year fits an
 * int. Local time is UTC: Tessera has no time zones (docs/sdk/time.md).
 *
 * The day-number conversions count years from March 1st, which puts February's leap day
 * at the end of the year, so a month's first day is a fixed function of its position:
 * from March, months run 31 30 31 30 31, twice, then 31 and February, so 5 months hold
 * 153 days and (153 m + 2) / 5 is the first day of month m (0 = March). Years repeat in
 * eras of 400 years, 146097 days, and within an era year y starts on day
 * 365 y + y/4 - y/100 (the era's last year, a multiple of 400, is the leap year the last
 * term would drop). Day 0, 1970-01-01, is day 719468 after 0000-03-01. */
#include <errno.h>
#include <limits.h>
#include <time.h>

#include "Calendar.h"

#define DAYS_PER_ERA 146097ll
#define EPOCH_FROM_ERA_START 719468ll

int __tl_is_leap_year(long long year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

long long __tl_days_from_civil(long long year, int month, int day)
{
    long long march_year = year - (month <= 2);
    long long era = floor_div(march_year, 400);
    long long year_of_era = march_year - era * 400; /* 0 .. 399 */
    int march_month = month > 2 ? month - 3 : month + 9; /* March 0 .. February 11 */
    long long day_of_year = (153 * march_month + 2) / 5 + day - 1;
    long long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * DAYS_PER_ERA + day_of_era - EPOCH_FROM_ERA_START;
}

void __tl_civil_from_days(long long days, long long* year, int* month, int* day)
{
    long long from_era_start = days + EPOCH_FROM_ERA_START;
    long long era = floor_div(from_era_start, DAYS_PER_ERA);
    long long day_of_era = from_era_start - era * DAYS_PER_ERA; /* 0 .. 146096 */
    /* Take out the leap days before this day to divide by 365: one every 1460 days of a
     * 4-year cycle, none every 36524 of a century, and the era's own last day. */
    long long year_of_era
        = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / (DAYS_PER_ERA - 1)) / 365;
    long long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int march_month = (int)((5 * day_of_year + 2) / 153);
    *day = (int)(day_of_year - (153 * march_month + 2) / 5 + 1);
    *month = march_month < 10 ? march_month + 3 : march_month - 9;
    *year = era * 400 + year_of_era + (*month <= 2);
}

struct tm* gmtime_r(const time_t* restrict time, struct tm* restrict out)
{
    long long days = floor_div(*time, SECONDS_PER_DAY);
    int second_of_day = (int)floor_mod(*time, SECONDS_PER_DAY);
    long long year;
    int month, day;
    __tl_civil_from_days(days, &year, &month, &day);
    if (year - 1900 > INT_MAX || year - 1900 < INT_MIN) {
        errno = EOVERFLOW;
        return 0;
    }
    out->tm_sec = second_of_day % 60;
    out->tm_min = second_of_day / 60 % 60;
    out->tm_hour = second_of_day / 3600;
    out->tm_mday = day;
    out->tm_mon = month - 1;
    out->tm_year = (int)(year - 1900);
    out->tm_wday = (int)floor_mod(days + 4, 7); /* 1970-01-01 was a Thursday */
    out->tm_yday = (int)(days - __tl_days_from_civil(year, 1, 1));
    out->tm_isdst = 0;
    out->tm_gmtoff = 0;
    out->tm_zone = "UTC";
    return out;
}

struct tm* localtime_r(const time_t* restrict time, struct tm* restrict out) { return gmtime_r(time, out); }

/* One result per thread: C allows a shared one, but this costs nothing. */
static _Thread_local struct tm g_result;

struct tm* gmtime(const time_t* time) { return gmtime_r(time, &g_result); }
struct tm* localtime(const time_t* time) { return gmtime_r(time, &g_result); }

/* Fields out of range carry into the next larger ones (65 seconds is a minute and 5
 * seconds, month -1 is December of the year before, day 0 the last of the month before);
 * tm_wday and tm_yday are ignored on input and recomputed with the rest. */
time_t timegm(struct tm* time)
{
    long long year = 1900ll + time->tm_year + floor_div(time->tm_mon, 12);
    int month = (int)floor_mod(time->tm_mon, 12) + 1;
    long long days = __tl_days_from_civil(year, month, 1) + time->tm_mday - 1;
    time_t seconds = days * SECONDS_PER_DAY + time->tm_hour * 3600ll + time->tm_min * 60ll + time->tm_sec;
    struct tm normal;
    if (!gmtime_r(&seconds, &normal))
        return (time_t)-1; /* EOVERFLOW set */
    *time = normal;
    return seconds;
}

/* Local time is UTC, and tm_isdst is ignored: there is no daylight saving time. */
time_t mktime(struct tm* time) { return timegm(time); }

double difftime(time_t end, time_t start)
{
    long long difference;
    if (!__builtin_sub_overflow(end, start, &difference))
        return (double)difference; /* exact below 2^53 seconds */
    return (double)end - (double)start;
}
