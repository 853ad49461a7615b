package io.shopwatch.backup.stream;

import java.time.Duration;
import java.time.Instant;

/**
 * OpenObserve's ingestion time window as this service is told it ({@code ZO_INGEST_ALLOWED_UPTO} and
 * {@code ZO_INGEST_ALLOWED_IN_FUTURE} of the store it restores into): records outside it are refused by every ingestion
 * path. {@code margin} narrows it, so that a record at the edge does not fall out of the window while a long restore
 * runs.
 */
public record IngestionWindow(Duration allowedUpto, Duration allowedInFuture, Duration margin) {

    /** The oldest {@code _timestamp} (µs) that will still be accepted during a restore starting at {@code now}. */
    public long oldestAccepted(Instant now) {
        return micros(now.minus(allowedUpto).plus(margin));
    }

    /** The newest {@code _timestamp} (µs) accepted. */
    public long newestAccepted(Instant now) {
        return micros(now.plus(allowedInFuture).minus(margin));
    }

    /** The whole hours {@code ZO_INGEST_ALLOWED_UPTO} must be raised to for a record at {@code oldestMicros}. */
    public long hoursNeededFor(long oldestMicros, Instant now) {
        long ageMicros = micros(now) - oldestMicros + margin.toNanos() / 1000;
        return Math.max(1, (ageMicros + 3_600_000_000L - 1) / 3_600_000_000L);
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
