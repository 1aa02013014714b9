/* <time.h> and <sys/time.h>: the calendar against a day-by-day walk from 1900 to 2100
 * (a separate, naive reckoning), times far from 1970 both ways, mktime's carrying of
 * out-of-range fields, every strftime conversion on known dates (expected texts worked
 * out by hand and with another C library), ISO 8601 week edge cases, and the clocks:
 * monotonic order, a wall clock after 2020, sleeps that last. */
#include <errno.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "Check.h"

static int same_date(const struct tm* t, long long year, int month, int day, int weekday, int year_day)
{
    return t->tm_year + 1900ll == year && t->tm_mon + 1 == month && t->tm_mday == day && t->tm_wday == weekday
        && t->tm_yday == year_day;
}

/* Walks every day from 1900-01-01 (a Monday, time_t -2208988800) to 2100-12-31 counting
 * month lengths by the Gregorian rule, and compares both directions of the library. */
static void check_calendar_walk(void)
{
    static const int LENGTHS[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    long long t = -2208988800ll;
    int weekday = 1, wrong_gmtime = 0, wrong_timegm = 0, days = 0, leap_days = 0;
    for (int year = 1900; year <= 2100; ++year) {
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        int year_day = 0;
        for (int month = 1; month <= 12; ++month) {
            int length = LENGTHS[month - 1] + (month == 2 && leap);
            for (int day = 1; day <= length; ++day) {
                /* A different time of day each day, so every second-of-day field moves. */
                int second = (days * 7919) % 86400;
                time_t at = t + second;
                struct tm broken;
                if (!gmtime_r(&at, &broken) || !same_date(&broken, year, month, day, weekday, year_day)
                    || broken.tm_hour != second / 3600 || broken.tm_min != second / 60 % 60
                    || broken.tm_sec != second % 60 || broken.tm_isdst != 0)
                    ++wrong_gmtime;
                struct tm fields = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day,
                    .tm_hour = second / 3600, .tm_min = second / 60 % 60, .tm_sec = second % 60, .tm_wday = -9,
                    .tm_yday = -9 };
                if (timegm(&fields) != at || !same_date(&fields, year, month, day, weekday, year_day))
                    ++wrong_timegm;
                leap_days += month == 2 && day == 29;
                t += 86400;
                weekday = (weekday + 1) % 7;
                ++year_day;
                ++days;
            }
        }
    }
    CHECK(wrong_gmtime == 0);
    CHECK(wrong_timegm == 0);
    CHECK(days == 73414 && leap_days == 49); /* 1900 and 2100 are not leap years, 2000 is */
    CHECK(t == 4133980800ll); /* 2101-01-01 */
}

static void check_far_times(void)
{
    struct tm t;
    time_t minus_one = -1;
    CHECK(gmtime_r(&minus_one, &t) && same_date(&t, 1969, 12, 31, 3, 364) && t.tm_hour == 23 && t.tm_sec == 59);
    time_t y10k = 253402300799ll;
    CHECK(gmtime_r(&y10k, &t) && same_date(&t, 9999, 12, 31, 5, 364) && t.tm_min == 59);
    time_t year_one = -62135596800ll;
    CHECK(gmtime_r(&year_one, &t) && same_date(&t, 1, 1, 1, 1, 0)); /* a Monday, proleptically */
    /* Year 0 is a leap year (divisible by 400); 1 BC in history. */
    struct tm leap_zero = { .tm_year = -1900, .tm_mon = 1, .tm_mday = 29 };
    time_t day = timegm(&leap_zero);
    CHECK(day == year_one - 307 * 86400ll && leap_zero.tm_mon == 1 && leap_zero.tm_mday == 29);
    /* Round trips across a wide range, every step an odd number of seconds. */
    int wrong = 0;
    for (long long s = -70000000000000ll; s < 70000000000000ll; s += 123456789012345ll / 1000 + 7) {
        time_t at = s;
        struct tm broken;
        if (!gmtime_r(&at, &broken) || timegm(&broken) != at)
            ++wrong;
    }
    CHECK(wrong == 0);
    /* A year past INT_MAX + 1900 cannot be broken down. */
    time_t huge = 0x7fffffffffffffffll;
    errno = 0;
    CHECK(gmtime(&huge) == 0 && errno == EOVERFLOW);
    CHECK(localtime(&minus_one) && localtime(&minus_one)->tm_hour == 23);
}

static void check_mktime(void)
{
    /* January 31st plus one month: February 31st 2000 is March 2nd (a leap year). */
    struct tm t = { .tm_year = 100, .tm_mon = 1, .tm_mday = 31, .tm_hour = 12, .tm_isdst = -1 };
    time_t r = mktime(&t);
    CHECK(r == 951998400 && t.tm_mon == 2 && t.tm_mday == 2 && t.tm_wday == 4 && t.tm_yday == 61 && t.tm_isdst == 0);
    /* Seconds, minutes and hours carry; negatives borrow. */
    struct tm u = { .tm_year = 99, .tm_mon = 11, .tm_mday = 31, .tm_hour = 23, .tm_min = 59, .tm_sec = 61 };
    CHECK(mktime(&u) == 946684801 && u.tm_year == 100 && u.tm_mon == 0 && u.tm_mday == 1 && u.tm_sec == 1);
    struct tm v = { .tm_year = 100, .tm_mon = 0, .tm_mday = 1, .tm_sec = -1 };
    CHECK(mktime(&v) == 946684799 && v.tm_year == 99 && v.tm_mday == 31 && v.tm_hour == 23);
    /* Day 0 is the last of the month before; month -1 December of the year before. */
    struct tm w = { .tm_year = 104, .tm_mon = 2, .tm_mday = 0 };
    CHECK(mktime(&w) != -1 && w.tm_mon == 1 && w.tm_mday == 29 && w.tm_yday == 59);
    struct tm x = { .tm_year = 105, .tm_mon = -1, .tm_mday = 1 };
    CHECK(mktime(&x) != -1 && x.tm_year == 104 && x.tm_mon == 11 && x.tm_mday == 1);
    struct tm y = { .tm_year = 100, .tm_mon = 25, .tm_mday = 1, .tm_hour = -25 };
    CHECK(mktime(&y) != -1 && y.tm_year == 102 && y.tm_mon == 0 && y.tm_mday == 30 && y.tm_hour == 23);
    /* Local time is UTC. */
    time_t now = time(0);
    struct tm local, utc;
    CHECK(localtime_r(&now, &local) && gmtime_r(&now, &utc) && same_date(&local, utc.tm_year + 1900ll, utc.tm_mon + 1, utc.tm_mday, utc.tm_wday, utc.tm_yday)
        && local.tm_hour == utc.tm_hour && local.tm_min == utc.tm_min && local.tm_sec == utc.tm_sec
        && local.tm_isdst == 0 && local.tm_gmtoff == 0);
    CHECK(mktime(&local) == now && timegm(&utc) == now);
    CHECK(difftime(10, 3) == 7.0 && difftime(3, 10) == -7.0);
    CHECK(difftime(0x7fffffffffffffffll, -0x7fffffffffffffffll - 1) > 1.8e19);
}

struct expected {
    char conversion[4];
    const char* text;
};

static const char* formatted(const char* format, const struct tm* t)
{
    static char buffer[128];
    memset(buffer, '#', sizeof(buffer));
    size_t n = strftime(buffer, sizeof(buffer), format, t);
    return n == strlen(buffer) ? buffer : "(bad length)";
}

static void check_strftime(void)
{
    /* 2000-02-29 13:05:09 UTC, a Tuesday, the 60th day. */
    time_t leap_day = 951829509;
    struct tm t;
    CHECK(gmtime_r(&leap_day, &t) != 0);
    static const struct expected ALL[] = {
        { "%a", "Tue" }, { "%A", "Tuesday" }, { "%b", "Feb" }, { "%B", "February" },
        { "%c", "Tue Feb 29 13:05:09 2000" }, { "%C", "20" }, { "%d", "29" }, { "%D", "02/29/00" }, { "%e", "29" },
        { "%F", "2000-02-29" }, { "%g", "00" }, { "%G", "2000" }, { "%h", "Feb" }, { "%H", "13" }, { "%I", "01" },
        { "%j", "060" }, { "%m", "02" }, { "%M", "05" }, { "%n", "\n" }, { "%p", "PM" }, { "%r", "01:05:09 PM" },
        { "%R", "13:05" }, { "%S", "09" }, { "%t", "\t" }, { "%T", "13:05:09" }, { "%u", "2" }, { "%U", "09" },
        { "%V", "09" }, { "%w", "2" }, { "%W", "09" }, { "%x", "02/29/00" }, { "%X", "13:05:09" }, { "%y", "00" },
        { "%Y", "2000" }, { "%z", "+0000" }, { "%Z", "UTC" }, { "%%", "%" },
        /* The modifiers change nothing in the C locale. */
        { "%Ec", "Tue Feb 29 13:05:09 2000" }, { "%EC", "20" }, { "%Ex", "02/29/00" }, { "%EX", "13:05:09" },
        { "%Ey", "00" }, { "%EY", "2000" }, { "%Od", "29" }, { "%Oe", "29" }, { "%OH", "13" }, { "%OI", "01" },
        { "%Om", "02" }, { "%OM", "05" }, { "%OS", "09" }, { "%Ou", "2" }, { "%OU", "09" }, { "%OV", "09" },
        { "%Ow", "2" }, { "%OW", "09" }, { "%Oy", "00" },
    };
    for (size_t i = 0; i < sizeof(ALL) / sizeof(ALL[0]); ++i)
        CHECK(strcmp(formatted(ALL[i].conversion, &t), ALL[i].text) == 0);
    CHECK(strcmp(formatted("at %H:%M, day %j.", &t), "at 13:05, day 060.") == 0);

    /* Week numbers around the turn of a year: 2004 has 53 ISO weeks, and its last week
     * runs into 2005; 2008-12-29 is in week 1 of 2009; 2010-01-03 in week 53 of 2009. */
    static const struct {
        long long time;
        const char* text;
    } WEEKS[] = {
        { 1104451200, "2004-W53-5 04 U52 W52 j366 e31" },
        { 1104623999, "2004-W53-6 04 U00 W00 j001 e 1" },
        { 1230552000, "2009-W01-1 09 U52 W52 j364 e29" },
        { 1262476800, "2009-W53-7 09 U01 W00 j003 e 3" },
        { 946598400, "1999-W52-5 99 U52 W52 j365 e31" },
        { 978307200, "2001-W01-1 01 U00 W01 j001 e 1" },
        { -1, "1970-W01-3 70 U52 W52 j365 e31" },
    };
    for (size_t i = 0; i < sizeof(WEEKS) / sizeof(WEEKS[0]); ++i) {
        time_t at = WEEKS[i].time;
        struct tm w;
        CHECK(gmtime_r(&at, &w) && strcmp(formatted("%G-W%V-%u %g U%U W%W j%j e%e", &w), WEEKS[i].text) == 0);
    }
    CHECK(strcmp(formatted("%I %p", &(struct tm) { .tm_hour = 0 }), "12 AM") == 0);
    CHECK(strcmp(formatted("%I %p", &(struct tm) { .tm_hour = 12 }), "12 PM") == 0);
    CHECK(strcmp(formatted("%Y %C %y", &(struct tm) { .tm_year = -1900 + 905, .tm_mday = 1 }), "905 09 05") == 0);

    /* The whole text and its NUL must fit; otherwise 0. */
    char small[11];
    CHECK(strftime(small, sizeof(small), "%F", &t) == 10 && strcmp(small, "2000-02-29") == 0);
    CHECK(strftime(small, 10, "%F", &t) == 0);
    CHECK(strftime(small, sizeof(small), "", &t) == 0 && small[0] == 0);

    CHECK(strcmp(asctime(&t), "Tue Feb 29 13:05:09 2000\n") == 0);
    time_t zero = 0;
    CHECK(strcmp(ctime(&zero), "Thu Jan  1 00:00:00 1970\n") == 0);
}

static long long ns_of(const struct timespec* t) { return t->tv_sec * 1000000000ll + t->tv_nsec; }

static void check_clocks(void)
{
    struct timespec a, b;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0 && a.tv_nsec >= 0 && a.tv_nsec < 1000000000);
    int backwards = 0;
    for (int i = 0; i < 1000; ++i) {
        CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
        backwards += ns_of(&b) < ns_of(&a);
        a = b;
    }
    CHECK(backwards == 0);

    struct timespec wall;
    CHECK(clock_gettime(CLOCK_REALTIME, &wall) == 0 && wall.tv_sec > 1577836800); /* 2020-01-01 */
    CHECK(wall.tv_nsec >= 0 && wall.tv_nsec < 1000000000);
    time_t now = time(0), stored = 0;
    CHECK(now >= wall.tv_sec && now - wall.tv_sec <= 2 && time(&stored) >= now && stored >= now);
    struct timespec utc;
    CHECK(timespec_get(&utc, TIME_UTC) == TIME_UTC && utc.tv_sec >= wall.tv_sec && utc.tv_sec - wall.tv_sec <= 2);
    CHECK(timespec_get(&utc, 0) == 0);
    struct timeval tv;
    CHECK(gettimeofday(&tv, 0) == 0 && tv.tv_sec >= wall.tv_sec && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    errno = 0;
    CHECK(clock_gettime(42, &a) == -1 && errno == EINVAL);
    struct timespec resolution = { 5, 5 };
    CHECK(clock_getres(CLOCK_MONOTONIC, &resolution) == 0 && resolution.tv_sec == 0 && resolution.tv_nsec > 0
        && resolution.tv_nsec <= 1000000);
    CHECK(clock_getres(CLOCK_REALTIME, 0) == 0);
    CHECK(clock_getres(42, &resolution) == -1 && errno == EINVAL);

    /* A 1 ms sleep lasts at least 1 ms on the monotonic clock; the wall clock moves too. */
    clock_t c0 = clock();
    struct timespec before, after, wall_before, wall_after;
    clock_gettime(CLOCK_MONOTONIC, &before);
    clock_gettime(CLOCK_REALTIME, &wall_before);
    struct timespec one_ms = { 0, 1000000 }, left = { 9, 9 };
    CHECK(nanosleep(&one_ms, &left) == 0);
    clock_gettime(CLOCK_MONOTONIC, &after);
    clock_gettime(CLOCK_REALTIME, &wall_after);
    CHECK(ns_of(&after) - ns_of(&before) >= 1000000);
    CHECK(ns_of(&wall_after) - ns_of(&wall_before) >= 500000); /* allows for a slewing host */
    clock_t c1 = clock();
    CHECK(c0 >= 0 && c1 - c0 >= CLOCKS_PER_SEC / 1000);
    struct timespec zero = { 0, 0 };
    CHECK(nanosleep(&zero, 0) == 0);

    struct timespec bad = { 0, 1000000000 };
    errno = 0;
    CHECK(nanosleep(&bad, 0) == -1 && errno == EINVAL);
    bad.tv_nsec = -1;
    errno = 0;
    CHECK(nanosleep(&bad, 0) == -1 && errno == EINVAL);
    struct timespec negative = { -1, 0 };
    errno = 0;
    CHECK(nanosleep(&negative, 0) == -1 && errno == EINVAL);
}

void test_time(void)
{
    check_calendar_walk();
    check_far_times();
    check_mktime();
    check_strftime();
    check_clocks();
}
