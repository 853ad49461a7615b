package io.shopwatch.logging.ingest;

import io.shopwatch.common.event.Envelope;

/** What checking one record of a batch gives: an envelope for Kafka, or the reason it is rejected. */
public sealed interface MappedRecord {

    /** The record's id: the one it carried or the one generated for it; {@code null} for a rejected record without. */
    String id();

    /**
     * A record that goes to Kafka.
     *
     * @param key Kafka key (decides the partition, hence the order)
     * @param typeTag the type counted in {@code shopwatch_ingest_<kind>_accepted_total{type}} (a bounded set), or {@code null}
     */
    record Accepted(String id, String key, Envelope envelope, String typeTag) implements MappedRecord {}

    /** A record that does not go anywhere; the answer tells the caller why. */
    record Rejected(String id, RejectReason reason, String detail) implements MappedRecord {}
}
