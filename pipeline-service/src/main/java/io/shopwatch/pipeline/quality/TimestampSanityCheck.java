package io.shopwatch.pipeline.quality;

import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Rejects records whose time lies outside the window the store accepts (OpenObserve's {@code ZO_INGEST_ALLOWED_UPTO}
 * hours back, {@code ZO_INGEST_ALLOWED_IN_FUTURE} hours ahead), before they are sent: the store would refuse them
 * anyway, and here the reason stays attached to the record in the dead-letter topic.
 */
public final class TimestampSanityCheck implements Stage {

    private final Clock clock;
    private final Duration allowedPast;
    private final Duration allowedFuture;
    private final long pastMicros;
    private final long futureMicros;

    public TimestampSanityCheck(Clock clock, Duration allowedPast, Duration allowedFuture) {
        this.clock = clock;
        this.allowedPast = allowedPast;
        this.allowedFuture = allowedFuture;
        this.pastMicros = allowedPast.toNanos() / 1000;
        this.futureMicros = allowedFuture.toNanos() / 1000;
    }

    @Override
    public String name() {
        return "timestamp_sanity";
    }

    @Override
    public Phase phase() {
        return Phase.QUALITY;
    }

    @Override
    public void apply(PipelineRecord record) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        long micros = record.timestampMicros();
        if (micros >= now - pastMicros && micros <= now + futureMicros) {
            return;
        }
        Instant timestamp = record.timestamp();
        if (micros < now - pastMicros) {
            record.reject(
                    name(),
                    "timestamp " + timestamp + " is more than " + allowedPast.toHours()
                            + " hours old; the store accepts data up to that age");
        } else {
            record.reject(
                    name(),
                    "timestamp " + timestamp + " is more than " + allowedFuture.toHours() + " hours in the future");
        }
    }
}
