package io.shopwatch.logging.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.openobserve.OpenObserveTimestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TimestampsTest {

    static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    static final Instant FALLBACK = Instant.parse("2000-01-01T00:00:00Z");

    static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"2026-11-25T12:00:00Z\"",
                "\"2026-11-25T13:00:00+01:00\"",
                "\"2026-11-25T07:00:00-05:00\"",
                "\"2026-11-25t12:00:00z\"",
                "\"2026-11-25 12:00:00Z\"",
                "\"2026-11-25T12:00:00.000000000Z\"",
                "1795608000",
                "1795608000000",
                "1795608000000000",
                "1795608000000000000",
                "\"1795608000000\"",
                "1795608000.0"
            })
    void parse_everyAcceptedForm_isTheSameInstant(String value) {
        assertThat(Timestamps.parse(json(value), FALLBACK)).isEqualTo(NOON);
    }

    @Test
    void parse_keepsFractions() {
        assertThat(Timestamps.parse(json("\"2026-11-25T12:00:00.123456789Z\""), FALLBACK))
                .isEqualTo(NOON.plusNanos(123_456_789));
        assertThat(Timestamps.parse(json("1795608000123"), FALLBACK)).isEqualTo(NOON.plusMillis(123));
        assertThat(Timestamps.parse(json("1795608000123456"), FALLBACK)).isEqualTo(NOON.plusNanos(123_456_000));
        assertThat(Timestamps.parse(json("1795608000.5"), FALLBACK)).isEqualTo(NOON.plusMillis(500));
    }

    @ParameterizedTest
    @ValueSource(longs = {31_536_001L, 40_000_000_000L, 50_000_000_000_000L, 40_000_000_000_000_000L, 1795608000123L})
    void parse_numbers_readInTheSameUnitAsTheStore(long value) {
        long storeMicros = OpenObserveTimestamps.fromNumber(value, 0);

        assertThat(Timestamps.parse(json(Long.toString(value)), FALLBACK))
                .isEqualTo(Instant.EPOCH.plus(storeMicros, ChronoUnit.MICROS));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"2026-02-29T12:00:00Z\"",
                "\"2026-11-31T12:00:00Z\"",
                "\"2026-11-25T24:00:00Z\"",
                "\"2026-11-25T12:60:00Z\"",
                "\"2026-11-25T12:00:00.1234567890Z\"",
                "\"2026-11-25X12:00:00Z\""
            })
    void parse_impossibleUtcTimes_areRejected(String value) {
        assertThatThrownBy(() -> Timestamps.parse(json(value), FALLBACK)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void parse_leapDayAndFractions_inTheFastForm() {
        assertThat(Timestamps.parse(json("\"2028-02-29T00:00:00.000001Z\""), FALLBACK))
                .isEqualTo(Instant.parse("2028-02-29T00:00:00.000001Z"));
    }

    @Test
    void parse_absentOrNull_isTheFallback() {
        assertThat(Timestamps.parse(null, FALLBACK)).isEqualTo(FALLBACK);
        assertThat(Timestamps.parse(json("null"), FALLBACK)).isEqualTo(FALLBACK);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"2026-11-25T12:00:00\"",
                "\"2026-11-25\"",
                "\"yesterday\"",
                "\"\"",
                "-1",
                "\"-5\"",
                "true",
                "{}",
                "99999999999999999999999"
            })
    void parse_anythingElse_isRejectedAsInvalidTimestamp(String value) {
        assertThatThrownBy(() -> Timestamps.parse(json(value), FALLBACK))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason())
                        .isEqualTo(RejectReason.INVALID_TIMESTAMP))
                .hasMessageStartingWith("/timestamp: ");
    }
}
