package io.shopwatch.alert.timeinterval;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One entry of an Alertmanager {@code time_intervals} definition. Every non-null list must contain the instant
 * (times are start-inclusive, end-exclusive minutes of the day; all other ranges are inclusive); a null list means "any".
 * Weekdays count from Sunday = 0, days of the month may be negative (counted from the end of the month).
 *
 * @param times minute ranges of the day
 * @param weekdays weekday ranges (0 = Sunday)
 * @param daysOfMonth day-of-month ranges, negative from the end
 * @param months month ranges (1 = January)
 * @param years year ranges
 * @param location time zone in which the ranges are read (UTC when null)
 */
public record TimeInterval(
        List<Range> times,
        List<Range> weekdays,
        List<Range> daysOfMonth,
        List<Range> months,
        List<Range> years,
        ZoneId location) {

    /** An inclusive range, or for {@code times} a start-inclusive, end-exclusive one. */
    public record Range(int begin, int end) {}

    /** Whether the instant lies in this interval (Alertmanager's {@code ContainsTime}). */
    public boolean contains(Instant instant) {
        ZonedDateTime t = instant.atZone(location == null ? ZoneOffset.UTC : location);
        if (times != null) {
            int minute = t.getHour() * 60 + t.getMinute();
            if (times.stream().noneMatch(r -> minute >= r.begin() && minute < r.end())) {
                return false;
            }
        }
        if (daysOfMonth != null) {
            int daysInMonth = t.toLocalDate().lengthOfMonth();
            boolean in = false;
            for (Range r : daysOfMonth) {
                int begin = r.begin() < 0 ? daysInMonth + r.begin() + 1 : r.begin();
                int end = r.end() < 0 ? daysInMonth + r.end() + 1 : r.end();
                if (begin > daysInMonth) {
                    continue;
                }
                begin = Math.max(-daysInMonth, Math.min(begin, daysInMonth));
                end = Math.max(-daysInMonth, Math.min(end, daysInMonth));
                if (t.getDayOfMonth() >= begin && t.getDayOfMonth() <= end) {
                    in = true;
                    break;
                }
            }
            if (!in) {
                return false;
            }
        }
        if (months != null && !inAny(months, t.getMonthValue())) {
            return false;
        }
        if (weekdays != null && !inAny(weekdays, t.getDayOfWeek().getValue() % 7)) {
            return false;
        }
        return years == null || inAny(years, t.getYear());
    }

    private static boolean inAny(List<Range> ranges, int value) {
        for (Range r : ranges) {
            if (value >= r.begin() && value <= r.end()) {
                return true;
            }
        }
        return false;
    }

    /** Whether any of the intervals contains the instant. */
    public static boolean anyContains(List<TimeInterval> intervals, Instant instant) {
        for (TimeInterval interval : intervals) {
            if (interval.contains(instant)) {
                return true;
            }
        }
        return false;
    }
}
