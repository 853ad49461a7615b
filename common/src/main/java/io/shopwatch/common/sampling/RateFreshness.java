package io.shopwatch.common.sampling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each stream's sampling rate was last published. performance-service publishes every rate below 1 again each
 * interval while it holds; a rate not repeated for {@code maxAge} (the stream went silent and its rate was never
 * raised, or performance-service stopped) has expired, and the stream is stored whole again.
 */
public final class RateFreshness {

    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, Instant> published = new ConcurrentHashMap<>();

    public RateFreshness(Clock clock, Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("the rate-max-age of published sampling rates must be positive");
        }
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** A rate of the stream was published at {@code at} (the record's timestamp: an old record is already stale). */
    public void published(String org, String stream, Instant at) {
        published.merge(key(org, stream), at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Whether the stream's latest rate was published within {@code maxAge}. */
    public boolean fresh(String org, String stream) {
        Instant at = published.get(key(org, stream));
        return at != null && !clock.instant().isAfter(at.plus(maxAge));
    }

    private static String key(String org, String stream) {
        return org + '/' + stream.toLowerCase(Locale.ROOT);
    }
}
