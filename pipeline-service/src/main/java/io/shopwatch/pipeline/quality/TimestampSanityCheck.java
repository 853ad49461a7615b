package io.shopwatch.pipeline.quality;

import io.shopwatch.pipeline.record.PipelineRecord;
import io.shopwatch.pipeline.stage.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Rejects records whose time lies outside the window the store accepts (OpenObserve's {@code ZO_INGEST_ALLOWED_UPTO}
 * hours back, {@code ZO_INGEST_ALLOWED_IN_FUTURE} hours ahead), before they are sent: the store would refuse them
 * anyway, and here the reason stays attached to the record in the dead-letter topic.
 */
public final class TimestampSanityCheck implements Stage {

    private final Clock clock;
    private final Duration allowedPast;
    private final Duration allowedFuture;

    public TimestampSanityCheck(Clock clock, Duration allowedPast, Duration allowedFuture) {
        this.clock = clock;
        this.allowedPast = allowedPast;
        this.allowedFuture = allowedFuture;
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
        Instant now = clock.instant();
        Instant timestamp = record.envelope().timestamp();
        if (timestamp.isBefore(now.minus(allowedPast))) {
            record.reject(
                    name(),
                    "timestamp " + timestamp + " is more than " + allowedPast.toHours()
                            + " hours old; the store accepts data up to that age");
        } else if (timestamp.isAfter(now.plus(allowedFuture))) {
            record.reject(
                    name(),
                    "timestamp " + timestamp + " is more than " + allowedFuture.toHours() + " hours in the future");
        }
    }
}
