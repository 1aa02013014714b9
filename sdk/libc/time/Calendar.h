/* Calendar.h: the proleptic Gregorian calendar as day counts, shared by the time
 * functions (Calendar.c, Format.c). Internal to the libc. Days are counted from
 * 1970-01-01 (day 0), negative before it; years are astronomical (year 0 is 1 BC). */
#ifndef TESSERA_LIBC_TIME_CALENDAR_H
#define TESSERA_LIBC_TIME_CALENDAR_H

#define SECONDS_PER_DAY 86400ll

/* Division and remainder rounding towards minus infinity, so a time before 1970 falls in
 * the day (and the weekday) it belongs to. d > 0. */
static inline long long floor_div(long long n, long long d) { return n / d - (n % d < 0); }
static inline long long floor_mod(long long n, long long d) { return n % d + (n % d < 0 ? d : 0); }

/* The day number of year-month-day, month 1..12, day 1..31 (a larger day runs on). */
long long __tl_days_from_civil(long long year, int month, int day);
/* The date of a day number. */
void __tl_civil_from_days(long long days, long long* year, int* month, int* day);
int __tl_is_leap_year(long long year);

#endif
