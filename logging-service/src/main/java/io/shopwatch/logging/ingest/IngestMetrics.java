package io.shopwatch.logging.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters of one kind of ingestion ({@code logs}, {@code events}), resolved once so that a batch costs a few
 * increments, not a registry lookup per record. On {@code /actuator/prometheus} as {@code shopwatch_ingest_*}.
 */
public final class IngestMetrics {

    /** Outcome of a whole request, for the latency timer. */
    public enum Outcome {
        /** Answered 200 after Kafka acknowledged the accepted records. */
        STORED,
        /** Answered 503: Kafka did not acknowledge, or the service was saturated. */
        UNAVAILABLE,
        /** Answered 4xx: the body was unreadable, too large or of the wrong type. */
        REFUSED
    }

    private final MeterRegistry registry;
    private final String kind;
    private final Counter accepted;
    private final Counter unacknowledged;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter kafkaFailures;
    private final Counter throttled;
    private final DistributionSummary batchRecords;
    private final DistributionSummary batchBytes;
    private final Map<Outcome, Timer> latency = new EnumMap<>(Outcome.class);
    private final Map<String, Counter> byTag = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry, String kind) {
        this.registry = registry;
        this.kind = kind;
        this.accepted = records("accepted", "none");
        this.unacknowledged = records("failed", "kafka");
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, records("rejected", reason.code()));
        }
        this.kafkaFailures = Counter.builder("shopwatch.ingest.kafka.failures")
                .description("Batches Kafka did not acknowledge (answered 503)")
                .tag("kind", kind)
                .register(registry);
        this.throttled = Counter.builder("shopwatch.ingest.throttled")
                .description("Requests answered 503 because the in-flight byte budget stayed full")
                .tag("kind", kind)
                .register(registry);
        this.batchRecords = DistributionSummary.builder("shopwatch.ingest.batch.records")
                .description("Records per ingestion request")
                .baseUnit("records")
                .tag("kind", kind)
                .register(registry);
        this.batchBytes = DistributionSummary.builder("shopwatch.ingest.batch.bytes")
                .description("Body bytes per ingestion request, after decompression")
                .baseUnit("bytes")
                .tag("kind", kind)
                .register(registry);
        for (Outcome outcome : Outcome.values()) {
            latency.put(
                    outcome,
                    Timer.builder("shopwatch.ingest.latency")
                            .description("Time from request to answer, Kafka acknowledgement included")
                            .tag("kind", kind)
                            .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                            .publishPercentileHistogram()
                            .register(registry));
        }
    }

    private Counter records(String outcome, String reason) {
        return Counter.builder("shopwatch.ingest.records")
                .description("Ingested records by outcome (accepted, rejected, failed) and reject reason")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }

    public void batch(int records, int bytes) {
        batchRecords.record(records);
        batchBytes.record(bytes);
    }

    public void accepted(int count) {
        if (count > 0) {
            accepted.increment(count);
        }
    }

    public void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public void kafkaFailed(int records) {
        kafkaFailures.increment();
        if (records > 0) {
            unacknowledged.increment(records);
        }
    }

    public void throttled() {
        throttled.increment();
    }

    /**
     * Counts accepted records by a bounded tag ({@code shopwatch.ingest.<kind>.by.<name>}), e.g. events by type. The
     * caller keeps the set of values bounded.
     */
    public void acceptedBy(String name, String value, int count) {
        byTag.computeIfAbsent(value, v -> Counter.builder("shopwatch.ingest." + kind + ".accepted")
                        .description("Accepted " + kind + " by " + name)
                        .tag(name, v)
                        .register(registry))
                .increment(count);
    }

    public void latency(Outcome outcome, long nanos) {
        latency.get(outcome).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
