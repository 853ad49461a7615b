package io.shopwatch.logging.ingest;

import io.shopwatch.common.openobserve.OpenObserveTimestamps;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.JsonNode;

/**
 * Record timestamps as clients send them: an RFC 3339 string with an offset ({@code 2026-11-25T10:00:00.123Z},
 * {@code 2026-11-25 11:00:00+01:00}), or a number of seconds, milliseconds, microseconds or nanoseconds since the
 * epoch (a JSON number or a string of digits). The unit of a number is told by its size with OpenObserve's own rule
 * ({@link OpenObserveTimestamps#unitOf}), so the store reads the same instant: up to 3.15e10 seconds, then milliseconds,
 * microseconds, nanoseconds (1971-01-01 in each unit is the boundary).
 */
public final class Timestamps {

    private static final String EXPECTED = "must be RFC 3339 with an offset (2026-11-25T10:00:00Z) or epoch"
            + " seconds, milliseconds, microseconds or nanoseconds";

    private Timestamps() {}

    /** The instant of a timestamp field, {@code fallback} when it is absent or null. */
    public static Instant parse(JsonNode node, Instant fallback) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw invalid(node.asString());
            }
            return fromEpoch(node.longValue(), node.asString());
        }
        if (node.isNumber()) {
            return fromEpoch(node.decimalValue(), node.asString());
        }
        if (node.isString()) {
            return parse(node.stringValue());
        }
        throw new InvalidRecordException(
                RejectReason.INVALID_TIMESTAMP, "/timestamp: " + EXPECTED + ", not " + Fields.typeOf(node));
    }

    /** The instant of a timestamp string: RFC 3339 or digits. */
    public static Instant parse(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            throw invalid(text);
        }
        if (isDecimal(value)) {
            if (value.indexOf('.') < 0 && value.length() <= 18) {
                return fromEpoch(Long.parseLong(value), text);
            }
            return fromEpoch(new BigDecimal(value), text);
        }
        Instant fast = parseUtcFast(value);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(rfc3339ToIso(value), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException e) {
            throw invalid(text);
        }
    }

    /**
     * The common case without java.time's parser: {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} (also 't', 'z' or a space).
     * {@code null} for anything else, which then goes to the full parser.
     */
    private static Instant parseUtcFast(String v) {
        int length = v.length();
        if (length < 20 || (v.charAt(length - 1) != 'Z' && v.charAt(length - 1) != 'z')) {
            return null;
        }
        char t = v.charAt(10);
        if (v.charAt(4) != '-'
                || v.charAt(7) != '-'
                || (t != 'T' && t != 't' && t != ' ')
                || v.charAt(13) != ':'
                || v.charAt(16) != ':') {
            return null;
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 7);
        int day = digits(v, 8, 10);
        int hour = digits(v, 11, 13);
        int minute = digits(v, 14, 16);
        int second = digits(v, 17, 19);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        int end = length - 1;
        if (end > 19) {
            int fractionDigits = end - 20;
            if (v.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(v, 20, end);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code v[from, to)}, -1 when a character is not a digit. */
    private static int digits(String v, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static Instant fromEpoch(long value, String text) {
        if (value < 0) {
            throw invalid(text);
        }
        return switch (OpenObserveTimestamps.unitOf(value)) {
            case SECONDS -> Instant.ofEpochSecond(value);
            case MILLISECONDS -> Instant.ofEpochMilli(value);
            case MICROSECONDS -> Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000);
            default -> Instant.ofEpochSecond(value / 1_000_000_000, value % 1_000_000_000);
        };
    }

    private static Instant fromEpoch(BigDecimal value, String text) {
        if (value.signum() < 0) {
            throw invalid(text);
        }
        long integral = value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : value.longValue();
        BigDecimal seconds =
                switch (OpenObserveTimestamps.unitOf(integral)) {
                    case SECONDS -> value;
                    case MILLISECONDS -> value.movePointLeft(3);
                    case MICROSECONDS -> value.movePointLeft(6);
                    default -> value.movePointLeft(9);
                };
        try {
            long whole = seconds.longValueExact();
            return Instant.ofEpochSecond(whole);
        } catch (ArithmeticException fractional) {
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole))
                    .movePointRight(9)
                    .longValue();
            try {
                return Instant.ofEpochSecond(whole, nanos);
            } catch (DateTimeException e) {
                throw invalid(text);
            }
        } catch (DateTimeException e) {
            throw invalid(text);
        }
    }

    /** RFC 3339 allows a space for the 'T' and lower-case 't' and 'z'; java.time's ISO parser wants 'T' and 'Z'. */
    private static String rfc3339ToIso(String value) {
        if (value.length() > 10) {
            char separator = value.charAt(10);
            if (separator == ' ' || separator == 't') {
                value = value.substring(0, 10) + 'T' + value.substring(11);
            }
        }
        if (value.endsWith("z")) {
            value = value.substring(0, value.length() - 1) + 'Z';
        }
        return value;
    }

    private static boolean isDecimal(String value) {
        boolean dot = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.' && !dot && i > 0 && i < value.length() - 1) {
                dot = true;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static InvalidRecordException invalid(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return new InvalidRecordException(RejectReason.INVALID_TIMESTAMP, "/timestamp: '" + shown + "' " + EXPECTED);
    }
}
