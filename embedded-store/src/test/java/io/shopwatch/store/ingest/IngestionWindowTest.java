package io.shopwatch.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IngestionWindowTest {

    private static final long HOUR = 3_600_000_000L;
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
    private final IngestionWindow window = new IngestionWindow(clock, 5, 24);
    private final long now = window.nowMicros();

    @Test
    void nowMicros_comesFromTheClock() {
        assertThat(now).isEqualTo(Instant.parse("2026-01-01T12:00:00Z").toEpochMilli() * 1000);
    }

    @Test
    void check_acceptsTheWindowInclusive() {
        assertThat(window.check(now, now)).isEmpty();
        assertThat(window.check(now - 5 * HOUR, now)).isEmpty();
        assertThat(window.check(now + 24 * HOUR, now)).isEmpty();
    }

    @Test
    void check_refusesOldRecordsWithOpenObservesMessage() {
        assertThat(window.check(now - 5 * HOUR - 1, now))
                .contains("Too old data, only last 5 hours data can be ingested. Data discarded. You can adjust"
                        + " ingestion max time by setting the environment variable ZO_INGEST_ALLOWED_UPTO=<max_hours>");
    }

    @Test
    void check_refusesRecordsTooFarInTheFuture() {
        assertThat(window.check(now + 24 * HOUR + 1, now))
                .contains("Too far data, only future 24 hours data can be ingested. Data discarded. You can adjust"
                        + " ingestion max time by setting the environment variable"
                        + " ZO_INGEST_ALLOWED_IN_FUTURE=<max_hours>");
    }

    @Test
    void check_followsTheConfiguredHours() {
        IngestionWindow wide = new IngestionWindow(clock, 48, 1);
        assertThat(wide.check(now - 47 * HOUR, now)).isEmpty();
        assertThat(wide.check(now + 2 * HOUR, now))
                .hasValueSatisfying(m -> assertThat(m).contains("future 1 hours"));
    }
}
