package io.shopwatch.common.kafka;

import io.shopwatch.common.event.TelemetryType;

/** Names of ShopWatch's Kafka topics. Raw topics are written by the ingestion services and read by the pipeline. */
public final class Topics {

    public static final String LOGS_RAW = "shopwatch.logs.raw";
    public static final String EVENTS_RAW = "shopwatch.events.raw";
    public static final String METRICS_RAW = "shopwatch.metrics.raw";
    public static final String SPANS_RAW = "shopwatch.spans.raw";

    /** Records the pipeline has stored in OpenObserve; feeds live tail and real-time alert rules. */
    public static final String STORED = "shopwatch.stored";

    /** Platform change events: configuration versions, rule and dashboard changes, audit entries. */
    public static final String CONFIG_CHANGES = "shopwatch.config.changes";

    public static final String AUDIT = "shopwatch.audit";

    /**
     * Sampling rates of over-budget streams, published by performance-service (key {@code org/stream}, latest value
     * wins); the pipeline applies them.
     */
    public static final String SAMPLING = "shopwatch.sampling";

    private static final String DLQ_SUFFIX = ".dlq";

    private Topics() {}

    /** The raw topic a kind of telemetry is ingested into. */
    public static String raw(TelemetryType type) {
        return switch (type) {
            case LOG -> LOGS_RAW;
            case EVENT -> EVENTS_RAW;
            case METRIC -> METRICS_RAW;
            case SPAN -> SPANS_RAW;
        };
    }

    /** The dead-letter topic of a topic: rejected records go there with their reason. */
    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }

    public static boolean isDeadLetter(String topic) {
        return topic.endsWith(DLQ_SUFFIX);
    }
}
