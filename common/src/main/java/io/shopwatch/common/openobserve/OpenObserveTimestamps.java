package io.shopwatch.common.openobserve;

import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenObserve's {@code _timestamp} rules ({@code src/config/src/utils/time.rs}), the one copy every ShopWatch service uses. Numbers are read by magnitude against
 * 1971-01-01: beyond it in nanoseconds they are nanoseconds, else in microseconds microseconds, else in milliseconds
 * milliseconds, else seconds; 0 means "now". Strings holding a number follow the same rule; otherwise
 * {@code YYYY-MM-DD HH:MM:SS}, {@code YYYY-MM-DDTHH:MM:SS[.fff|.ffffff]} (UTC), RFC 3339 and RFC 2822 are accepted.
 */
public final class OpenObserveTimestamps {

    /** 1971-01-01T00:00:00Z in seconds. */
    private static final long BASE_SECONDS = 31_536_000L;

    private static final long BASE_NANOS = BASE_SECONDS * 1_000_000_000L;
    private static final long BASE_MICROS = BASE_SECONDS * 1_000_000L;
    private static final long BASE_MILLIS = BASE_SECONDS * 1_000L;

    private static final DateTimeFormatter SPACE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter T_FRACTION = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final Map<String, String> OBSOLETE_ZONES = Map.ofEntries(
            Map.entry("UT", "+0000"),
            Map.entry("GMT", "+0000"),
            Map.entry("UTC", "+0000"),
            Map.entry("Z", "+0000"),
            Map.entry("EST", "-0500"),
            Map.entry("EDT", "-0400"),
            Map.entry("CST", "-0600"),
            Map.entry("CDT", "-0500"),
            Map.entry("MST", "-0700"),
            Map.entry("MDT", "-0600"),
            Map.entry("PST", "-0800"),
            Map.entry("PDT", "-0700"));

    private OpenObserveTimestamps() {}

    /** Thrown for a value that is not a timestamp. */
    public static final class InvalidTimestampException extends IllegalArgumentException {
        InvalidTimestampException(String message) {
            super(message);
        }
    }

    /**
     * Microseconds of a JSON value (String, Long, BigInteger, Double); {@code nowMicros} for 0.
     *
     * @throws InvalidTimestampException when the value is not a timestamp
     */
    public static long micros(Object value, long nowMicros) {
        if (value instanceof Long l) {
            return fromNumber(l, nowMicros);
        }
        if (value instanceof BigInteger b) {
            return fromNumber(b.longValue(), nowMicros);
        }
        if (value instanceof Double d) {
            return fromNumber(d.longValue(), nowMicros);
        }
        if (value instanceof String s) {
            return fromString(s.trim(), nowMicros);
        }
        throw new InvalidTimestampException("Invalid time format [type]");
    }

    /** The magnitude rule: ns, µs, ms or s. */
    public static long fromNumber(long v, long nowMicros) {
        if (v == 0) {
            return nowMicros;
        }
        return switch (unitOf(v)) {
            case NANOSECONDS -> v / 1000;
            case MICROSECONDS -> v;
            case MILLISECONDS -> v * 1000;
            default -> v * 1_000_000;
        };
    }

    /**
     * The unit OpenObserve reads a number of in: nanoseconds beyond 1971-01-01 in nanoseconds, else microseconds beyond
     * it in microseconds, else milliseconds beyond it in milliseconds, else seconds.
     */
    public static TimeUnit unitOf(long v) {
        if (v > BASE_NANOS) {
            return TimeUnit.NANOSECONDS;
        }
        if (v > BASE_MICROS) {
            return TimeUnit.MICROSECONDS;
        }
        if (v > BASE_MILLIS) {
            return TimeUnit.MILLISECONDS;
        }
        return TimeUnit.SECONDS;
    }

    private static long fromString(String s, long nowMicros) {
        try {
            return fromNumber(Long.parseLong(s), nowMicros);
        } catch (NumberFormatException notAnInteger) {
            // try the other forms
        }
        try {
            return fromNumber((long) Double.parseDouble(s), nowMicros);
        } catch (NumberFormatException notANumber) {
            // a date
        }
        try {
            if (s.contains(" ") && s.length() == 19) {
                return micros(LocalDateTime.parse(s, SPACE).toInstant(ZoneOffset.UTC));
            }
            if (s.contains("T") && !s.contains(" ")) {
                boolean zoned = s.endsWith("Z") || s.lastIndexOf('+') > 10 || s.lastIndexOf('-') > 10;
                if (!zoned) {
                    int dot = s.indexOf('.');
                    int fraction = dot < 0 ? 0 : s.length() - dot - 1;
                    if (s.length() == 19 || fraction == 3 || fraction == 6) {
                        return micros(LocalDateTime.parse(s, T_FRACTION).toInstant(ZoneOffset.UTC));
                    }
                    throw new InvalidTimestampException("Can't parse timestamp");
                }
                return micros(OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant());
            }
            return micros(rfc2822(s).toInstant());
        } catch (DateTimeParseException e) {
            throw new InvalidTimestampException("Can't parse timestamp");
        }
    }

    private static ZonedDateTime rfc2822(String s) {
        String value = s;
        int space = value.lastIndexOf(' ');
        if (space > 0) {
            String zone = value.substring(space + 1);
            String offset = OBSOLETE_ZONES.get(zone);
            if (offset != null) {
                value = value.substring(0, space + 1) + offset;
            }
        }
        return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
    }

    private static long micros(java.time.Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
