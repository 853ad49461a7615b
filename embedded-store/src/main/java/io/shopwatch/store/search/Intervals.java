package io.shopwatch.store.search;

import io.shopwatch.store.error.StoreException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Interval texts of {@code histogram()} ({@code '10 second'}, {@code '5 minutes'}, {@code '1h'}) and the automatic choice. */
public final class Intervals {

    private static final Pattern PART = Pattern.compile("(\\d+)\\s*([a-z]+)");
    private static final long SECOND = 1_000_000L;

    private Intervals() {}

    /** Microseconds of an interval text; a bare number is seconds. */
    public static long parseMicros(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+")) {
            return Long.parseLong(t) * SECOND;
        }
        Matcher m = PART.matcher(t);
        long total = 0;
        int end = 0;
        while (m.find()) {
            if (!t.substring(end, m.start()).isBlank()) {
                throw invalid(text);
            }
            total += Long.parseLong(m.group(1)) * unit(m.group(2), text);
            end = m.end();
        }
        if (total <= 0 || !t.substring(end).isBlank()) {
            throw invalid(text);
        }
        return total;
    }

    private static long unit(String unit, String text) {
        return switch (unit) {
            case "us", "microsecond", "microseconds" -> 1;
            case "ms", "millisecond", "milliseconds" -> 1_000;
            case "s", "sec", "secs", "second", "seconds" -> SECOND;
            case "m", "min", "mins", "minute", "minutes" -> 60 * SECOND;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600 * SECOND;
            case "d", "day", "days" -> 86_400 * SECOND;
            case "w", "week", "weeks" -> 7 * 86_400 * SECOND;
            default -> throw invalid(text);
        };
    }

    private static StoreException invalid(String text) {
        return StoreException.sqlNotValid("invalid histogram interval: " + text);
    }

    /** OpenObserve's automatic histogram interval for a time range, in seconds. */
    public static long autoSeconds(long startMicros, long endMicros) {
        if (startMicros == 0 && endMicros == 0) {
            return 3_600;
        }
        long range = endMicros - startMicros;
        long hour = 3_600 * SECOND;
        long day = 24 * hour;
        if (range >= 60 * day) {
            return 86_400;
        }
        if (range >= 30 * day) {
            return 12 * 3_600;
        }
        if (range >= 28 * day) {
            return 6 * 3_600;
        }
        if (range >= 21 * day) {
            return 3 * 3_600;
        }
        if (range >= 15 * day) {
            return 2 * 3_600;
        }
        if (range >= 6 * hour) {
            return 3_600;
        }
        if (range >= 2 * hour) {
            return 60;
        }
        if (range >= hour) {
            return 30;
        }
        if (range >= 30 * 60 * SECOND) {
            return 15;
        }
        if (range >= 10 * SECOND) {
            return 10;
        }
        return 1;
    }
}
