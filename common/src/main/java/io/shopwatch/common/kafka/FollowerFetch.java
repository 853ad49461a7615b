package io.shopwatch.common.kafka;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Fetch settings of the consumers that follow a busy topic beside the record path (the readers of
 * {@code shopwatch.stored}, the live tail): the broker answers a fetch once it holds {@link #MIN_BYTES} for the
 * consumer, or after {@link #MAX_WAIT_MS} when there is less.
 *
 * <p>With Kafka's default ({@code fetch.min.bytes=1}) such a consumer fetches again as soon as any record is there,
 * and at tens of thousands of records a second it spends its CPU, and the broker's, on many small fetches. With these
 * settings metrics-service's reader costs 2.7–3.2 µs per stored record instead of 3.1–4.0; performance-service's
 * stays at 6.3–6.9 µs, most of it reading the records (docs/benchmarks.md, "2026-12-07, afternoon"). A record waits
 * at most {@link #MAX_WAIT_MS} longer to be seen, and only while records are few.
 */
public final class FollowerFetch {

    /** Bytes the broker gathers before it answers a fetch: some hundreds of stored records. */
    public static final int MIN_BYTES = 256 * 1024;

    /** Longest the broker holds a fetch that has fewer bytes. */
    public static final int MAX_WAIT_MS = 100;

    private FollowerFetch() {}

    /** The two consumer settings, to add to a consumer's configuration. */
    public static Map<String, Object> settings() {
        return Map.of(
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, MIN_BYTES,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, MAX_WAIT_MS);
    }
}
