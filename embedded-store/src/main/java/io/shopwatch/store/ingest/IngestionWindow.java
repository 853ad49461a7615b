package io.shopwatch.store.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * OpenObserve's ingestion time window: records older than {@code allowedUpto} hours or more than
 * {@code allowedInFuture} hours ahead of now are refused with OpenObserve's messages (and counted as failed, never
 * dropped silently).
 */
public final class IngestionWindow {

    private final Clock clock;
    private final long allowedUptoHours;
    private final long allowedInFutureHours;

    public IngestionWindow(Clock clock, long allowedUptoHours, long allowedInFutureHours) {
        this.clock = clock;
        this.allowedUptoHours = allowedUptoHours;
        this.allowedInFutureHours = allowedInFutureHours;
    }

    /** Now, in µs, from the window's clock. */
    public long nowMicros() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Why a timestamp is refused, or empty when it is inside the window relative to {@code nowMicros}. */
    public Optional<String> check(long timestampMicros, long nowMicros) {
        long oldest = nowMicros - Duration.ofHours(allowedUptoHours).toNanos() / 1000;
        long newest = nowMicros + Duration.ofHours(allowedInFutureHours).toNanos() / 1000;
        if (timestampMicros < oldest) {
            return Optional.of("Too old data, only last " + allowedUptoHours
                    + " hours data can be ingested. Data discarded. You can adjust ingestion max time by setting the"
                    + " environment variable ZO_INGEST_ALLOWED_UPTO=<max_hours>");
        }
        if (timestampMicros > newest) {
            return Optional.of("Too far data, only future " + allowedInFutureHours
                    + " hours data can be ingested. Data discarded. You can adjust ingestion max time by setting the"
                    + " environment variable ZO_INGEST_ALLOWED_IN_FUTURE=<max_hours>");
        }
        return Optional.empty();
    }
}
