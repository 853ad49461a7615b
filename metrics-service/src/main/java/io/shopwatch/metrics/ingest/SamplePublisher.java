package io.shopwatch.metrics.ingest;

import java.util.List;

/** Hands accepted samples to Kafka and returns only once Kafka acknowledged all of them. */
@FunctionalInterface
public interface SamplePublisher {

    /** One record to send: its key and the envelope's bytes. */
    record Outgoing(String key, byte[] value) {}

    /**
     * Sends the records and waits for their acknowledgement.
     *
     * @throws io.shopwatch.common.web.RetryLaterException 503 when Kafka did not acknowledge all of them in time
     */
    void publish(List<Outgoing> records);
}
