package io.shopwatch.logging.ingest;

import io.shopwatch.common.event.Envelope;
import io.shopwatch.common.kafka.EnvelopeSerde;

/** What checking one record of a batch gives: its Kafka envelope, already serialised, or the reason it is rejected. */
public sealed interface MappedRecord {

    /** The record's id: the one it carried or the one generated for it; {@code null} for a rejected record without. */
    String id();

    /**
     * A record that goes to Kafka.
     *
     * @param key Kafka key (decides the partition, hence the order)
     * @param value the envelope as the producer sends it (the contract of {@link EnvelopeSerde})
     * @param typeTag the type counted in {@code shopwatch_ingest_<kind>_accepted_total{type}} (a bounded set), or {@code null}
     */
    record Accepted(String id, String key, byte[] value, String typeTag) implements MappedRecord {

        /** The envelope read back from {@link #value()}: for tests and diagnostics, never on the ingest path. */
        public Envelope envelope() {
            return new EnvelopeSerde().deserializer().deserialize(null, value);
        }
    }

    /** A record that does not go anywhere; the answer tells the caller why. */
    record Rejected(String id, RejectReason reason, String detail) implements MappedRecord {}
}
