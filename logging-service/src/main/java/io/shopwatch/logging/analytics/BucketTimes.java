package io.shopwatch.logging.analytics;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * Reads the time of a {@code histogram(...)} bucket as OpenObserve answers it, in microseconds since the epoch.
 *
 * <p>OpenObserve renders DataFusion timestamps with Arrow's JSON writer: ISO-8601 without a zone, in UTC unless the
 * query named a {@code timezone} ({@code 2026-12-06T02:34:00}), with 3, 6 or 9 fraction digits when the value has
 * them ({@code 2026-12-06T02:34:00.250}). The same text with a {@code Z} or an offset, with a space instead of the
 * {@code T}, and plain numbers (microseconds, as every OpenObserve data timestamp; also as a numeric string) are read
 * too, so that a store or a query frontend that answers one of those forms gives the same series.
 */
final class BucketTimes {

    private BucketTimes() {}

    /**
     * @return microseconds since the epoch
     * @throws IllegalArgumentException when the value is none of the forms above
     */
    static long micros(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("bucket time is missing or not a timestamp: " + value);
        }
        String trimmed = text.trim();
        if (isInteger(trimmed)) {
            return Long.parseLong(trimmed);
        }
        String iso = trimmed.length() > 10 && trimmed.charAt(10) == ' '
                ? trimmed.substring(0, 10) + 'T' + trimmed.substring(11)
                : trimmed;
        try {
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
            OffsetDateTime time = parsed instanceof OffsetDateTime offset
                    ? offset
                    : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
            return ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bucket time is not a timestamp: " + text, e);
        }
    }

    private static boolean isInteger(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start || text.length() > 19) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
