package io.shopwatch.metrics.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The samples-per-second limit of each org (Mimir's {@code ingestion_rate} and {@code ingestion_burst_size}): a token
 * bucket per org holding up to {@code burst} samples, refilled at {@code samplesPerSecond}. A request takes as many
 * tokens as it has samples, all or none. Time comes from the injected clock.
 */
public final class IngestionRate {

    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private final long samplesPerSecond;
    private final long burst;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public IngestionRate(long samplesPerSecond, long burst, Clock clock) {
        this.samplesPerSecond = samplesPerSecond;
        this.burst = burst;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return Math.multiplyExact(clock.millis(), 1_000_000L);
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    public long samplesPerSecond() {
        return samplesPerSecond;
    }

    public long burst() {
        return burst;
    }

    /**
     * Takes {@code samples} tokens of the org's bucket.
     *
     * @return {@code null} when taken; else how long to wait before sending again (at least a second)
     */
    public Duration tryAcquire(String org, long samples) {
        if (samples <= 0) {
            return null;
        }
        Bucket bucket = buckets.computeIfAbsent(org, o -> Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(burst)
                        .refillGreedy(samplesPerSecond, Duration.ofSeconds(1))
                        .build())
                .withCustomTimePrecision(time)
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(samples);
        if (probe.isConsumed()) {
            return null;
        }
        Duration wait = samples > burst ? LONGEST_WAIT : Duration.ofNanos(probe.getNanosToWaitForRefill());
        if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }
}
